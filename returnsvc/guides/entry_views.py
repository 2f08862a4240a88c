"""The entries of an edition: demand entries and business opportunities (add, edit, delete)
and the ESCO skills they require. Registered on the guides blueprint by guides.views.

The occupation and skill pickers work without JavaScript: their "Search" button re-submits
the form, which is rendered again with the hits (nothing is saved on a search)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _, get_locale
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, check_version, conflict_response
from returnsvc.core.countries import currency_of
from returnsvc.core.forms import fill_texts, show_refusal, texts_of_form
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.regions import regions_of
from returnsvc.extensions import db
from returnsvc.guides import queries, services
from returnsvc.guides.forms import (
    ConfirmForm,
    DemandEntryForm,
    OpportunityForm,
    split_codes,
    stored_values,
)
from returnsvc.guides.models import (
    DEMAND_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideKind,
)
from returnsvc.taxonomy import queries as taxonomy
from returnsvc.taxonomy.models import EscoOccupation
from returnsvc.taxonomy.search import ConceptHit

MANAGE = require_permission(Permission.MANAGE_GUIDES)
KIND_PATH = "<int:edition_id>/<any(demand, opportunities):kind>"
# URL segment -> the edition kind it belongs to, its model, form, text table, service noun.
KINDS = {
    "demand": (GuideKind.LABOUR_MARKET, DemandEntry, DemandEntryForm, DEMAND_TEXT, "demand_entry"),
    "opportunities": (
        GuideKind.BUSINESS,
        BusinessOpportunity,
        OpportunityForm,
        OPPORTUNITY_TEXT,
        "opportunity",
    ),
}


def _locale() -> str:
    return str(get_locale())


def _isco_hit(code: str | None) -> ConceptHit | None:
    """The chosen unit group as a picker hit (kept checked when the form is shown again)."""
    return taxonomy.hit_for_value(f"isco:{code}", _locale()) if code else None


def chosen_isco(value: str | None) -> str | None:
    """The ISCO-08 unit group a picker value names: itself, or an ESCO occupation's group."""
    parsed = taxonomy.parse_picker_value(value)
    if parsed is None:
        return None
    kind, key = parsed
    if kind == "isco":
        return key
    if kind == "occupation" and len(key) < 10:
        occupation = db.session.get(EscoOccupation, int(key))
        return occupation.isco_code if occupation else None
    return None


def _data(kind: str, form) -> dict:
    data = {
        "key": form.key.data,
        "isic_section": form.isic_section.data,
        "regions": form.regions.data or [],
        "texts": texts_of_form(form, form.text_spec),
    }
    if kind == "demand":
        data |= {
            "isco_code": chosen_isco(request.form.get("occupation")),
            "demand_level": form.demand_level.data,
            "wage_min": form.wage_min.data,
            "wage_max": form.wage_max.data,
            "min_education": form.min_education.data,
            "experience_years": form.experience_years.data,
        }
    else:
        data |= {
            "investment_min": form.investment_min.data,
            "investment_max": form.investment_max.data,
            "risk_level": form.risk_level.data,
            "occupations": split_codes(form.occupations.data),
            "programme_ids": form.programme_ids.data or [],
        }
    return data


def _form(kind: str, edition, entry):
    form_cls = KINDS[kind][2]
    options = {"obj": entry, "regions": regions_of(edition.country)}
    if kind == "opportunities":
        options["programmes"] = [
            (str(pid), f"{name} ({_('draft')})" if draft else name)
            for pid, name, draft in queries.country_programmes(edition.country, _locale())
        ]
    form = form_cls(**options)
    if request.method == "GET" and entry is not None:
        form.version.data = entry.version
        fill_texts(form, KINDS[kind][3].texts_of(entry.id), form.text_spec)
        if kind == "opportunities":
            form.occupations.data = ", ".join(entry.occupations)
            form.programme_ids.data = [str(p) for p in queries.linked_programmes(entry.id)]
    return form


def _render(kind, edition, entry, form, picker_errors=()):
    context = {"picker_errors": picker_errors}
    if kind == "demand":
        searched = request.form.get("search") == "occupation"
        query = request.form.get("occupation_q", "")[:200]
        chosen = request.form.get("occupation") if request.method == "POST" else None
        context |= {
            "searched": searched,
            "query": query,
            "hits": taxonomy.search_occupations(query, _locale()) if searched else [],
            "selected": _isco_hit(
                chosen_isco(chosen) if chosen else getattr(entry, "isco_code", None)
            ),
        }
    else:
        codes = split_codes(form.occupations.data) if isinstance(form.occupations.data, str) else []
        context["occupation_titles"] = taxonomy.isco_titles(codes[:50], _locale())
    return render_template(
        "guides/entry_form.html",
        kind=kind,
        edition=edition,
        entry=entry,
        form=form,
        currency=currency_of(edition.country),
        **context,
    )


