"""The "Skills profile" tab of a case: every section of the person's profile, with add, edit
and delete pages per section, work preferences, and "mark the case as assessed".

Every page hangs under the case URL: the case comes through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed) and profile rows are looked up within the
case's person only. The pages are core.pages classes: one small class per section and page
says which form, service and template it uses (e.g. `skills.new_experience`).
"""

from dataclasses import dataclass

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.models import Stage
from returnsvc.cases.workspace import contribute
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.pages import DeletePage, FormPage, add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.skills import (
    choices,
    contributions,
    credentials,
    forms,
    picker,
    queries,
    rows,
    services,
)
from returnsvc.skills.forms import ConfirmForm, PreferenceForm
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)

bp = Blueprint("skills", __name__, url_prefix="/cases")
contribute(bp, contributions)


@dataclass(frozen=True)
class Section:
    """A section of the profile as its pages show it: its anchor and heading."""

    name: str  # endpoint suffix and page anchor: "experience" -> skills.new_experience
    title: object
    single: bool = False  # one row per person (work preferences)


SECTIONS = {
    section.name: section
    for section in (
        Section("experience", _l("Work experience")),
        Section("skill", _l("Skills")),
        Section("qualification", _l("Qualifications")),
        Section("certificate", _l("Competency certificates")),
        Section("language", _l("Languages")),
        Section("preferences", _l("Work preferences"), single=True),
    )
}


def profile_url(case, anchor: str | None = None) -> str:
    return url_for("skills.profile", case_id=case.id, _anchor=anchor)


@bp.route("/<int:case_id>/profile")
@require_permission(Permission.VIEW_CASES)
def profile(case_id: int):
    case = viewed_case(case_id, "profile")
    return render_template(
        "skills/profile.html",
        case=case,
        profile=queries.profile_of(case),
        assess_form=ConfirmForm(version=case.version),
        sections=SECTIONS,
        Stage=Stage,
    )


# --- the pages of a section ---------------------------------------------------------------


class ItemPage(FormPage):
    """Add or edit a row of one section. Sections with a picker (occupations, skills) have a
    "Search" button that shows the hits again and saves nothing."""

    section: str = ""
    model: type = object
    data_method: str = ""  # the form's method giving the service's data
    picker: str | None = None  # "occupation" / "skill"

    def load(self, case_id, item_id=None):
        case = workable_case(case_id)
        item = None
        if item_id is not None:
            item = queries.item_of(self.model, case, item_id)
            if item is None:
                abort(404)
        return {"case": case, "item": item, "spec": SECTIONS[self.section]}

    def wants_save(self, form, context) -> bool:
        if not (self.picker and form.searched):
            return True
        if not (form.q.data or "").strip():
            form.q.errors = [_l("Type a few words to search for.")]
        else:
            form.q.validate(form)
        return False

    def render(self, form, context):
        if self.picker:
            form.set_hits(
                picker.hits_for(self.picker, form.q.data), picker.chosen_hit(form.concept.data)
            )
        return super().render(form, context)

    def data(self, form) -> dict:
        return getattr(form, self.data_method)()

    def done_url(self, item, context):
        item = context["item"] or item
        return profile_url(context["case"], f"{self.section}-{item.id}")


class NewItem(ItemPage):
    add = None  # the service: add(case, data, *, actor)
    added = ""

    def make_form(self, context):
        form = super().make_form(context)
        # "Record the level" of a language the person speaks comes with it chosen.
        chosen = request.args.get("language", "")
        if not form.is_submitted() and self.section == "language" and choices.is_language(chosen):
            form.language.data = chosen
        return form

    def save(self, form, context):
        return type(self).add(context["case"], self.data(form), actor=current_user)

    def message(self, item, context):
        return self.added


class EditItem(ItemPage):
    update = None  # the service: update(case, item, data, *, actor, version)

    def make_form(self, context):
        form = self.form_class(obj=context["item"])
        if not form.is_submitted() and self.picker:
            form.concept.data = picker.concept_of(context["item"])
        return form

    def save(self, form, context):
        return type(self).update(
            context["case"],
            context["item"],
            self.data(form),
            actor=current_user,
            version=form.version.data,
        )

    def conflict(self, form, context):
        item = context["item"]
        if not self.picker:
            return conflict_response(form, item, back_url=self.back_url(context))
        form.set_hits((), picker.chosen_hit(form.concept.data))
        stored = picker.chosen_hit(picker.concept_of(item))
        # The search box is not part of the record: show no difference for it.
        extra = {"concept": picker.hit_text(stored) if stored else "", "q": form.q.data}
        return conflict_response(form, StoredValues(item, extra), back_url=self.back_url(context))


