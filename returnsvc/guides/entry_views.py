"""The entries of an edition: demand entries and business opportunities (add, edit, delete).
Registered on the guides blueprint by guides.views; the ESCO skills they require have their
page in skill_views.

The occupation picker works without JavaScript: its "Search" button re-submits the form,
which is rendered again with the hits (nothing is saved on a search)."""

from dataclasses import dataclass

from flask import abort, render_template, request, url_for
from flask_babel import _, get_locale
from flask_login import current_user

from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import currency_of
from returnsvc.core.forms import fill_texts, texts_of_form
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import DeletePage, FormPage, RecordPage, add_page
from returnsvc.core.permissions import Permission
from returnsvc.core.regions import regions_of
from returnsvc.core.translated import TranslationTable
from returnsvc.extensions import db
from returnsvc.guides import queries, services
from returnsvc.guides.forms import DemandEntryForm, OpportunityForm, split_codes
from returnsvc.guides.models import (
    DEMAND_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideKind,
)
from returnsvc.publishing.forms import ActionForm, snapshot
from returnsvc.taxonomy import queries as taxonomy
from returnsvc.taxonomy.models import EscoOccupation
from returnsvc.taxonomy.search import ConceptHit

MANAGE = Permission.MANAGE_GUIDES
KIND_PATH = "<int:edition_id>/<any(demand, opportunities):kind>"


@dataclass(frozen=True)
class EntryKind:
    """What a URL's kind segment ("demand", "opportunities") stands for."""

    edition_kind: GuideKind
    model: type
    form_class: type
    table: TranslationTable
    create: object  # the services: create(edition, data, actor=), update(entry, data,
    update: object  # version=, actor=), delete(entry, actor=, version=)
    delete: object


KINDS = {
    "demand": EntryKind(
        GuideKind.LABOUR_MARKET,
        DemandEntry,
        DemandEntryForm,
        DEMAND_TEXT,
        services.create_demand_entry,
        services.update_demand_entry,
        services.delete_demand_entry,
    ),
    "opportunities": EntryKind(
        GuideKind.BUSINESS,
        BusinessOpportunity,
        OpportunityForm,
        OPPORTUNITY_TEXT,
        services.create_opportunity,
        services.update_opportunity,
        services.delete_opportunity,
    ),
}


def _locale() -> str:
    return str(get_locale())


def load_entry(edition_id: int, kind: str, entry_id: int | None = None) -> dict:
    """The edition and (when `entry_id`) its entry of `kind`, for the pages that change
    entries: 404 when the kind is not the edition's or the entry belongs to another edition,
    403 when the edition is of a country the user may not change (queries.edition_to_change)."""
    edition = queries.edition_to_change(edition_id)
    if KINDS[kind].edition_kind is not edition.kind:
        abort(404)
    entry = None
    if entry_id is not None:
        entry = db.get_or_404(KINDS[kind].model, entry_id)
        if entry.edition_id != edition.id:
            abort(404)
    return {"kind": kind, "edition": edition, "entry": entry}


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
    if kind == "occupation":
        occupation = db.session.get(EscoOccupation, int(key))  # a database id (picker value)
        return occupation.isco_code if occupation else None
    return None


