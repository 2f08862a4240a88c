"""The person behind a case: intake (register a person and open their case), the Person tab,
its edit page and consents, and the person's rights over their data (subject-access record,
anonymisation). Person pages hang under the case URL, so every lookup is case-scoped."""

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.audit.services import record
from returnsvc.cases import services, subject
from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.queries import newest_visible_case_of
from returnsvc.core.db import utcnow
from returnsvc.core.enums import IsicSection
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.returnees.duplicates import find_possible_duplicates
from returnsvc.returnees.forms import AnonymiseForm, ConsentForm, EditPersonForm, IntakeForm
from returnsvc.returnees.models import ConsentKind
from returnsvc.returnees.queries import consent_recorders

bp = Blueprint("person", __name__)


class Register(FormPage):
    """Intake. Possible duplicates are shown before anything is saved; registering anyway
    needs a reason, which is kept with each duplicate the counsellor saw."""

    template = "person/register.html"
    form_class = IntakeForm

    def load(self):
        return {"duplicates": []}

    def save(self, form, context):
        person = form.person_data()
        duplicates = context["duplicates"] = find_possible_duplicates(person)
        reason = (form.duplicate_reason.data or "").strip()
        if duplicates and not reason:
            message = _l(
                "Check the possible duplicates above. To register a new person anyway, say why."
            )
            raise Refusal(message, "duplicate_reason")
        return services.register_and_open(
            person,
            form.migration_data(),
            {kind for kind in ConsentKind if form[f"consent_{kind.value}"].data},
            office=current_user.office,
            actor=current_user,
            overrides=[(d.returnee.id, d.rule, reason) for d in duplicates],
        )

    def message(self, case, context):
        return message_with(
            _("%(name)s is registered and case %(reference)s is open."),
            name=case.returnee.full_name,
            reference=case.reference,
        )

    def done_url(self, case, context):
        return url_for("cases.detail", case_id=case.id)

    def render(self, form, context):
        duplicates = context["duplicates"]
        ids = [d.returnee.id for d in duplicates]
        return render_template(
            self.template,
            form=form,
            duplicates=duplicates,
            visible_cases=newest_visible_case_of(ids, current_user),
        )


add_page(bp, "/returnees/new", Register, Permission.WORK_ON_CASES, endpoint="register")


@bp.route("/cases/<int:case_id>/person")
@require_permission(Permission.VIEW_CASES)
def profile(case_id: int):
    case = viewed_case(case_id, "person")
    return render_template(
        "person/profile.html",
        case=case,
        person=case.returnee,
        recorders=consent_recorders(case.returnee),
        consent_form=ConsentForm(),
        IsicSection=IsicSection,
    )


class Edit(FormPage):
    template = "person/edit.html"

    def load(self, case_id):
        case = workable_case(case_id)
        if case.returnee.is_anonymised:
            abort(404)
        return {"case": case, "item": case.returnee}

    def make_form(self, context):
        person = context["item"]
        form = EditPersonForm(obj=person)
        if not form.is_submitted():
            form.fill_from(person)
        return form

    def save(self, form, context):
        return services.edit_person(
            context["case"],
            form.person_data(),
            form.migration_data(),
            version=form.version.data,
            actor=current_user,
        )

    def done_url(self, result, context):
        return url_for("person.profile", case_id=context["case"].id)


add_page(bp, "/cases/<int:case_id>/person/edit", Edit, Permission.WORK_ON_CASES, endpoint="edit")


@bp.route(
    "/cases/<int:case_id>/person/consents/<kind>/<any(give, withdraw):action>", methods=["POST"]
)
@require_permission(Permission.WORK_ON_CASES)
def change_consent(case_id: int, kind: str, action: str):
    case = workable_case(case_id)
    try:
        consent = ConsentKind(kind)
    except ValueError:
        abort(404)
    if not ConsentForm().validate_on_submit():
        abort(400)
    try:
        services.change_consent(case, consent, action == "give", actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal, "warning")
    else:
        flash(_l("Consent recorded.") if action == "give" else _l("Consent withdrawn."), "success")
    return redirect(url_for("person.profile", case_id=case.id))


@bp.route("/cases/<int:case_id>/person/export.json")
@require_permission(Permission.EXPORT_SUBJECT_DATA)
def export_json(case_id: int):
    case = viewed_case(case_id, "export")
    data = subject.subject_record(case.returnee, current_user)
    record(
        "returnee.exported", actor=current_user, target=case.returnee, changes={"format": "json"}
    )
    filename = f"returnee-{case.returnee.id}.json"
    return Response(
        subject.subject_json(data),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/cases/<int:case_id>/person/record")
@require_permission(Permission.EXPORT_SUBJECT_DATA)
def printable(case_id: int):
    case = viewed_case(case_id, "printable")
    record(
        "returnee.exported", actor=current_user, target=case.returnee, changes={"format": "print"}
    )
    return render_template(
        "cases/record.html",
        case=case,
        data=subject.subject_record(case.returnee, current_user),
        sections=subject.sections(),
        # Issued by the viewer's office (an administrator has none: the case's).
        office=current_user.office or case.office,
        printed_at=utcnow(),
    )


class Anonymise(FormPage):
    template = "person/anonymise.html"
    form_class = AnonymiseForm

    def load(self, case_id):
        case = viewed_case(case_id, "anonymise")
        if case.returnee.is_anonymised:
            flash(_l("This person's record has already been anonymised."), "info")
            abort(redirect(url_for("person.profile", case_id=case_id)))
        return {"case": case, "person": case.returnee}

    def save(self, form, context):
        person = context["person"]
        if form.confirm_name.data.strip().casefold() != person.first_surname.casefold():
            raise Refusal(_l("This is not the person's first surname."), "confirm_name")
        subject.anonymise(person, actor=current_user)

    def message(self, result, context):
        return _l("The record has been anonymised.")

    def done_url(self, result, context):
        return url_for("person.profile", case_id=context["case"].id)


add_page(
    bp,
    "/cases/<int:case_id>/person/anonymise",
    Anonymise,
    Permission.ANONYMISE_RETURNEES,
    endpoint="anonymise",
)
