"""The ESCO skills an entry (demand entry or opportunity) requires: the list, a skill picker
to add one (its "Search" re-submits the form: no JavaScript needed), and removal. Registered
on the guides blueprint by guides.views."""

from flask import redirect, render_template, request, url_for
from flask_babel import _, get_locale
from flask_login import current_user

from returnsvc.core.flashes import flash
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import flash_refusal
from returnsvc.guides import queries, services
from returnsvc.guides.entry_views import KIND_PATH, entry_ids, load_entry
from returnsvc.publishing.forms import ActionForm
from returnsvc.taxonomy import queries as taxonomy

MANAGE = Permission.MANAGE_GUIDES


def _locale() -> str:
    return str(get_locale())


@require_permission(MANAGE)
def entry_skills(edition_id: int, kind: str, entry_id: int):
    context = load_entry(edition_id, kind, entry_id)
    entry = context["entry"]
    form, errors = ActionForm(), []
    searched = request.form.get("search") == "skill"
    query = request.form.get("skill_q", "")[:200]
    if request.method == "POST" and not searched and form.validate_on_submit():
        parsed = taxonomy.parse_picker_value(request.form.get("skill"))
        skill_id = parsed[1] if parsed and parsed[0] == "skill" else None
        try:
            services.add_required_skill(entry, skill_id, actor=current_user)
        except services.GuideError as error:
            errors = [error.message]
        else:
            flash(_("Skill added."), "success")
            return redirect(request.path)
    return render_template(
        "guides/entry_skills.html",
        form=form,
        skills=queries.entry_skills(entry, _locale()),
        hits=taxonomy.search_skills(query, _locale()) if searched else [],
        query=query,
        searched=searched,
        errors=errors,
        **context,
    )


@require_permission(MANAGE)
def remove_skill(edition_id: int, kind: str, entry_id: int, skill_id: int):
    context = load_entry(edition_id, kind, entry_id)
    if ActionForm().validate_on_submit():
        try:
            services.remove_required_skill(context["entry"], skill_id, actor=current_user)
        except services.GuideError as error:
            flash_refusal(error)
        else:
            flash(_("Skill removed."), "success")
    return redirect(url_for("guides.entry_skills", **entry_ids(context)))


def register(bp) -> None:
    """Add the skill pages to the guides blueprint."""
    entry = f"/{KIND_PATH}/<int:entry_id>"
    bp.add_url_rule(f"{entry}/skills", view_func=entry_skills, methods=["GET", "POST"])
    bp.add_url_rule(
        f"{entry}/skills/<int:skill_id>/remove", view_func=remove_skill, methods=["POST"]
    )
