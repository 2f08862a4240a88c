"""The Matches tab of a case, a match's page with its decisions, and the reverse match.

- /cases/<id>/matches: the person's best jobs and businesses in their country's current guides,
  filterable by kind, region and lowest score, each with reasons, gaps and proposed training,
  and the decisions taken on the case's matches;
- /cases/<id>/matches/<kind>/<entry id>: one match scored in full (its components), its
  history of decisions and, for counsellors of an open case, the decision form (a referral or
  a placement with it);
- /matching/<kind>/<entry id>/people: the best people with an open case the viewer may see
  for one entry; every case listed is written to its access log.

The case is loaded through the scoped loaders (404 when invisible, 403 when read-only, 409
when closed); an entry is scored only when it is in a current published edition of the
person's country.
"""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.services import record_case_views
from returnsvc.cases.workspace import contribute
from returnsvc.core.countries import currency_of
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALES
from returnsvc.core.money import CURRENCIES
from returnsvc.core.numbers import parse_whole_number
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.matching import cards, contributions, decisions, guide_inputs, queries
from returnsvc.matching.components import KIND_LABELS
from returnsvc.matching.entries import Ranked
from returnsvc.matching.forms import DecisionForm, MatchFilterForm
from returnsvc.matching.presenting import present, snapshot_match
from returnsvc.matching.ranking import candidates_for, matches_for
from returnsvc.matching.scoring import score_demand, score_opportunity
from returnsvc.matching.weights import current_weights
from returnsvc.partners.models import PartnerKind

bp = Blueprint("matches", __name__)
contribute(bp, contributions)

PER_KIND = 10  # matches shown per kind at first; "show more" adds as many, up to MOST
MOST = 100
KIND_RULE = "<any(demand, opportunity):kind>"
_SCORE = {"demand": score_demand, "opportunity": score_opportunity}


def _locale() -> str:
    locale = str(get_locale() or LOCALES[0])
    return locale if locale in LOCALES else LOCALES[0]


def _filters(form: MatchFilterForm) -> dict:
    """The filters a valid form asks for; none for an invalid one (its errors are shown)."""
    if not form.validate():
        return {}
    return {
        "kind": form.kind.data or None,
        "region": form.region.data or None,
        "min_score": form.min_score.data or 0,
    }


@bp.route("/cases/<int:case_id>/matches")
@require_permission(Permission.VIEW_CASES)
def case_matches(case_id: int):
    case = viewed_case(case_id, "matches")
    country, locale = case.returnee.origin_country, _locale()
    form = MatchFilterForm(request.args)
    form.set_choices(country)
    filters = _filters(form)
    shown = parse_whole_number(request.args.get("show"), minimum=PER_KIND, maximum=MOST)
    shown = shown or PER_KIND
    ranked = matches_for(case.returnee_id, country, limit=shown, locale=locale, **filters)
    decided = queries.decisions_of(case.id)
    views = present(
        [item for kind in ranked for item in ranked[kind]],
        country=country,
        region=filters.get("region") or case.returnee.region_code or None,
        locale=locale,
        decisions=decided,
    )
    sections = [
        (kind, KIND_LABELS[kind], [v for v in views if v.kind == kind], ranked[kind].total)
        for kind in ranked
    ]
    return render_template(
        "matching/case_matches.html",
        case=case,
        form=form,
        sections=sections,
        decided=[history for history in decided.values()],
        filtered=any(filters.values()),
        more_url=url_for(
            "matches.case_matches", case_id=case.id, **_args(filters), show=shown + PER_KIND
        )
        if shown < MOST
        else None,
    )


def _args(filters: dict) -> dict:
    """The filters as query arguments (empty ones left out)."""
    return {key: value for key, value in filters.items() if value}


