"""Job placements for the benchmark's people (issue #18's dashboard measured on an empty table
without them): `python -m bench.seed --placements` (with the referrals of bench.seed.referrals),
or `bench.dashboard` before a run.

About 35 % of the demo cases opened more than two months ago whose person is back (a return date
on record) get a job, 5 % of those a second one. A job starts 1 to 18 months after the case
opened, never before the return nor after today, and no more than three weeks after the case's
first closing; it hangs, as in matching.decisions, on a "hired" decision on a demand entry of
the current labour-market guide of the person's country (of an occupation they worked in, when
the guide has one), scored with the current weights and taken by the counsellor between three
weeks before the start and two weeks after it, while the case was open. About 60 % formal (a
written contract, paid by the month), 40 % informal (verbal or seasonal, paid by the month,
week, day or hour); 8 % without a wage; the wage in the currency of the country of return, by
the occupation's major group; the employer a partner of kind employer of that country (created
where too few, bench.seed.referrals.ensure_partners) or a name.

Whether a case gets a job is drawn from the seed and its id alone, and a case that has one
already is left alone: a second run adds nothing, an appended data set gets its share. Rows are
streamed with COPY in the caller's transaction, never committed; like the other generators, no
audit entries.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.orm import aliased

from bench.seed import placements_words as words
from bench.seed.case_times import OpenCases, copy_text, draw, first_id, json_text, load
from bench.seed.referrals import ensure_partners
from bench.seed.rows import DAY, EPOCH_ORDINAL, NULL, Random
from returnsvc.core.countries import ORIGINS, currency_of
from returnsvc.extensions import db
from returnsvc.guides.models import DemandEntry, GuideEdition, GuideKind
from returnsvc.guides.queries import current_edition_ids
from returnsvc.matching.weights import current_weights
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.taxonomy.models import IscoGroupLabel

SHARE, SECOND_SHARE, FORMAL_SHARE, NO_WAGE_SHARE = 0.35, 0.05, 0.6, 0.08
SAME_OCCUPATION_SHARE = 0.6
DECISION_COLUMNS = ("id", "case_id", "kind", "entry_id", "entry_title", "entry_isco", "status",
                    "score", "components", "reasons", "gaps", "weights_version", "note",
                    "decided_by_id", "decided_at")  # fmt: skip
PLACEMENT_COLUMNS = ("id", "case_id", "decision_id", "partner_id", "employer_name", "job_title",
                     "start_date", "wage", "currency", "wage_period", "contract_type",
                     "is_formal", "hours_per_week", "created_by_id", "created_at")  # fmt: skip
PLACEMENT_TABLES = ("partner", "match_decision", "placement")


def _entries() -> dict[str, list[tuple]]:
    """Per origin country, the demand entries of its current labour-market guide: (id, ISCO
    unit group, its title as counsellors see it)."""
    spanish, english = aliased(IscoGroupLabel), aliased(IscoGroupLabel)
    current = current_edition_ids().subquery()
    rows = db.session.execute(
        select(
            GuideEdition.country,
            DemandEntry.id,
            DemandEntry.isco_code,
            func.coalesce(spanish.title, english.title, DemandEntry.isco_code),
        )
        .join(GuideEdition, GuideEdition.id == DemandEntry.edition_id)
        .outerjoin(spanish, (spanish.code == DemandEntry.isco_code) & (spanish.locale == "es"))
        .outerjoin(english, (english.code == DemandEntry.isco_code) & (english.locale == "en"))
        .where(
            DemandEntry.edition_id.in_(select(current.c.id)),
            GuideEdition.kind == GuideKind.LABOUR_MARKET,
        )
        .order_by(DemandEntry.id)
    )
    entries: dict[str, list[tuple]] = {}
    for country, *entry in rows:
        entries.setdefault(country, []).append(tuple(entry))
    return entries


def _snapshot(weights, same_occupation: bool, isco: str, rng: Random) -> tuple:
    """(score, components, reasons) of a match as the scorer leaves them: each component earns
    a whole share of its weight (half-even), the score is their sum."""
    components = []
    for name, weight in weights.values:
        if name == "occupation":
            met = 1.0 if same_occupation else rng.pick((0.25, 0.5, 0.75))
        else:
            met = rng.pick((0.5, 0.75, 1.0, 1.0))
        components.append({"name": name, "weight": weight, "earned": round(weight * met)})
    reasons = []
    if same_occupation:
        params = {"code": isco, "isco": isco, "group": isco}
        reasons.append({"code": "occupation.same_unit_group", "params": params})
    return sum(c["earned"] for c in components), components, reasons


def _pay(currency: str, formal: bool, period: str, isco: str, rng: Random) -> Decimal:
    """A wage for `period` in `currency`: a typical month's pay for the occupation's major
    group (formal jobs pay more), divided into the period and rounded as people say it. The
    benchmark guides' wage ranges are not used: they are drawn the same in every currency."""
    monthly = words.MONTHLY_PAY[currency] * words.PAY_BY_MAJOR_GROUP[isco[0]]
    monthly *= rng.between(90, 180) / 100 if formal else rng.between(45, 110) / 100
    if currency == "COP":
        step = Decimal(1000 if period in ("month", "week") else 100)
    else:
        step = Decimal("0.5") if period == "hour" else Decimal(1)
    wage = (Decimal(str(monthly / words.PER_MONTH[period])) / step).quantize(Decimal(1)) * step
    return max(step, wage).quantize(Decimal("0.01"))


