"""The "Skills profile" tab of a case: every section of the person's profile, with add, edit
and delete pages per section, work preferences, and "mark the case as assessed".

Every page hangs under the case URL: the case comes through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed) and profile rows are looked up within the
case's person only. The sections share one set of generic handlers (sections.py says what
differs); each gets its own named endpoints, e.g. `skills.new_experience`.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.models import Stage
from returnsvc.cases.services import CaseError
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.forms import show_refusal
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.skills import picker, queries, rows, services
from returnsvc.skills.cleaning import ProfileError
from returnsvc.skills.forms import ConfirmForm, PreferenceForm
from returnsvc.skills.sections import BY_NAME, SECTIONS, SectionSpec, StoredValues

bp = Blueprint("skills", __name__, url_prefix="/cases")


@bp.app_context_processor
def profile_helpers():
    # The case page's summary partial loads its own data (skills/_summary.html).
    return {"profile_summary": queries.profile_summary}


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
        sections={spec.name: spec for spec in SECTIONS},
        Stage=Stage,
    )


# --- generic handlers, one set of endpoints per section -----------------------------------


def _item_or_404(spec: SectionSpec, case, item_id: int):
    item = queries.item_of(spec.model, case, item_id)
    if item is None:
        abort(404)
    return item


def _form_page(spec: SectionSpec, case, form, item):
    if spec.picker:
        form.set_hits(
            picker.hits_for(spec.picker, form.q.data), picker.chosen_hit(form.concept.data)
        )
    return render_template(spec.template, case=case, form=form, item=item, spec=spec)


def _searched(spec: SectionSpec, form) -> bool:
    """The "Search" button of a picker: re-render with the hits, save nothing."""
    if not (spec.picker and form.searched):
        return False
    if not (form.q.data or "").strip():
        form.q.errors = [_l("Type a few words to search for.")]
    else:
        form.q.validate(form)
    return True


def new_item(spec: SectionSpec, case_id: int):
    case = workable_case(case_id)
    form = spec.form()
    if not _searched(spec, form) and form.validate_on_submit():
        try:
            item = spec.add(case, spec.data_of(form), actor=current_user)
        except ProfileError as error:
            show_refusal(form, error)
        else:
            flash(spec.added, "success")
            return redirect(profile_url(case, f"{spec.name}-{item.id}"))
    return _form_page(spec, case, form, None)


def edit_item(spec: SectionSpec, case_id: int, item_id: int):
    case = workable_case(case_id)
    item = _item_or_404(spec, case, item_id)
    form = spec.edit_form(obj=item)
    if not form.is_submitted() and spec.picker:
        form.concept.data = spec.concept_of(item)
    if not _searched(spec, form) and form.validate_on_submit():
        try:
            changes = spec.update(
                case, item, spec.data_of(form), actor=current_user, version=form.version.data
            )
        except StaleEdit:
            return _conflict(spec, case, form, item)
        except ProfileError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(profile_url(case, f"{spec.name}-{item.id}"))
    return _form_page(spec, case, form, item)


def _conflict(spec: SectionSpec, case, form, item):
    extra = {}
    if spec.picker:
        form.set_hits((), picker.chosen_hit(form.concept.data))
        stored = picker.chosen_hit(spec.concept_of(item))
        # The search box is not part of the record: show no difference for it.
        extra = {"concept": picker.hit_text(stored) if stored else "", "q": form.q.data}
    back_url = url_for(f"skills.edit_{spec.name}", case_id=case.id, item_id=item.id)
    return conflict_response(form, StoredValues(item, extra), back_url=back_url)


def delete_item(spec: SectionSpec, case_id: int, item_id: int | None = None):
    case = workable_case(case_id)
    item = _item_or_404(spec, case, item_id) if item_id is not None else spec.single(case)
    if item is None:
        abort(404)
    form = ConfirmForm()
    if not form.is_submitted():
        form.version.data = item.version
    if form.validate_on_submit():
        try:
            rows.delete_item(
                case, item, section=spec.audit, actor=current_user, version=form.version.data
            )
        except StaleEdit:
            return conflict_response(form, item, back_url=profile_url(case, spec.name))
        else:
            flash(spec.deleted, "success")
            return redirect(profile_url(case, spec.name))
    return render_template(
        "skills/confirm_delete.html",
        case=case,
        form=form,
        spec=spec,
        item=item,
        description=queries.describe(item),
    )


def _register(spec: SectionSpec) -> None:
    write = require_permission(Permission.WORK_ON_CASES)
    base = f"/<int:case_id>/profile/{spec.slug}"

    def new(case_id: int):
        return new_item(spec, case_id)

    def edit(case_id: int, item_id: int):
        return edit_item(spec, case_id, item_id)

    def delete(case_id: int, item_id: int):
        return delete_item(spec, case_id, item_id)

    for view, rule, name in (
        (new, f"{base}/new", f"new_{spec.name}"),
        (edit, f"{base}/<int:item_id>", f"edit_{spec.name}"),
        (delete, f"{base}/<int:item_id>/delete", f"delete_{spec.name}"),
    ):
        view.__name__ = view.__qualname__ = name
        bp.add_url_rule(rule, name, write(view), methods=["GET", "POST"])


for _spec in SECTIONS:
    if not _spec.single:
        _register(_spec)


# --- work preferences (one per person) ----------------------------------------------------


@bp.route("/<int:case_id>/profile/preferences", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def preferences(case_id: int):
    case = workable_case(case_id)
    current = queries.preference_of(case)
    form = PreferenceForm(obj=current)
    form.set_country(case.returnee.origin_country)
    if form.validate_on_submit():
        try:
            changes = services.save_preferences(
                case, form.preference_data(), actor=current_user, version=form.version.data
            )
        except StaleEdit:
            return conflict_response(
                form, current, back_url=url_for("skills.preferences", case_id=case.id)
            )
        except ProfileError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(profile_url(case, "preferences"))
    return render_template(
        "skills/preferences_form.html",
        case=case,
        form=form,
        item=current,
        currency=queries.currency_of_case(case),
    )


@bp.route("/<int:case_id>/profile/preferences/delete", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def delete_preferences(case_id: int):
    return delete_item(BY_NAME["preferences"], case_id)


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
    except (ProfileError, CaseError) as error:
        flash(error.message, "error")
    else:
        flash(_l("The case is now “%(stage)s”.", stage=case.stage.label), "success")
    return redirect(profile_url(case))