def _fresh(case, kind: str, entry_id: int, locale: str):
    """(Ranked, Card) for an entry of the current guides of the person's country, scored now
    with the current weights; None otherwise."""
    found = guide_inputs.current_entry(kind, entry_id, locale)
    if found is None or found[0] != case.returnee.origin_country:
        return None
    profile = queries.profile_of(case.returnee_id)
    match = _SCORE[kind](profile, found[1], current_weights(kind))
    return Ranked(kind, entry_id, match, found[1])


class MatchPage(FormPage):
    """A match in full, its decisions, and the form to decide (counsellors of an open case)."""

    template = "matching/match.html"

    def load(self, case_id: int, kind: str, entry_id: int) -> dict:
        if request.method == "POST":
            case = workable_case(case_id)
        else:
            case = viewed_case(case_id, "match")
        locale, country = _locale(), case.returnee.origin_country
        fresh = _fresh(case, kind, entry_id, locale)
        history = queries.decisions_of(case.id).get((kind, entry_id), [])
        if fresh is None and not history:
            abort(404)
        region = case.returnee.region_code or None
        if fresh is not None:
            [view] = present([fresh], country=country, region=region, locale=locale)
        else:
            stored = Ranked(kind, entry_id, snapshot_match(history[0]), None)
            [view] = present([stored], country=country, region=region, locale=locale)
        view.decisions = history
        latest = history[0] if history else None
        return {
            "case": case,
            "view": view,
            "fresh": fresh,
            "kind": kind,
            "kind_label": KIND_LABELS[kind],
            "title": view.card.title if view.card else latest.entry_title,
            "statuses": decisions.next_statuses(kind, latest.status if latest else None),
            "country": country,
        }

    def make_form(self, context: dict):
        form = DecisionForm()
        country = context["country"]
        currencies = [currency_of(country), *sorted(CURRENCIES - {currency_of(country)})]
        form.set_choices(
            context["statuses"],
            queries.active_partners(country),
            queries.active_partners(country, kind=PartnerKind.EMPLOYER),
            currencies,
        )
        if request.method == "GET":
            latest = context["view"].decision
            form.seen.data = latest.id if latest else 0
            form.currency.data = currency_of(country)
        return form

    def render(self, form, context: dict):
        return render_template(self.template, form=form, **context)

    def save(self, form, context: dict):
        fresh, view = context["fresh"], context["view"]
        return decisions.decide_match(
            context["case"],
            context["kind"],
            view.entry_id,
            form.decision_data(),
            actor=current_user,
            seen=form.seen.data,
            fresh=(context["title"], view.card.isco if view.card else "", fresh.match)
            if fresh is not None
            else None,
        )

    def done_url(self, result, context: dict) -> str:
        return url_for(
            "matches.match", case_id=context["case"].id, kind=result.kind,
            entry_id=result.entry_id, _anchor="decisions",
        )  # fmt: skip

    def message(self, result, context: dict):
        return _l(
            "Decision recorded: %(status)s — %(title)s",
            status=result.status.label,
            title=result.entry_title,
        )


add_page(
    bp,
    f"/cases/<int:case_id>/matches/{KIND_RULE}/<int:entry_id>",
    MatchPage,
    Permission.VIEW_CASES,
    endpoint="match",
)


@bp.route(f"/matching/{KIND_RULE}/<int:entry_id>/people")
@require_permission(Permission.VIEW_CASES)
def people(kind: str, entry_id: int):
    """The reverse match: who fits this entry best, among the open cases one may see."""
    locale = _locale()
    found = candidates_for(kind, entry_id, current_user, locale=locale)
    if found is None:
        abort(404)
    record_case_views([c.case_id for c in found], current_user, "reverse match")
    card = cards.cards_of(kind, [entry_id], locale).get(entry_id)
    country = guide_inputs.current_entry(kind, entry_id, locale)[0]
    ranked = [Ranked(kind, entry_id, c.match, None) for c in found]
    views = present(ranked, country=country, region=None, locale=locale, with_proposals=False)
    return render_template(
        "matching/people.html",
        card=card,
        kind=kind,
        kind_label=KIND_LABELS[kind],
        rows=list(zip(found, views, strict=True)),
    )
