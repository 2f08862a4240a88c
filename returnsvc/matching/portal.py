"""The person's opportunities in their own portal (/my/opportunities, issue #17): their best
jobs and business ideas, ranked as the case's Matches tab ranks them (entries.rank_entries on
their skills profile, the same weights and guides), said to them in plain words ("you have 4
of the 6 skills asked for"), what is missing and what could help; "I am interested" tells
their counsellor (services.record_interest: a task and an event on the case's timeline).

Only the person's own field is shown (entries.is_related, as the public explorer does): a
bricklayer is not offered nursing jobs. A person whose profile holds no trade and no skill is
told what to do instead; with nothing in the guides for them, the section is hidden.

The ids a form sends are checked against the matches shown to the person (their current
best ones): anything else is refused, whatever it is.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask import g, request
from flask_babel import format_decimal
from flask_babel import gettext as _

from returnsvc.core.enums import EducationLevel
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code
from returnsvc.core.numbers import parse_id
from returnsvc.core.refusals import Refusal
from returnsvc.core.regions import region_name
from returnsvc.matching import explain, queries, services
from returnsvc.matching.entries import KINDS, rank_entries
from returnsvc.matching.presenting import MatchView, present
from returnsvc.matching.scoring import Gap, Reason

KEY = "opportunities"
PER_KIND = 5  # jobs and businesses shown each
ON_HOME = 2  # the best ones on the portal's home
SHOWN_GAPS = 4  # what is missing, at most (then "and N more")
_CACHE = "_portal_opportunities"


class NotYourOpportunity(Refusal):
    """An "I am interested" for something that is not one of the person's opportunities."""


@dataclass
class Opportunity:
    view: MatchView
    sentences: list[str]  # why it fits, in plain words
    interested: bool  # the person has already said so

    @property
    def kind(self) -> str:
        return self.view.kind

    @property
    def entry_id(self) -> int:
        return self.view.entry_id

    @property
    def title(self) -> str:
        return self.view.card.title if self.view.card else f"#{self.view.entry_id}"


@dataclass
class Opportunities:
    """What the section shows: jobs and businesses, best first; or, for a person with no
    trade or skill recorded, `needs_profile` and nothing else."""

    jobs: list = field(default_factory=list)
    businesses: list = field(default_factory=list)
    can_say: bool = False  # "I am interested" is offered (an open case)
    needs_profile: bool = False

    @property
    def best(self) -> list[Opportunity]:
        """The best ON_HOME of both kinds (ties: jobs first, then by id)."""
        both = sorted(
            [*self.jobs, *self.businesses],
            key=lambda o: (-o.view.score, KINDS.index(o.kind), o.entry_id),
        )
        return both[:ON_HOME]

    def find(self, kind: str, entry_id: int) -> Opportunity | None:
        return next(
            (o for o in (*self.jobs, *self.businesses) if (o.kind, o.entry_id) == (kind, entry_id)),
            None,
        )


# --- the scorer's reasons and gaps, said to the person -------------------------------------


def _isco(names: explain.Names, code) -> str:
    return names.isco.get(code, code) if code else ""


def _regions(codes) -> str:
    return ", ".join(region_name(code) or code for code in codes)


def _years(value) -> str:
    return format_decimal(Decimal(value or 0))


_CODE_AFTER = re.compile(r"\s*\([^()]*\)$")


def _studies(level) -> str:
    """The level of education without its ISCED code: "Lower secondary education"."""
    if level is None:
        return ""
    return _CODE_AFTER.sub("", str(EducationLevel(f"isced{level}").label))


def reason_for_you(reason: Reason, names: explain.Names) -> str:
    """Why it fits, to the person; "" for what needs no saying (nothing is asked)."""
    p, code = reason.params, reason.code
    if code == "occupation.same_unit_group":
        return _("It fits your trade.")
    if code.startswith("occupation.same_"):
        return _("It is close to your trade: %(trade)s.", trade=_isco(names, p.get("code")))
    if code == "occupation.any":
        return _("Any trade can do it.")
    if code == "skills.covered":
        return _(
            "You have %(have)s of the %(need)s skills asked for.", have=p["have"], need=p["need"]
        )
    if code == "experience.enough":
        return _(
            "You have %(have)s years of experience; they ask for %(need)s.",
            have=_years(p["have"]),
            need=_years(p["need"]),
        )
    if code == "education.met":
        return _("Your studies are enough.")
    if code == "certifications.held":
        return _(
            "You have %(have)s of the %(need)s certificates asked for.",
            have=p["have"],
            need=p["need"],
        )
    if code == "region.preferred":
        return _("It is in %(regions)s, where you want to live.", regions=_regions(p["regions"]))
    if code == "region.willing_to_move":
        return _("It is in another region, and you said you can move.")
    if code == "recognition.met":
        return _("Your qualification is recognised.")
    if code == "capital.enough":
        return _(
            "You have %(have)s, enough for the %(need)s it takes to start.",
            have=names.money(p["have"]),
            need=names.money(p["need"]),
        )
    if code == "training.entrepreneurship_done":
        return _("You have done a course on running a business.")
    # skills.none_required, region.nationwide ("Where" says it), demand.level (said with the
    # regions, below), recognition and training not required, capital without a range:
    # nothing to tell the person.
    return ""