def _data(kind: str, form) -> dict:
    data = {
        "key": form.key.data,
        "isic_section": form.isic_section.data,
        "regions": form.regions.data or [],
        "texts": texts_of_form(form, form.TEXTS),
    }
    if kind == "demand":
        data |= {
            "isco_code": chosen_isco(form.occupation.data),
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


class EntryPage(RecordPage):
    """The form of a demand entry or an opportunity; its pickers' "Search" saves nothing."""

    template = "guides/entry_form.html"

    def load(self, edition_id: int, kind: str, entry_id: int | None = None) -> dict:
        return load_entry(edition_id, kind, entry_id)

    def make_form(self, context):
        kind, edition, entry = context["kind"], context["edition"], context["entry"]
        options = {"obj": entry, "regions": regions_of(edition.country)}
        if kind == "opportunities":
            options["programmes"] = [
                (str(pid), f"{name} ({_('draft')})" if draft else name)
                for pid, name, draft in queries.country_programmes(edition.country, _locale())
            ]
        form = KINDS[kind].form_class(**options)
        if request.method == "GET" and entry is not None:
            form.version.data = entry.version
            fill_texts(form, KINDS[kind].table.texts_of(entry.id), form.TEXTS)
            if kind == "opportunities":
                form.occupations.data = ", ".join(entry.occupations)
                form.programme_ids.data = [str(p) for p in queries.linked_programmes(entry.id)]
        return form

    def wants_save(self, form, context) -> bool:
        return not request.form.get("search")

    def render(self, form, context):
        kind, edition, entry = context["kind"], context["edition"], context["entry"]
        if kind == "demand":
            searched = request.form.get("search") == "occupation"
            query = request.form.get("occupation_q", "")[:200]
            chosen = form.occupation.data if request.method == "POST" else None
            code = chosen_isco(chosen) if chosen else getattr(entry, "isco_code", None)
            more = {
                "searched": searched,
                "query": query,
                "hits": taxonomy.search_occupations(query, _locale()) if searched else [],
                "selected": _isco_hit(code),
            }
        else:
            text = form.occupations.data
            codes = split_codes(text) if isinstance(text, str) else []
            more = {"occupation_titles": taxonomy.isco_titles(codes[:50], _locale())}
        return render_template(
            self.template, form=form, currency=currency_of(edition.country), **context, **more
        )

    def done_url(self, result, context) -> str:
        return url_for("guides.edition", edition_id=context["edition"].id)


class NewEntry(EntryPage, FormPage):
    def save(self, form, context):
        kind = context["kind"]
        return KINDS[kind].create(context["edition"], _data(kind, form), actor=current_user)

    def message(self, result, context):
        return _l("Entry added.")


class EditEntry(EntryPage, FormPage):
    def save(self, form, context):
        kind = context["kind"]
        data = _data(kind, form)
        update = KINDS[kind].update
        return update(context["entry"], data, version=form.version.data, actor=current_user)

    def back_url(self, context) -> str:
        return url_for("guides.edit_entry", **entry_ids(context))

    def stored(self, context):
        """The entry as stored now, in the form's terms, for the conflict page."""
        kind, entry = context["kind"], context["entry"]
        texts = KINDS[kind].table.texts_of(entry.id)
        names = KINDS[kind].form_class.TEXTS
        if kind == "demand":
            return snapshot(entry, texts, names, occupation=f"isco:{entry.isco_code}")
        programmes = [str(p) for p in queries.linked_programmes(entry.id)]
        occupations = ", ".join(entry.occupations)
        return snapshot(entry, texts, names, occupations=occupations, programme_ids=programmes)


class DeleteEntry(DeletePage):
    template = "guides/confirm_delete.html"
    form_class = ActionForm

    def load(self, edition_id: int, kind: str, entry_id: int) -> dict:
        return load_entry(edition_id, kind, entry_id)

    def stored(self, context):
        return context["entry"]

    def render(self, form, context):
        return render_template(
            self.template,
            form=form,
            edition=context["edition"],
            heading=_("Delete the entry “%(key)s”?", key=context["entry"].key),
            explanation=_("The entry, its texts and its skills are deleted."),
            action=url_for("guides.delete_entry", **entry_ids(context)),
            blocked=False,
        )

    def delete(self, form, context):
        entry = context["entry"]
        check_version(entry, form.version.data)  # a page always sends the version it showed
        KINDS[context["kind"]].delete(entry, actor=current_user, version=form.version.data)

    def done_url(self, result, context) -> str:
        return url_for("guides.edition", edition_id=context["edition"].id)

    def message(self, result, context):
        return _l("Entry deleted.")


def entry_ids(context) -> dict:
    """The URL arguments of an entry's pages."""
    return {
        "edition_id": context["edition"].id,
        "kind": context["kind"],
        "entry_id": context["entry"].id,
    }


def register(bp) -> None:
    """Add the entry pages to the guides blueprint."""
    entry = f"/{KIND_PATH}/<int:entry_id>"
    add_page(bp, f"/{KIND_PATH}/new", NewEntry, MANAGE, endpoint="new_entry")
    add_page(bp, entry, EditEntry, MANAGE, endpoint="edit_entry")
    add_page(bp, f"{entry}/delete", DeleteEntry, MANAGE, endpoint="delete_entry")
