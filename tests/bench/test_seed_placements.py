"""bench.seed's placements and referrals, at a small scale inside the test transaction: every
row is one the application could have written (a placement on a "hired" decision, dates within
the case's life and never in the future, the wage in the currency of the country of return, the
employer and the referred-to partners of the person's country, referral statuses reached through
partners.services.TRANSITIONS with their timeline events), the shares are about those asked for,
and a second run adds nothing."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, text

from bench.seed import seed_guides, seed_profiles, seed_scale
from bench.seed.__main__ import main as seed_main
from bench.seed.placements import seed_placements
from bench.seed.referrals import seed_referrals
from returnsvc.cases.models import CaseEvent
from returnsvc.core.countries import ORIGINS, currency_of
from returnsvc.extensions import db
from returnsvc.matching.models import DecisionStatus, MatchDecision, Placement
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.partners.services import TRANSITIONS

# Per case: when it opened, until when it was open (its first closing, else now), the person's
# country, their sharing consent and return date.
CASES = """
SELECT c.id, c.opened_at, coalesce(min(t.occurred_at) FILTER (WHERE t.to_stage = 'closed'),
       now()), r.origin_country, r.consent_sharing_at, m.actual_return_date
FROM case_file c JOIN returnee r ON r.id = c.returnee_id
LEFT JOIN migration_history m ON m.returnee_id = r.id
LEFT JOIN case_transition t ON t.case_id = c.id
GROUP BY c.id, r.id, m.id
"""


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def test_generated_placements_are_consistent(app, tx):
    with app.app_context():
        seed_scale(400, seed=13, rebuild_indexes=True)
        seed_guides(200, seed=13)
        seed_profiles(seed=13)
        today = date.today()
        counts = seed_placements(seed=13, today=today)
        cases = {row[0]: row[1:] for row in db.session.execute(text(CASES))}
        assert counts["placement"] == _count(Placement) == counts["match_decision"]
        placed_cases = set()
        formal = 0
        for placement, decision in db.session.execute(
            select(Placement, MatchDecision).join(
                MatchDecision, MatchDecision.id == Placement.decision_id
            )
        ):
            opened, until, country, _sharing, returned = cases[placement.case_id]
            opened_day = opened.astimezone(UTC).date()
            assert decision.case_id == placement.case_id
            assert decision.status is DecisionStatus.HIRED and decision.kind == "demand"
            assert len(decision.entry_isco) == 4 and decision.entry_title
            assert decision.score == sum(c["earned"] for c in decision.components)
            assert opened <= decision.decided_at <= until
            assert placement.created_at == decision.decided_at
            # From a month to 18 months after the case opened, after the return, by today.
            assert opened_day + timedelta(days=30) <= placement.start_date <= today
            assert placement.start_date <= _add_months(opened_day, 18) + timedelta(days=3)
            assert placement.start_date >= returned
            assert placement.start_date <= until.astimezone(UTC).date() + timedelta(days=21)
            if placement.wage is not None:
                assert placement.currency == currency_of(country) and placement.wage > 0
            else:
                assert placement.currency is None
            assert placement.employer_name
            if placement.partner_id is not None:
                partner = db.session.get(Partner, placement.partner_id)
                assert partner.kind is PartnerKind.EMPLOYER and partner.country == country
                assert partner.name == placement.employer_name
            if placement.is_formal:
                formal += 1
                assert placement.contract_type.value != "verbal"
            else:
                assert placement.contract_type.value in ("verbal", "seasonal")
            placed_cases.add(placement.case_id)
        # About 35 % of the cases opened over two months ago whose person is back.
        eligible = [
            case_id
            for case_id, (opened, _until, _country, _sharing, returned) in cases.items()
            if returned is not None and opened.astimezone(UTC).date() <= today - timedelta(days=61)
        ]
        assert placed_cases <= set(eligible)
        assert 0.2 <= len(placed_cases) / len(eligible) <= 0.45
        assert 0.45 <= formal / counts["placement"] <= 0.75
        # Two jobs of one person are two different matches (a hired match is final).
        assert _count(MatchDecision) == db.session.scalar(
            select(
                func.count(func.distinct(func.row(MatchDecision.case_id, MatchDecision.entry_id)))
            )
        )
        currencies = set(db.session.scalars(select(Placement.currency).distinct()))
        assert {"USD", "COP"} <= currencies

        assert sum(seed_placements(seed=13, today=today).values()) == 0
        assert _count(Placement) == counts["placement"]


def _moves(referral_id: int) -> list[tuple]:
    return [
        (event.data["from"], event.data["to"], event.occurred_at)
        for event in db.session.scalars(
            select(CaseEvent)
            .where(
                CaseEvent.kind == "referral.status",
                CaseEvent.data["referral_id"].as_integer() == referral_id,
            )
            .order_by(CaseEvent.occurred_at, CaseEvent.id)
        )
    ]


def test_generated_referrals_are_consistent(app, tx):
    with app.app_context():
        seed_scale(400, seed=17, rebuild_indexes=True)
        counts = seed_referrals(seed=17)
        for country in ORIGINS:
            for kind in PartnerKind:
                assert _count(Partner, Partner.country == country, Partner.kind == kind) >= 3
        assert counts["partner"] == _count(Partner, Partner.is_demo)
        cases = {row[0]: row[1:] for row in db.session.execute(text(CASES))}
        assert counts["referral"] == _count(Referral) > 0
        now = datetime.now(UTC)
        statuses, referred = set(), set()
        for referral in db.session.scalars(select(Referral)):
            opened, until, country, sharing, _returned = cases[referral.case_id]
            assert referral.partner.country == country and referral.partner.is_active
            assert sharing is not None and sharing <= referral.sent_at
            assert opened <= referral.sent_at <= until <= now + timedelta(minutes=1)
            assert referral.purpose and referral.sent_by_id is not None
            # The status was reached one allowed step at a time, each on the timeline.
            moves = _moves(referral.id)
            assert referral.version == 1 + len(moves)
            current, moment = ReferralStatus.SENT, referral.sent_at
            for before, after, occurred_at in moves:
                assert before == current.value and ReferralStatus(after) in TRANSITIONS[current]
                assert moment < occurred_at <= until
                current, moment = ReferralStatus(after), occurred_at
            assert current is referral.status
            status = referral.status
            assert (referral.responded_at is None) == (status is ReferralStatus.SENT)
            if moves:
                assert referral.responded_at == moves[0][2]
            assert (referral.completed_at is not None) == (status is ReferralStatus.COMPLETED)
            assert bool(referral.decline_reason) == (status is ReferralStatus.DECLINED)
            assert bool(referral.outcome) == (status is ReferralStatus.COMPLETED)
            if status is ReferralStatus.COMPLETED:
                assert referral.completed_at == moves[-1][2] > referral.responded_at
            statuses.add(status)
            referred.add(referral.case_id)
        assert statuses == set(ReferralStatus)
        # One open referral per partner and case at most (the service refuses a second).
        assert not db.session.execute(
            select(Referral.case_id, Referral.partner_id)
            .where(Referral.status.in_((ReferralStatus.SENT, ReferralStatus.ACCEPTED)))
            .group_by(Referral.case_id, Referral.partner_id)
            .having(func.count() > 1)
        ).all()
        consenting = [case_id for case_id, row in cases.items() if row[3] is not None]
        assert 0.15 <= len(referred) / len(consenting) <= 0.35
        assert 1.1 <= counts["referral"] / len(referred) <= 1.6
        assert counts["case_event"] == _count(CaseEvent, CaseEvent.kind == "referral.status")

        assert sum(seed_referrals(seed=17).values()) == 0
        assert _count(Referral) == counts["referral"]


def test_the_command_line_generates_placements_and_referrals(app, tx, capsys):
    with app.app_context():
        seed_scale(60, seed=19)
        seed_guides(100, seed=19)
        db.session.commit()  # the test's outer transaction still rolls it back
    assert seed_main(["--placements", "--seed", "19"], app=app) == 0
    assert "referrals" in capsys.readouterr().out
    with app.app_context():
        assert _count(Referral) > 0 and _count(Placement) > 0