def gap_for_you(gap: Gap, names: explain.Names) -> str:
    """What is missing, to the person."""
    p, code = gap.params, gap.code
    if code == "occupation.unrelated":
        trades = ", ".join(_isco(names, c) for c in p.get("isco") or ())
        return _("It is another trade: %(trade)s.", trade=trades)
    if code == "skill.missing":
        return _("A skill you would need: %(skill)s.", skill=names.skill(p))
    if code == "experience.short":
        return _(
            "They ask for %(need)s years of experience; you have %(have)s.",
            have=_years(p["have"]),
            need=_years(p["need"]),
        )
    if code == "education.below":
        return _("They ask for more studies: %(need)s.", need=_studies(p["need"]))
    if code == "certification.missing":
        return _("A certificate you would need: %(code)s.", code=p["code"])
    if code == "region.outside":
        return _(
            "It is only in %(regions)s, not where you want to live.",
            regions=_regions(p["regions"]),
        )
    if code == "recognition.start":
        return _("Your qualification must be recognised in the country. Ask how to start.")
    if code == "recognition.wait":
        return _("The recognition of your qualification is not finished yet.")
    if code == "capital.unknown":
        return _("It takes at least %(need)s to start.", need=names.money(p["need"]))
    if code == "capital.short":
        return _(
            "You have %(have)s; it takes at least %(need)s to start.",
            have=names.money(p["have"]),
            need=names.money(p["need"]),
        )
    if code == "training.entrepreneurship":
        return _("You first need a course on running a business.")
    return ""


def _demand_sentence(view: MatchView) -> str:
    """How much the job is in demand, and where: "This trade is in high demand in Azuay"."""
    card = view.card
    if card is None or view.kind != "demand" or card.level is None:
        return ""
    level = getattr(card.level, "value", card.level)
    where = view.region_names
    if level == "high":
        if where:
            return _("This trade is in high demand in %(regions)s.", regions=where)
        return _("This trade is in high demand all over the country.")
    if level == "medium":
        if where:
            return _("This trade is in demand in %(regions)s.", regions=where)
        return _("This trade is in demand in the country.")
    return ""


# --- the section ---------------------------------------------------------------------------


def _has_profile(profile) -> bool:
    return bool(profile.occupations or profile.skills or profile.own_words)


def opportunities_of(case, returnee) -> Opportunities | None:
    """The person's opportunities (see the module docstring); None when there is nothing to
    show. A fixed number of statements whatever the number of guide entries: the profile,
    the ranking's, the cards and names, and the person's "interested" events."""
    if case is None:
        return None
    profile = queries.profile_of(returnee.id)
    if not _has_profile(profile):
        return Opportunities(needs_profile=True)
    locale, country = locale_code(), returnee.origin_country
    ranked = rank_entries(profile, country, limit=PER_KIND, locale=locale, related_only=True)
    items = [item for kind in KINDS for item in ranked.get(kind, ())]
    if not items:
        return None
    views = present(
        items,
        country=country,
        region=returnee.region_code or None,
        locale=locale,
        reason_text=reason_for_you,
        gap_text=gap_for_you,
    )
    said = services.interests_of(case.id)
    found = Opportunities(can_say=case.is_open)
    for view in views:
        sentences = [_demand_sentence(view), *view.reasons]
        view.gaps = [gap for gap in view.gaps if gap]
        item = Opportunity(view, [s for s in sentences if s], (view.kind, view.entry_id) in said)
        (found.jobs if view.kind == "demand" else found.businesses).append(item)
    return found


def load(case, returnee, viewer) -> Opportunities | None:
    """The section's data, read once per request (the portal loads every section for its menu,
    then this one for its page or its form)."""
    key = (case.id if case is not None else None, returnee.id, locale_code())
    cached = g.get(_CACHE)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = opportunities_of(case, returnee)
    setattr(g, _CACHE, (key, found))
    return found


def say_interested(case, returnee, viewer):
    """POST /my/opportunities (kind, entry): "I am interested" in one of the person's own
    opportunities. Anything that is not one of them (another kind, an id of someone else's
    match, "²", "-1", "2147483648", "abc") is refused and writes nothing."""
    found = load(case, returnee, viewer)
    kinds, entries = request.form.getlist("kind"), request.form.getlist("entry")
    # One of each: a form that says two things at once says nothing.
    kind = kinds[0] if len(kinds) == 1 else ""
    entry_id = parse_id(entries[0]) if len(entries) == 1 else None
    item = None
    if found is not None and kind in KINDS and entry_id is not None:
        item = found.find(kind, entry_id)
    if item is None:
        raise NotYourOpportunity(
            _l("This is not one of your opportunities. Choose one from the list.")
        )
    if not found.can_say:
        raise NotYourOpportunity(
            _l("Your case is closed. If you need help again, write to the office or visit it.")
        )
    event = None
    if not item.interested:
        event = services.record_interest(case, kind, entry_id, actor=viewer)
    if event is None:
        return _l("Your counsellor already knows that this interests you.")
    if event.data.get("task_id") is None:
        return _l("Thank you. Your office will talk to you about it.")
    return _l("Thank you. Your counsellor will talk to you about it.")
