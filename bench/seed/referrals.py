"""Referrals for the benchmark's people (issue #18's dashboard measured on an empty table
without them): `python -m bench.seed --placements` (with the jobs of bench.seed.placements), or
`bench.dashboard` before a run.

First the directory gets partners of every kind in each origin country where it holds too few
(through partners.services.create_partner, `is_demo`). Then about 25 % of the demo cases whose
person consented to sharing get one or two referrals to distinct partners of their country,
sent by the counsellor after the consent while the case was open, and moved as
partners.services.TRANSITIONS allow: sent, accepted, completed, declined, or cancelled (after an
acceptance or before any answer). Most are sent early in the case; an answer comes 1 to 14 days
after the sending, a completion 1 to 11 weeks after the acceptance, all before the case's first
closing (so recent ones are still waiting). Each status change is on the case's timeline as
partners.services writes it (a "referral.status" CaseEvent: the referrals figure reads it), and
`version` counts the changes.

Whether a case gets referrals is drawn from the seed and its id alone, and a case that has one
already is left alone: a second run adds nothing, an appended data set gets its share. Rows are
streamed with COPY in the caller's transaction, never committed; like the other generators, no
audit entries (the partners, made through the service, have theirs).
"""

from datetime import date

from sqlalchemy import select

from bench.seed import placements_words as words
from bench.seed.case_times import OpenCases, draw, first_id, json_text, load
from bench.seed.rows import DAY, NULL, Random
from bench.seed.words import REGIONS
from returnsvc.core.countries import ORIGINS
from returnsvc.core.regions import regions_of
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.partners.services import create_partner

REFERRAL_SHARE, SECOND_REFERRAL_SHARE = 0.25, 0.35
REFERRAL_COLUMNS = ("id", "case_id", "partner_id", "purpose", "status", "sent_at", "sent_by_id",
                    "responded_at", "decline_reason", "completed_at", "outcome", "created_at",
                    "updated_at", "version")  # fmt: skip
EVENT_COLUMNS = ("id", "case_id", "occurred_at", "kind", "actor_id", "data")
REFERRAL_TABLES = ("partner", "referral", "case_event")


def ensure_partners(seed: int = 42) -> int:
    """Active partners of every kind in each origin country, up to words.PARTNER_MINIMUM
    (created through the directory's service, `is_demo`); returns how many were created."""
    have: dict[tuple, int] = {}
    taken: dict[str, set[str]] = {}
    for country, kind, name, active in db.session.execute(
        select(Partner.country, Partner.kind, Partner.name, Partner.is_active)
    ):
        taken.setdefault(country, set()).add(name.lower())
        if active:
            have[(country, kind.value)] = have.get((country, kind.value), 0) + 1
    created = 0
    for country in ORIGINS:
        valid = {code for code, _name in regions_of(country)}
        places = [(code, city) for code, city, _w in REGIONS[country] if code in valid]
        rng = Random(f"{seed}:{country}:partners")
        for kind in PartnerKind:
            wanted = words.PARTNER_MINIMUM.get(kind.value, words.PARTNER_MINIMUM_OTHERS)
            names = [
                (f"{base} {city}", code, city)
                for code, city in places
                for base in words.PARTNER_NAMES[kind.value]
            ]
            rng.shuffle(names)
            for name, code, city in names:
                if have.get((country, kind.value), 0) >= wanted:
                    break
                if name.lower() in taken.setdefault(country, set()):
                    continue
                create_partner(
                    {"name": name, "kind": kind.value, "country": country, "region_code": code,
                     "city": city, "services": words.PARTNER_SERVICES[kind.value]},
                    actor=None,
                    is_demo=True,
                )  # fmt: skip
                taken[country].add(name.lower())
                have[(country, kind.value)] = have.get((country, kind.value), 0) + 1
                created += 1
    return created


def _answer(cases: OpenCases, country: str, rng: Random, after: int, days: tuple, last: int):
    """A moment `days` (low, high) after `after`, in office hours; None past `last`."""
    day = after // DAY + rng.between(*days)
    moment = cases.moment(day, country, rng, after + 60, 2**62)
    return moment if moment <= last else None