class DeleteItem(DeletePage):
    template = "skills/confirm_delete.html"
    form_class = ConfirmForm
    section: str = ""
    model: type = object
    deleted = ""

    def load(self, case_id, item_id=None):
        case = workable_case(case_id)
        if item_id is None:
            item = queries.preference_of(case)
        else:
            item = queries.item_of(self.model, case, item_id)
        if item is None:
            abort(404)
        return {
            "case": case,
            "item": item,
            "spec": SECTIONS[self.section],
            "description": queries.describe(item),
        }

    def back_url(self, context):
        return profile_url(context["case"], self.section)

    def delete(self, form, context):
        rows.delete_item(
            context["case"],
            context["item"],
            section=self.section,
            actor=current_user,
            version=form.version.data,
        )

    def done_url(self, result, context):
        return profile_url(context["case"], self.section)

    def message(self, result, context):
        return self.deleted


class StoredValues:
    """The stored row as the conflict page reads it, with the picker's fields (which are not
    columns) given as display values."""

    def __init__(self, item, extra: dict):
        self._item = item
        self._extra = extra

    def __getattr__(self, name):
        if name in self._extra:
            return self._extra[name]
        return getattr(self._item, name, None)


# One class per section and page: what differs is data, not code.
_PAGES = (
    ("experience", "experience", WorkExperience, forms.ExperienceForm, forms.EditExperienceForm,
     "experience_data", services.add_experience, services.update_experience, "occupation",
     _l("Occupation added to the profile."), _l("Occupation deleted from the profile.")),
    ("skill", "skills", ReturneeSkill, forms.SkillForm, forms.EditSkillForm, "skill_data",
     services.add_skill, services.update_skill, "skill", _l("Skill added to the profile."),
     _l("Skill deleted from the profile.")),
    ("qualification", "qualifications", Qualification, forms.QualificationForm,
     forms.EditQualificationForm, "qualification_data", credentials.add_qualification,
     credentials.update_qualification, None, _l("Qualification added to the profile."),
     _l("Qualification deleted from the profile.")),
    ("certificate", "certificates", CompetencyCertificate, forms.CertificateForm,
     forms.EditCertificateForm, "certificate_data", credentials.add_certificate,
     credentials.update_certificate, None, _l("Certificate added to the profile."),
     _l("Certificate deleted from the profile.")),
    ("language", "languages", LanguageSkill, forms.LanguageForm, forms.EditLanguageForm,
     "language_data", services.add_language, services.update_language, None,
     _l("Language added to the profile."), _l("Language deleted from the profile.")),
)  # fmt: skip

_WRITE = Permission.WORK_ON_CASES
for (name, slug, model, new_form, edit_form, data_method, add, update, picker_kind, added,
     deleted) in _PAGES:  # fmt: skip
    common = {
        "section": name,
        "model": model,
        "data_method": data_method,
        "picker": picker_kind,
        "template": f"skills/{name}_form.html",
    }
    base = f"/<int:case_id>/profile/{slug}"
    new_page = type(
        f"New{name.title()}",
        (NewItem,),
        common | {"form_class": new_form, "add": staticmethod(add), "added": added},
    )
    edit_page = type(
        f"Edit{name.title()}",
        (EditItem,),
        common | {"form_class": edit_form, "update": staticmethod(update)},
    )
    delete_page = type(
        f"Delete{name.title()}",
        (DeleteItem,),
        {"section": name, "model": model, "deleted": deleted},
    )
    add_page(bp, f"{base}/new", new_page, _WRITE, endpoint=f"new_{name}")
    add_page(bp, f"{base}/<int:item_id>", edit_page, _WRITE, endpoint=f"edit_{name}")
    add_page(bp, f"{base}/<int:item_id>/delete", delete_page, _WRITE, endpoint=f"delete_{name}")


# --- work preferences (one per person) ----------------------------------------------------


class Preferences(FormPage):
    template = "skills/preferences_form.html"

    def load(self, case_id):
        case = workable_case(case_id)
        return {
            "case": case,
            "item": queries.preference_of(case),
            "currency": queries.currency_of_case(case),
        }

    def make_form(self, context):
        form = PreferenceForm(obj=context["item"])
        form.set_country(context["case"].returnee.origin_country)
        return form

    def save(self, form, context):
        return services.save_preferences(
            context["case"], form.preference_data(), actor=current_user, version=form.version.data
        )

    def done_url(self, result, context):
        return profile_url(context["case"], "preferences")


class DeletePreferences(DeleteItem):
    section = "preferences"
    model = WorkPreference
    deleted = _l("Work preferences deleted from the profile.")


add_page(bp, "/<int:case_id>/profile/preferences", Preferences, _WRITE, endpoint="preferences")
add_page(
    bp,
    "/<int:case_id>/profile/preferences/delete",
    DeletePreferences,
    _WRITE,
    endpoint="delete_preferences",
)


# --- assessment ---------------------------------------------------------------------------


@bp.route("/<int:case_id>/profile/assess", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def mark_assessed(case_id: int):
    case = workable_case(case_id)
    form = ConfirmForm()
    if not form.validate_on_submit() or form.version.data is None:
        flash(_l("The form expired. Open the profile again and retry."), "error")
        return redirect(profile_url(case))
    try:
        services.mark_assessed(case, actor=current_user, version=form.version.data)
    except StaleEdit:
        return conflict_response(form, case, back_url=profile_url(case))
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(message_with(_("The case is now “%(stage)s”."), stage=case.stage.label), "success")
    return redirect(profile_url(case))
