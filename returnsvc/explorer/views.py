"""Public guide pages and the opportunity explorer: no sign-in; JavaScript only helps
(static/js/explorer.js: regions follow the country, the occupation list filters as one types).

Only published content of published editions is shown; a draft edition is visible to managers
(MANAGE_GUIDES) as a preview and is a 404 for everybody else, so its existence is not told.
"""

import json
from dataclasses import dataclass, field
from functools import cache

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.enums import IsicSection
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, has_permission, public
from returnsvc.core.regions import region_name, regions_of
from returnsvc.explorer import entries, forms, queries
from returnsvc.explorer import explore as explorer
from returnsvc.explorer.display import Display
from returnsvc.guides.models import GuideKind
from returnsvc.practices.models import PracticeTheme
from returnsvc.programmes.models import ProgrammeKind

bp = Blueprint("explorer", __name__)
THEMES = {theme.value for theme in PracticeTheme}


def _locale() -> str:
    return str(get_locale())


def _country_or_404(country: str) -> str:
    code = country.upper()
    if code not in ORIGINS:
        abort(404)
    return code


def _is_editor() -> bool:
    return has_permission(current_user, Permission.MANAGE_GUIDES)


@bp.route("/guides/")
@public
def index():
    locale = _locale()
    return render_template(
        "explorer/index.html",
        countries=ORIGINS,
        current=queries.current_editions(locale),
        kinds=list(GuideKind),
    )


@dataclass
class _Listing:
    """A page of an edition's rows and, for a labour-market guide, its occupation filter."""

    rows: list = field(default_factory=list)
    has_next: bool = False
    occupation_groups: list = field(default_factory=list)
    occupation_other: tuple | None = None  # the chosen code when no option names it


def _guide_page(country: str, kind: GuideKind, template: str):
    country = _country_or_404(country)
    locale = _locale()
    editions = queries.published_editions(country, kind, locale)
    query = forms.browse_query(request.args, country, occupation=kind == GuideKind.LABOUR_MARKET)
    page = page_number()
    listing = _Listing()
    if editions:
        listing = _rows(editions[0], query, page, locale)
    return render_template(
        template,
        country=country,
        edition=editions[0] if editions else None,
        earlier=editions[1:],
        query=query,
        page=page,
        **vars(listing),
    )


def _rows(edition, query: forms.Query, page: int, locale: str) -> _Listing:
    if edition.kind == GuideKind.LABOUR_MARKET:
        codes = entries.edition_occupations(edition.id)
        chosen = query.occupation
        majors = entries.major_groups(codes)
        rows, has_next, titles = entries.demand_page(
            edition.id,
            locale,
            region=query.region,
            sector=query.sector,
            occupation=chosen,
            page=page,
            titles_of=[*codes, *majors, *([chosen] if chosen else [])],
        )
        other = None
        if chosen and chosen not in codes and chosen not in majors:
            other = (chosen, titles.get(chosen, (chosen,))[0])
        groups = entries.grouped_occupations(codes, locale, titles)
        return _Listing(rows, has_next, groups, other)
    rows, has_next = entries.opportunity_page(
        edition.id, locale, region=query.region, sector=query.sector, page=page
    )
    return _Listing(rows, has_next)


@bp.route("/guides/<country>/labour-market")
@public
def labour_market(country: str):
    return _guide_page(country, GuideKind.LABOUR_MARKET, "explorer/labour_market.html")


@bp.route("/guides/<country>/business")
@public
def business(country: str):
    return _guide_page(country, GuideKind.BUSINESS, "explorer/business.html")


@bp.route("/guides/edition/<int:edition_id>")
@public
def edition(edition_id: int):
    locale = _locale()
    found = queries.edition(edition_id, locale)
    if found is None or not (found.is_published or _is_editor()):
        abort(404)
    query = forms.browse_query(
        request.args, found.country, occupation=found.kind == GuideKind.LABOUR_MARKET
    )
    page = page_number()
    return render_template(
        "explorer/edition.html",
        country=found.country,
        edition=found,
        query=query,
        page=page,
        is_preview=not found.is_published,
        **vars(_rows(found, query, page, locale)),
    )


@bp.route("/guides/<country>/programmes")
@public
def programmes(country: str):
    country = _country_or_404(country)
    query = forms.programmes_query(request.args, country)
    page = page_number()
    rows, has_next = queries.programmes(
        country, _locale(), kind=query.kind, region=query.region, page=page
    )
    return render_template(
        "explorer/programmes.html",
        country=country,
        query=query,
        rows=rows,
        page=page,
        has_next=has_next,
    )


@bp.route("/guides/practices/")
@public
def practices():
    query = forms.practices_query(request.args)
    page = page_number()
    rows, has_next = queries.practices(
        _locale(), country=query.country, theme=query.theme, page=page
    )
    return render_template(
        "explorer/practices.html", query=query, rows=rows, page=page, has_next=has_next
    )


@bp.route("/guides/practices/<int:practice_id>")
@public
def practice(practice_id: int):
    found = queries.practice(practice_id, _locale())
    if found is None:
        abort(404)
    return render_template("explorer/practice.html", practice=found)


@bp.route("/explorer")
@public
def explore():
    locale = _locale()
    cache: dict = {}

    def occupations_of(country: str | None) -> list[str]:
        """Unit groups of the country's current guides (all countries' when none is chosen)."""
        if country not in cache:
            ids = queries.current_edition_ids([country] if country else ORIGINS)
            cache[country] = entries.occupations_in_guides(ids)
        return cache[country]

    def is_known_occupation(country: str | None, code: str) -> bool:
        # Any ISCO-08 unit group is a valid choice: the list a visitor saw before choosing a
        # country holds all countries' groups, and a group absent from the country's guides
        # simply finds less. The country's list (needed for the page anyway) answers first.
        return code in occupations_of(country) or entries.is_unit_group(code)

    query = forms.explorer_query(request.args, is_known_occupation)
    answer = None
    if query.country and not query.errors:
        answer = explorer.explore(query, locale)
    codes = occupations_of(query.country)
    return render_template(
        "explorer/explore.html",
        query=query,
        answer=answer,
        occupation_groups=entries.grouped_occupations(codes, locale),
        regions_data=regions_data(),
    )


@cache
def regions_data() -> Markup:
    """{country: [[code, name]]} of the origin countries as JSON for the explorer's script
    (a data attribute: the CSP forbids inline script). Region names are the same in both
    languages, so it is built and escaped once per process."""
    data = {country: [list(pair) for pair in regions_of(country)] for country in ORIGINS}
    return escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


@bp.context_processor
def _choices():
    """Option lists and labels of the guide pages (codes stored, labels translated)."""
    return {
        "region_label": region_name,
        "region_choices": regions_of,
        "sector_choices": lambda: [(s.value, f"{s.value} – {s.label}") for s in IsicSection],
        "programme_kinds": ProgrammeKind.choices,
        "practice_themes": PracticeTheme.choices,
        "theme_label": lambda code: PracticeTheme(code).label if code in THEMES else code,
        "origin_choices": lambda: country_choices(ORIGINS),
        "max_skills": forms.MAX_SKILLS_LENGTH,
        "show": Display(_locale(), _is_editor()),
    }
