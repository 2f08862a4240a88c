"""Intake (register a person and open their case), the person tab, consents, subject access
and anonymisation. Person pages hang under the case URL, so every lookup is case-scoped."""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.audit.services import record
from returnsvc.cases import services as case_services
from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.db import utcnow
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.returnees import queries, services
from returnsvc.returnees.duplicates import find_possible_duplicates
from returnsvc.returnees.forms import AnonymiseForm, ConsentForm, EditPersonForm, IntakeForm
from returnsvc.returnees.models import ConsentKind

bp = Blueprint("returnees", __name__)


@bp.route("/returnees/new", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def register():
    form = IntakeForm()
    duplicates = []
    if form.validate_on_submit():
        person = form.person_data()
        duplicates = find_possible_duplicates(person)
        reason = (form.duplicate_reason.data or "").strip()
        if duplicates and not reason:
            form.duplicate_reason.errors.append(
                _l("Check the possible duplicates above. To register a new person anyway, say why.")
            )
        else:
            consents = {kind for kind in ConsentKind if form[f"consent_{kind.value}"].data}
            try:
                returnee = services.register_returnee(
                    person,
                    form.migration_data(),
                    consents,
                    actor=current_user,
                    overrides=[(d.returnee.id, d.rule, reason) for d in duplicates],
                )
                case = case_services.open_case(
                    returnee,
                    office=current_user.office,
                    counsellor=current_user,
                    actor=current_user,
                )
            except (services.ReturneeError, case_services.CaseError) as error:
                form.form_errors.append(error.message)
            else:
                flash(
                    _l(
                        "%(name)s is registered and case %(reference)s is open.",
                        name=returnee.full_name,
                        reference=case.reference,
                    ),
                    "success",
                )
                return redirect(url_for("cases.detail", case_id=case.id))
    visible_ids = _visible_case_ids(duplicates)
    return render_template(
        "returnees/register.html", form=form, duplicates=duplicates, visible_cases=visible_ids
    )


def _visible_case_ids(duplicates) -> dict[int, int]:
    """returnee id -> a case id the user may open, for the duplicates that have one."""
    return queries.visible_case_ids([d.returnee.id for d in duplicates], current_user)


@bp.route("/cases/<int:case_id>/person")
@require_permission(Permission.VIEW_CASES)
def profile(case_id: int):
    case = viewed_case(case_id, "person")
    return render_template(
        "returnees/profile.html",
        case=case,
        person=case.returnee,
        recorders=queries.consent_recorders(case.returnee),
        consent_form=ConsentForm(),
    )


@bp.route("/cases/<int:case_id>/person/edit", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def edit(case_id: int):
    case = workable_case(case_id)
    person = case.returnee
    if person.is_anonymised:
        abort(404)
    form = EditPersonForm(obj=person)
    if not form.is_submitted():
        _fill_from_record(form, person)
    if form.validate_on_submit():
        try:
            changes = services.update_returnee(
                person,
                form.person_data(),
                form.migration_data(),
                version=form.version.data,
                actor=current_user,
            )
        except StaleEdit:
            return conflict_response(
                form, person, back_url=url_for("returnees.edit", case_id=case.id)
            )
        except services.ReturneeError as error:
            form.form_errors.append(error.message)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(url_for("returnees.profile", case_id=case.id))
    return render_template("returnees/edit.html", case=case, form=form)


def _fill_from_record(form: EditPersonForm, person) -> None:
    """Enum columns hold members; the selects want their codes. Migration fields live on
    the related row."""
    for name in ("sex", "document_type", "education_level"):
        value = getattr(person, name)
        form[name].data = value.value if value is not None else ""
    migration = person.migration
    for name in (
        "departure_year",
        "years_abroad",
        "planned_return_date",
        "actual_return_date",
        "last_occupation_abroad",
        "last_sector_abroad",
    ):
        form[name].data = getattr(migration, name)
    form.return_programme.data = (
        migration.return_programme.value if migration.return_programme else ""
    )
    form.version.data = person.version


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
    if consent is ConsentKind.SERVICE and action == "withdraw":
        flash(
            _l(
                "Without the service-delivery consent the case must be closed: close it with "
                "the reason “Withdrew”."
            ),
            "warning",
        )
        return redirect(url_for("returnees.profile", case_id=case.id))
    services.set_consent(case.returnee, consent, action == "give", actor=current_user)
    flash(_l("Consent recorded.") if action == "give" else _l("Consent withdrawn."), "success")
    return redirect(url_for("returnees.profile", case_id=case.id))


@bp.route("/cases/<int:case_id>/person/export.json")
@require_permission(Permission.EXPORT_SUBJECT_DATA)
def export_json(case_id: int):
    case = viewed_case(case_id, "export")
    data = queries.subject_record(case.returnee, current_user)
    record(
        "returnee.exported", actor=current_user, target=case.returnee, changes={"format": "json"}
    )
    filename = f"returnee-{case.returnee.id}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
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
        "returnees/record.html",
        case=case,
        data=queries.subject_record(case.returnee, current_user),
        printed_at=utcnow(),
    )


@bp.route("/cases/<int:case_id>/person/anonymise", methods=["GET", "POST"])
@require_permission(Permission.ANONYMISE_RETURNEES)
def anonymise(case_id: int):
    case = viewed_case(case_id, "anonymise")
    person = case.returnee
    if person.is_anonymised:
        flash(_l("This person's record has already been anonymised."), "info")
        return redirect(url_for("returnees.profile", case_id=case.id))
    form = AnonymiseForm()
    if form.validate_on_submit():
        if form.confirm_name.data.strip().casefold() != person.first_surname.casefold():
            form.confirm_name.errors.append(_l("This is not the person's first surname."))
        else:
            services.anonymise_returnee(person, actor=current_user)
            flash(_l("The record has been anonymised."), "success")
            return redirect(url_for("returnees.profile", case_id=case.id))
    return render_template("returnees/anonymise.html", case=case, person=person, form=form)