def seed_referrals(seed: int = 42, today: date | None = None, progress=None) -> dict[str, int]:
    """Partners where too few, then referrals and their status changes for the demo cases that
    have none (see the module's docstring); returns rows written per table. Never commits."""
    say = progress or (lambda _message: None)
    created = ensure_partners(seed)
    say(f"  partner: {created:,} created")
    cases = OpenCases(today)
    partners: dict[str, dict[str, list[int]]] = {}
    for partner_id, country, kind in db.session.execute(
        select(Partner.id, Partner.country, Partner.kind)
        .where(Partner.is_active)
        .order_by(Partner.id)
    ):
        partners.setdefault(country, {}).setdefault(kind.value, []).append(partner_id)
    ts = cases.clock.ts
    referral_id, event_id = first_id("referral"), first_id("case_event")
    referrals, events = [], []
    for row in cases.rows:
        case_id, origin, office_country, sharing = (
            row.id,
            row.origin,
            row.office_country,
            row.sharing,
        )
        opened, end = row.opened, min(row.open_until, cases.limit)
        if row.referred or sharing is None or origin not in partners:
            continue
        if draw(seed, case_id, "referral") >= REFERRAL_SHARE:
            continue
        first, last = max(opened, sharing) + 3600, end - 60
        if first >= last:
            continue
        rng = Random(f"{seed}:{case_id}:referrals")
        by = cases.actor(row)
        chosen: list[tuple[int, str]] = []
        for _ in range(1 + (rng.random() < SECOND_REFERRAL_SHARE)):
            kind = rng.weighted(words.REFERRAL_KINDS)
            options = [p for p in partners[origin].get(kind, ()) if p not in dict(chosen)]
            if options:
                chosen.append((rng.pick(options), kind))
        for partner_id, kind in chosen:
            # Mostly early in the case, when its plan is made.
            sent_day = first // DAY + int((last // DAY - first // DAY + 1) * rng.random() ** 2)
            sent = cases.moment(sent_day, office_country, rng, first, last)
            end_as = rng.weighted(words.REFERRAL_ENDS)
            moves = []  # (moment, from, to)
            if end_as not in ("sent", "cancelled"):
                accepted = _answer(cases, office_country, rng, sent, (1, 14), last)
                if accepted is not None:
                    to = "declined" if end_as == "declined" else "accepted"
                    moves.append((accepted, "sent", to))
                    if end_as in ("completed", "cancelled_after_acceptance"):
                        span = (7, 75) if end_as == "completed" else (7, 60)
                        then = _answer(cases, office_country, rng, accepted, span, last)
                        if then is not None:
                            to = "completed" if end_as == "completed" else "cancelled"
                            moves.append((then, "accepted", to))
            elif end_as == "cancelled":
                cancelled = _answer(cases, office_country, rng, sent, (3, 30), last)
                if cancelled is not None:
                    moves.append((cancelled, "sent", "cancelled"))
            status = moves[-1][2] if moves else "sent"
            responded = ts(moves[0][0]) if moves else NULL
            completed = ts(moves[-1][0]) if status == "completed" else NULL
            reason = rng.pick(words.DECLINE_REASONS) if status == "declined" else ""
            outcome = rng.pick(words.OUTCOMES) if status == "completed" else ""
            changed = ts(moves[-1][0]) if moves else ts(sent)
            referrals.append(
                f"{referral_id}\t{case_id}\t{partner_id}\t{rng.pick(words.PURPOSES[kind])}"
                f"\t{status}\t{ts(sent)}\t{by}\t{responded}\t{reason}\t{completed}\t{outcome}"
                f"\t{ts(sent)}\t{changed}\t{1 + len(moves)}\n"
            )
            for moment, before, after in moves:
                data = {"referral_id": referral_id, "from": before, "to": after}
                events.append(
                    f"{event_id}\t{case_id}\t{ts(moment)}\treferral.status\t{by}\t{json_text(data)}\n"
                )
                event_id += 1
            referral_id += 1
    counts = {"partner": created}
    counts |= load(
        (("referral", REFERRAL_COLUMNS, referrals), ("case_event", EVENT_COLUMNS, events)), say
    )
    return counts