def _stored(kind: str, form, entry):
    """The entry as stored now, in the form's terms, for the conflict page."""
    texts = KINDS[kind][3].texts_of(entry.id)
    if kind == "demand":
        return stored_values(form, entry, texts)
    programmes = [str(p) for p in queries.linked_programmes(entry.id)]
    return stored_values(
        form, entry, texts, occupations=", ".join(entry.occupations), programme_ids=programmes
    )


def _save(kind, edition, entry):
    noun = KINDS[kind][4]
    form = _form(kind, edition, entry)
    if request.method == "POST" and request.form.get("search"):
        return _render(kind, edition, entry, form)
    if not form.validate_on_submit():
        return _render(kind, edition, entry, form)
    try:
        if entry is None:
            getattr(services, f"create_{noun}")(edition, _data(kind, form), actor=current_user)
            message = _("Entry added.")
        else:
            changes = getattr(services, f"update_{noun}")(
                entry, _data(kind, form), version=form.version.data, actor=current_user
            )
            message = _("Changes saved.") if changes else _("Nothing was changed.")
    except StaleEdit:
        back = url_for("guides.edit_entry", edition_id=edition.id, kind=kind, entry_id=entry.id)
        return conflict_response(form, _stored(kind, form, entry), back_url=back)
    except services.GuideError as error:
        if error.field == "occupation":
            return _render(kind, edition, entry, form, picker_errors=[error.message])
        show_refusal(form, error)
        return _render(kind, edition, entry, form)
    flash(message, "success")
    return redirect(url_for("guides.edition", edition_id=edition.id))


def register(bp, edition_or_404) -> None:
    """Add the entry pages to the guides blueprint."""

    def load(edition_id, kind, entry_id=None):
        edition = edition_or_404(edition_id)
        if KINDS[kind][0] is not edition.kind:
            abort(404)
        if entry_id is None:
            return edition, None
        entry = db.get_or_404(KINDS[kind][1], entry_id)
        if entry.edition_id != edition.id:
            abort(404)
        return edition, entry

    @bp.route(f"/{KIND_PATH}/new", methods=["GET", "POST"])
    @MANAGE
    def new_entry(edition_id: int, kind: str):
        return _save(kind, *load(edition_id, kind))

    @bp.route(f"/{KIND_PATH}/<int:entry_id>", methods=["GET", "POST"])
    @MANAGE
    def edit_entry(edition_id: int, kind: str, entry_id: int):
        return _save(kind, *load(edition_id, kind, entry_id))

    @bp.route(f"/{KIND_PATH}/<int:entry_id>/delete", methods=["GET", "POST"])
    @MANAGE
    def delete_entry(edition_id: int, kind: str, entry_id: int):
        edition, entry = load(edition_id, kind, entry_id)
        form = ConfirmForm()
        if request.method == "GET":
            form.version.data = entry.version
        elif form.validate_on_submit():
            try:
                check_version(entry, form.version.data)  # required from a page
                getattr(services, f"delete_{KINDS[kind][4]}")(
                    entry, actor=current_user, version=form.version.data
                )
            except StaleEdit:
                form.form_errors.append(_("Someone changed this entry meanwhile. Check it first."))
            else:
                flash(_("Entry deleted."), "success")
                return redirect(url_for("guides.edition", edition_id=edition.id))
        return render_template(
            "guides/confirm_delete.html",
            form=form,
            edition=edition,
            heading=_("Delete the entry “%(key)s”?", key=entry.key),
            explanation=_("The entry, its texts and its skills are deleted."),
            action=url_for(
                "guides.delete_entry", edition_id=edition.id, kind=kind, entry_id=entry.id
            ),
            blocked=False,
        )

    @bp.route(f"/{KIND_PATH}/<int:entry_id>/skills", methods=["GET", "POST"])
    @MANAGE
    def entry_skills(edition_id: int, kind: str, entry_id: int):
        edition, entry = load(edition_id, kind, entry_id)
        form, errors = ConfirmForm(), []
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
            kind=kind,
            edition=edition,
            entry=entry,
            form=form,
            skills=queries.entry_skills(entry, _locale()),
            hits=taxonomy.search_skills(query, _locale()) if searched else [],
            query=query,
            searched=searched,
            errors=errors,
        )

    @bp.route(f"/{KIND_PATH}/<int:entry_id>/skills/<int:skill_id>/remove", methods=["POST"])
    @MANAGE
    def remove_skill(edition_id: int, kind: str, entry_id: int, skill_id: int):
        edition, entry = load(edition_id, kind, entry_id)
        if ConfirmForm().validate_on_submit():
            try:
                services.remove_required_skill(entry, skill_id, actor=current_user)
            except services.GuideError as error:
                flash(str(error.message), "error")
            else:
                flash(_("Skill removed."), "success")
        return redirect(
            url_for("guides.entry_skills", edition_id=edition.id, kind=kind, entry_id=entry.id)
        )