def seed_placements(seed: int = 42, today: date | None = None, progress=None) -> dict[str, int]:
    """Hired decisions and their placements for the demo cases that have none (see the
    module's docstring); returns rows written per table. Never commits."""
    say = progress or (lambda _message: None)
    created = ensure_partners(seed)  # employers among them
    say(f"  partner: {created:,} created")
    cases = OpenCases(today)
    entries = _entries()
    for country in sorted(set(ORIGINS) - set(entries)):
        say(f"  no current labour-market guide entries for {country}: no placements there")
    by_isco: dict[str, dict[str, list[tuple]]] = {}
    for country, rows in entries.items():
        for entry in rows:
            by_isco.setdefault(country, {}).setdefault(entry[1], []).append(entry)
    occupations = dict(
        db.session.execute(
            text(
                "SELECT returnee_id, array_agg(DISTINCT isco_code) FROM work_experience GROUP BY 1"
            )
        ).all()
    )
    employers: dict[str, list[tuple[int, str]]] = {}
    for partner_id, country, name in db.session.execute(
        select(Partner.id, Partner.country, Partner.name)
        .where(Partner.is_active, Partner.kind == PartnerKind.EMPLOYER)
        .order_by(Partner.id)
    ):
        employers.setdefault(country, []).append((partner_id, name))
    weights = current_weights("demand")
    ts, day_text = cases.clock.ts, cases.clock.day
    decision_id, placement_id = first_id("match_decision"), first_id("placement")
    decisions, placements = [], []
    for row in cases.rows:
        case_id, origin, office_country, returned = (
            row.id,
            row.origin,
            row.office_country,
            row.returned,
        )
        opened, end = row.opened, min(row.open_until, cases.limit)
        opened_day, end_day = opened // DAY, end // DAY
        if row.placed or returned is None or origin not in entries:
            continue
        if opened_day > cases.today - 61:  # opened two months ago or less
            continue
        if draw(seed, case_id, "placement") >= SHARE:
            continue
        low = max(opened_day + 30, returned.toordinal() - EPOCH_ORDINAL)
        high = min(opened_day + 548, cases.today, end_day + 21)
        if low > high:
            continue
        rng = Random(f"{seed}:{case_id}:placement")
        if rng.random() < SECOND_SHARE and low + 60 <= high:  # a second job, two months on
            starts = [rng.between(low, high - 60)]
            starts.append(rng.between(starts[0] + 60, high))
        else:
            starts = [rng.between(low, high)]
        by = cases.actor(row)
        currency = currency_of(origin)
        worked = set(occupations.get(row.returnee_id) or ())
        pool = entries[origin]
        same = [entry for code in worked for entry in by_isco[origin].get(code, ())]
        used: set[int] = set()
        for start in starts:
            entry = rng.pick(same if same and rng.random() < SAME_OCCUPATION_SHARE else pool)
            if entry[0] in used:  # a hired match is final: a second job is another entry
                entry = rng.pick(pool)
                if entry[0] in used:
                    break
            used.add(entry[0])
            entry_id, isco, title = entry
            score, components, reasons = _snapshot(weights, isco in worked, isco, rng)
            decided_day = rng.between(start - 21, min(start + 14, end_day))
            decided = ts(cases.moment(decided_day, office_country, rng, opened + 60, end))
            decisions.append(
                f"{decision_id}\t{case_id}\tdemand\t{entry_id}\t{copy_text(title)}\t{isco}\thired"
                f"\t{score}\t{json_text(components)}\t{json_text(reasons)}\t[]\t{weights.version}\t"
                f"\t{by}\t{decided}\n"
            )
            formal = rng.random() < FORMAL_SHARE
            partner_id = NULL
            if formal:
                contract, period = rng.weighted(words.FORMAL_CONTRACTS), "month"
                hours = rng.pick(words.FORMAL_HOURS)
                employer = rng.pick(words.FORMAL_EMPLOYERS)
                if employers.get(origin) and rng.random() < 0.5:
                    partner_id, employer = rng.pick(employers[origin])
            else:
                contract = rng.weighted(words.INFORMAL_CONTRACTS)
                period = rng.weighted(words.INFORMAL_PERIODS)
                hours = rng.pick(words.INFORMAL_HOURS)
                employer = rng.pick(words.INFORMAL_EMPLOYERS)
            wage, paid_in = NULL, NULL
            if rng.random() >= NO_WAGE_SHARE:
                wage, paid_in = _pay(currency, formal, period, isco, rng), currency
            placements.append(
                f"{placement_id}\t{case_id}\t{decision_id}\t{partner_id}\t{copy_text(employer)}"
                f"\t{copy_text(title)}\t{day_text(start)}\t{wage}\t{paid_in}\t{period}"
                f"\t{contract}\t{'t' if formal else 'f'}\t{NULL if hours is None else hours}"
                f"\t{by}\t{decided}\n"
            )
            decision_id += 1
            placement_id += 1
    counts = {"partner": created}
    counts |= load(
        (("match_decision", DECISION_COLUMNS, decisions),
         ("placement", PLACEMENT_COLUMNS, placements)),
        say,
    )  # fmt: skip
    return counts
