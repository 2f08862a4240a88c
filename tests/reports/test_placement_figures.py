"""The dashboard's job and outcome figures (#18, matching.timing_figures, placement_figures and
support_figures): days from registration to a first job or business, placement rates within 6
and 12 months by cohort (censored), formal and informal placements and wages per currency,
outcomes by the support received. Each against numbers worked by hand and against SQL of the
test's own; by sex; fixed statements; the page in English and in Spanish.

The cases are dated relative to today (days before it: "-400" is 400 days ago), so that the
censoring is that of the day the suite runs; every date is weeks away from a 6- or 12-month
mark."""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.cases.figure_parts import months_of
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import in_locale
from returnsvc.enterprise.models import Enterprise, EnterpriseStage, EnterpriseTraining
from returnsvc.extensions import db
from returnsvc.matching import placement_figures, support_figures, timing_figures
from returnsvc.matching.decisions import decide_match
from returnsvc.matching.models import ContractType, WagePeriod
from returnsvc.matching.scoring import Match
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.returnees.models import Sex
from returnsvc.savings.models import SavingsPlan, SavingsPurpose
from tests.cases.helpers import other_client
from tests.helpers import count_statements
from tests.reports.export_helpers import in_english

EN = {"Accept-Language": "en"}
_entries = itertools.count(900_000)


def _day(offset: int) -> date:
    return local_today() + timedelta(days=offset)


def _open_on(app, case_id, offset):
    """The case was opened at noon UTC (07:00 in Quito) `offset` days from today."""
    with app.app_context():
        at = datetime.combine(_day(offset), time(12), tzinfo=UTC)
        db.session.execute(
            text("UPDATE case_file SET opened_at = :at WHERE id = :id"), {"at": at, "id": case_id}
        )
        db.session.execute(
            text("UPDATE case_transition SET occurred_at = :at WHERE case_id = :id"),
            {"at": at, "id": case_id},
        )
        db.session.commit()


def _hire(app, case_id, start_offset, *, wage=None, currency=None, period="month",
          contract="permanent", formal=True):  # fmt: skip
    """A placement as the Matches tab records it: a "hired" decision through the service."""
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        decide_match(
            case, "demand", next(_entries),
            {
                "status": "hired", "employer_name": "Constructora Andina",
                "start_date": _day(start_offset), "wage": Decimal(wage) if wage else None,
                "currency": currency, "wage_period": period, "contract_type": contract,
                "is_formal": formal, "job_title": "Albañil",
            },
            actor=None, seen=0, fresh=("Albañil", "7112", Match(80, (), (), (), "test")),
        )  # fmt: skip
        db.session.commit()


def _business(app, case_id, launched=None, closed=None):
    with app.app_context():
        stage = EnterpriseStage.CLOSED if closed is not None else EnterpriseStage.OPERATING
        enterprise = Enterprise(
            case_id=case_id, name="Tienda", sector="G", stage=stage,
            launched_on=_day(launched) if launched is not None else None,
            closed_on=_day(closed) if closed is not None else None,
        )  # fmt: skip
        db.session.add(enterprise)
        db.session.commit()
        return enterprise.id


def _close(app, case_id, reason):
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        change_stage(
            case, Stage.CLOSED, version=case.version, actor=None, close_reason=CloseReason(reason)
        )
        db.session.commit()


@pytest.fixture
def world(app, make):
    """An Ecuadorian office's cases, with jobs, businesses, training and savings (see each);
    the period is the last 420 days."""
    office = make.office("EC", name="Quito")
    sexes = {"a": "female", "b": "male", "c": "female", "d": "male", "e": "other", "g": "male",
             "h": "female", "i": "other", "j": "female", "k": "male", "l": "male"}  # fmt: skip
    opened = {"a": -400, "b": -400, "c": -300, "d": -250, "e": -60, "g": -400, "h": -100,
              "i": -90, "j": -80, "k": -70, "l": -500}  # fmt: skip
    cases = {}
    for name, sex in sexes.items():
        cases[name] = make.case(office_id=office.id, sex=sex).id
        _open_on(app, cases[name], opened[name])
    # A: two formal jobs (USD 500 and 650 a month), a business, a savings plan.
    _hire(app, cases["a"], -300, wage="500", currency="USD")
    _hire(app, cases["a"], -200, wage="650", currency="USD")
    _business(app, cases["a"], launched=-250)
    # B: an informal job paid by the day; a business opened 40 days after registering.
    _hire(app, cases["b"], -150, wage="20", currency="USD", period="day", contract="verbal",
          formal=False)  # fmt: skip
    _business(app, cases["b"], launched=-360)
    # C: a job that starts in 10 days; a business opened before registering.
    _hire(app, cases["c"], 10, wage="900", currency="USD")
    _business(app, cases["c"], launched=-305)
    # D: a fixed-term job; E: a seasonal job with no wage given (placed within 6 months, but
    # registered 60 days ago: censored); G: a job paid in euros.
    _hire(app, cases["d"], -220, wage="700", currency="USD", contract="fixed_term")
    _hire(app, cases["e"], -50, contract="seasonal", formal=False)
    _hire(app, cases["g"], -100, wage="1200", currency="EUR")
    # H: a business that opened and closed, an entrepreneurship training; closed self-employed.
    programme = make.programme("EC", kind="training")
    h_business = _business(app, cases["h"], launched=-50, closed=-10)
    # J: a business operating; a completed referral to a training institution.
    _business(app, cases["j"], launched=-20)
    # L: registered before the period, with a job before it too.
    _hire(app, cases["l"], -450, wage="400", currency="USD")
    with app.app_context():
        db.session.add(
            EnterpriseTraining(
                enterprise_id=h_business, programme_id=programme, attended_on=_day(-60)
            )
        )
        partner = Partner(name="SECAP", kind=PartnerKind.TRAINING, country="EC")
        db.session.add(partner)
        db.session.flush()
        db.session.add(
            Referral(
                case_id=cases["j"], partner_id=partner.id, purpose="Curso de contabilidad",
                status=ReferralStatus.COMPLETED,
            )
        )  # fmt: skip
        for name in ("a", "i"):
            db.session.add(
                SavingsPlan(
                    case_id=cases[name], purpose=SavingsPurpose.HOUSING,
                    target_amount=Decimal("1000"), currency="USD", starts_on=_day(-30),
                    target_date=_day(300), recommended_monthly=Decimal("100"),
                )
            )  # fmt: skip
        db.session.commit()
    _close(app, cases["h"], "self_employed")
    _close(app, cases["k"], "employed")
    # Bolivia's case is not the Ecuadorian manager's.
    bolivia = make.office("BO", name="Cochabamba")
    bo = make.case(office_id=bolivia.id, origin_country="BO", nationality="BO",
                   document_country="BO", region_code="BO-C", sex="female").id  # fmt: skip
    _open_on(app, bo, -200)
    _hire(app, bo, -190, wage="3000", currency="BOB")
    manager = make.user("manager", office_id=office.id, locale="en")
    return office, cases, manager


def _query() -> dict:
    return {"from": _day(-420).isoformat(), "to": _day(0).isoformat()}


def _scope(user_id, query=None):
    user = db.session.get(User, user_id)
    return scope_of(parse_filters(MultiDict(query or _query()), user), user)


def _sql(sql, **params):
    params = {"a": _day(-420), "b": _day(0), "today": local_today(), **params}
    return db.session.execute(text(sql), params).all()


# Cases of Ecuador registered in the period, the day they were opened at the office.
_REGISTERED = """
WITH reg AS (
  SELECT c.id, r.sex, timezone(o.time_zone, c.opened_at)::date AS opened_on,
         c.stage, c.close_reason
  FROM case_file c JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id
  WHERE o.country = 'EC' AND timezone(o.time_zone, c.opened_at)::date BETWEEN :a AND :b
)
"""


def test_days_to_a_first_job_or_business(app, world):
    _office, _cases, manager = world
    with app.test_request_context():
        figure = timing_figures.time_to_work(_scope(manager.id))
        # Women: A 100 (job), C never (a job to come, a business before registering), H 50
        # and J 60 (businesses). Men: B 40 (business before job), D 30, G 300, K never.
        # Other: E 10, I never. L was registered before the period.
        women, men, other = (figure.of(s) for s in (Sex.FEMALE, Sex.MALE, Sex.OTHER))
        assert (women.registered, women.reached, women.median, women.p75) == (
            4, 3, Decimal("60.0"), Decimal("80.0"))  # fmt: skip
        assert (men.registered, men.reached, men.median, men.p75) == (
            4, 3, Decimal("40.0"), Decimal("170.0"))  # fmt: skip
        assert (other.registered, other.reached, other.median) == (2, 1, Decimal("10.0"))
        everyone = figure.everyone
        assert (everyone.registered, everyone.reached, everyone.median, everyone.p75) == (
            10, 7, Decimal("50.0"), Decimal("80.0"))  # fmt: skip
        expected = _sql(
            _REGISTERED
            + """, firsts AS (
              SELECT reg.sex, (SELECT min(d) FROM (
                  SELECT p.start_date AS d FROM placement p WHERE p.case_id = reg.id
                  UNION ALL SELECT e.launched_on FROM enterprise e WHERE e.case_id = reg.id
                ) x WHERE d >= reg.opened_on AND d <= :today) - reg.opened_on AS days
              FROM reg
            )
            SELECT sex, count(*), count(days),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                   percentile_cont(0.75) WITHIN GROUP (ORDER BY days)
            FROM firsts GROUP BY ROLLUP (sex)"""
        )
        for sex, n, reached, median, p75 in expected:
            reach = figure.of(Sex(sex)) if sex else figure.everyone
            assert (reach.registered, reach.reached) == (n, reached)
            assert (float(reach.median), float(reach.p75)) == (median, p75)
        assert in_english(*timing_figures.time_to_work_export(figure))[1][-1] == (
            "Everyone", 10, 7, Decimal("50.0"), Decimal("80.0"))  # fmt: skip


def test_placement_rates_are_censored_by_cohort(app, world):
    _office, _cases, manager = world
    with app.test_request_context():
        figure = timing_figures.placement_rates(_scope(manager.id))
        assert figure.unit == "quarter"  # 420 days: quarters
        total = {(m, s): [0, 0] for m in (6, 12) for s in (*Sex, None)}
        for cohort in figure.cohorts:
            for (months, sex), rate in cohort.rates.items():
                total[(months, sex)][0] += rate.known
                total[(months, sex)][1] += rate.placed
        # 6 months: known A, B, C, D, G (E, H, I, J, K too recent); placed A and D.
        # 12 months: known A, B, G; all three placed. E's job within 6 months is not counted.
        assert total[(6, None)] == [5, 2] and total[(12, None)] == [3, 3]
        assert total[(6, Sex.FEMALE)] == [2, 1] and total[(6, Sex.MALE)] == [3, 1]
        assert total[(6, Sex.OTHER)] == [0, 0]
        assert total[(12, Sex.FEMALE)] == [1, 1] and total[(12, Sex.MALE)] == [2, 2]
        # The newest cohort (E, H, I, J, K, 60-100 days ago) knows nothing yet.
        newest = [c for c in figure.cohorts if c.registered.total][-1]
        assert newest.rate(6).known == 0 and newest.rate(6).rate is None
        assert sum(c.registered.total for c in figure.cohorts) == 10
        expected = _sql(
            _REGISTERED
            + """, marks AS (
              SELECT reg.*, date_trunc('quarter', opened_on)::date AS cohort,
                     (opened_on + interval '6 months')::date AS m6,
                     (opened_on + interval '12 months')::date AS m12
              FROM reg
            )
            SELECT cohort, sex, count(*),
              count(*) FILTER (WHERE m6 <= :today),
              count(*) FILTER (WHERE m6 <= :today AND EXISTS (SELECT 1 FROM placement p
                WHERE p.case_id = marks.id AND p.start_date BETWEEN opened_on AND m6)),
              count(*) FILTER (WHERE m12 <= :today),
              count(*) FILTER (WHERE m12 <= :today AND EXISTS (SELECT 1 FROM placement p
                WHERE p.case_id = marks.id AND p.start_date BETWEEN opened_on AND m12))
            FROM marks GROUP BY cohort, sex"""
        )
        cohorts = {c.start: c for c in figure.cohorts}
        for start, sex, n, known6, placed6, known12, placed12 in expected:
            cohort = cohorts[start]
            assert cohort.registered[Sex(sex)] == n
            assert (cohort.rate(6, Sex(sex)).known, cohort.rate(6, Sex(sex)).placed) == (
                known6, placed6)  # fmt: skip
            assert (cohort.rate(12, Sex(sex)).known, cohort.rate(12, Sex(sex)).placed) == (
                known12, placed12)  # fmt: skip
        header, rows = in_english(*timing_figures.placement_rates_export(figure))
        assert header[:6] == ["Cohort", "Sex", "Cases registered",
                              "Cases registered 6 months ago or more", "Placed within 6 months",
                              "Share placed within 6 months"]  # fmt: skip
        assert len(rows) == 4 * len(figure.cohorts)


def test_a_short_period_has_month_cohorts(app, world):
    _office, _cases, manager = world
    start = _day(-100).replace(day=1)
    with app.test_request_context():
        figure = timing_figures.placement_rates(
            _scope(manager.id, {"from": start.isoformat(), "to": _day(0).isoformat()})
        )
    assert figure.unit == ("month" if len(months_of(start, _day(0))) <= 3 else "quarter")
    assert all(c.rate(6).rate is None for c in figure.cohorts)  # all too recent


def test_placements_formal_informal_and_wages_per_currency(app, world):
    _office, _cases, manager = world
    with app.test_request_context():
        figure = placement_figures.placements_made(_scope(manager.id))
        # Starting in the period: A twice (formal), B (informal), D, E (informal), G (formal).
        assert figure.formal.values == {Sex.FEMALE: 2, Sex.MALE: 2}
        assert figure.informal.values == {Sex.MALE: 1, Sex.OTHER: 1}
        contracts = figure.by_contract
        assert contracts[ContractType.PERMANENT].values == {Sex.FEMALE: 2, Sex.MALE: 1}
        assert contracts[ContractType.FIXED_TERM].values == {Sex.MALE: 1}
        assert contracts[ContractType.VERBAL].values == {Sex.MALE: 1}
        assert contracts[ContractType.SEASONAL].values == {Sex.OTHER: 1}
        wages = {(w.currency, w.period): w for w in figure.wages}
        # Never a median over two currencies or two pay periods.
        assert set(wages) == {
            ("EUR", WagePeriod.MONTH),
            ("USD", WagePeriod.DAY),
            ("USD", WagePeriod.MONTH),
        }
        usd = wages[("USD", WagePeriod.MONTH)]
        assert usd.median == {
            Sex.FEMALE: Decimal("575.00"),
            Sex.MALE: Decimal("700.00"),
            None: Decimal("650.00"),
        }
        assert usd.count.values == {Sex.FEMALE: 2, Sex.MALE: 1}
        assert wages[("USD", WagePeriod.DAY)].median[None] == Decimal("20.00")
        assert wages[("EUR", WagePeriod.MONTH)].median == {
            Sex.MALE: Decimal("1200.00"),
            None: Decimal("1200.00"),
        }
        expected = _sql(
            """SELECT p.currency, p.wage_period, r.sex,
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY p.wage::float8), count(*)
               FROM placement p JOIN case_file c ON c.id = p.case_id
               JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id
               WHERE o.country = 'EC' AND p.wage IS NOT NULL AND p.start_date BETWEEN :a AND :b
               GROUP BY ROLLUP ((p.currency, p.wage_period), r.sex)"""
        )
        for currency, period, sex, median, n in expected:
            if currency is None:
                continue
            wage = wages[(currency, WagePeriod(period))]
            who = Sex(sex) if sex else None
            assert wage.median[who] == Decimal(str(median)).quantize(Decimal("0.01"))
            assert (wage.count[who] if who else wage.count.total) == n
        with in_locale("en"):  # "USD per month": the wage's currency and pay period, in words
            header, rows = in_english(*placement_figures.placements_export(figure))
        assert rows[0] == ("Job", "Formal", 2, 2, 0, 4)
        assert ("Median wage", "USD per month", Decimal("575.00"), Decimal("700.00"),
                None, Decimal("650.00")) in rows  # fmt: skip


def test_outcomes_by_support_received(app, world):
    _office, _cases, manager = world
    with app.test_request_context():
        figure = support_figures.support_outcomes(_scope(manager.id))
        rows = {row.key: row for row in figure.rows}
        assert figure.registered.values == {Sex.FEMALE: 4, Sex.MALE: 4, Sex.OTHER: 2}

        def cells(key):
            row = rows[key]
            outcomes = support_figures.OUTCOMES
            return {o: row.outcome(o).values for o, _l in outcomes if row.outcome(o).total}

        # A job: A, C (women), B, D, G (men), E: all employed.
        assert cells("placement") == {"employed": {Sex.FEMALE: 2, Sex.MALE: 3, Sex.OTHER: 1}}
        # A business: A, B, C employed (a job comes first); H (closed self-employed), J
        # (operating) self-employed.
        assert cells("enterprise") == {
            "employed": {Sex.FEMALE: 2, Sex.MALE: 1},
            "self_employed": {Sex.FEMALE: 2},
        }
        # Training: H (on her business), J (a completed referral to a training institution).
        assert cells("training") == {"self_employed": {Sex.FEMALE: 2}}
        assert cells("savings") == {"employed": {Sex.FEMALE: 1}, "other": {Sex.OTHER: 1}}
        # K: no support, closed as employed.
        assert cells("none") == {"employed": {Sex.MALE: 1}}
        expected = _sql(
            _REGISTERED
            + """, flags AS (
              SELECT reg.sex,
                EXISTS (SELECT 1 FROM placement p WHERE p.case_id = reg.id) AS job,
                EXISTS (SELECT 1 FROM enterprise e WHERE e.case_id = reg.id) AS biz,
                EXISTS (SELECT 1 FROM enterprise_training t JOIN enterprise e
                          ON e.id = t.enterprise_id WHERE e.case_id = reg.id)
                 OR EXISTS (SELECT 1 FROM referral f JOIN partner pa ON pa.id = f.partner_id
                          WHERE f.case_id = reg.id AND f.status = 'completed'
                            AND pa.kind = 'training') AS trained,
                EXISTS (SELECT 1 FROM savings_plan s WHERE s.case_id = reg.id) AS saves,
                EXISTS (SELECT 1 FROM enterprise e WHERE e.case_id = reg.id
                          AND e.launched_on IS NOT NULL AND e.closed_on IS NULL) AS running,
                reg.stage, reg.close_reason
              FROM reg
            ), outcomes AS (
              SELECT *, CASE
                WHEN job OR (stage = 'closed' AND close_reason = 'employed') THEN 'employed'
                WHEN running OR (stage = 'closed' AND close_reason = 'self_employed')
                  THEN 'self_employed'
                ELSE 'other' END AS outcome
              FROM flags
            )
            SELECT s.support, o.sex, o.outcome, count(*) FROM outcomes o
            CROSS JOIN LATERAL (VALUES ('placement', o.job), ('enterprise', o.biz),
              ('training', o.trained), ('savings', o.saves),
              ('none', NOT (o.job OR o.biz OR o.trained OR o.saves))) s(support, yes)
            WHERE s.yes GROUP BY 1, 2, 3"""
        )
        ours = {
            (row.key, sex, outcome): n
            for row in figure.rows
            for outcome, _l in support_figures.OUTCOMES
            for sex, n in row.outcome(outcome).values.items()
            if n
        }
        assert ours == {(s, Sex(sex), o): n for s, sex, o, n in expected}
        header, export = in_english(*support_figures.support_outcomes_export(figure))
        assert header == ["Support received", "Sex", "Cases", "Employed", "Self-employed",
                          "Other or none yet"]  # fmt: skip
        assert ("Job placement", "Everyone", 6, 6, 0, 0) in export


def test_statements_are_fixed_whatever_the_rows(app, make, world):
    office, cases, manager = world
    computes = {
        timing_figures.time_to_work: 1, timing_figures.placement_rates: 1,
        placement_figures.placements_made: 2, support_figures.support_outcomes: 1,
    }  # fmt: skip
    for round_ in range(2):
        if round_:
            for _ in range(3):
                extra = make.case(office_id=office.id, sex="male").id
                _open_on(app, extra, -200)
                _hire(app, extra, -150, wage="800", currency="USD")
        with app.test_request_context():
            scope = _scope(manager.id)
            for compute, expected in computes.items():
                with count_statements(app) as statements:
                    compute(scope)
                assert len(statements) == expected, compute.__name__


def test_the_dashboard_shows_them_in_english_and_spanish(app, client, make, world):
    office, _cases, manager = world
    query = "&".join(f"{k}={v}" for k, v in _query().items())
    english = other_client(app, manager)
    html = english.get(f"/reports/?{query}", headers=EN).get_data(as_text=True)
    keys = ("time_to_work", "placement_rates", "placements", "support_outcomes")
    for key in keys:
        assert f'id="figure-{key}"' in html
    section = html.split('id="figure-time_to_work"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in section
    everyone = section.split('<th scope="row">Everyone</th>', 1)[1].split("</tr>", 1)[0]
    assert everyone.count("<td") == 4 and "50 days" in everyone and "80 days" in everyone
    rates = html.split('id="figure-placement_rates"', 1)[1].split("</section>", 1)[0]
    assert "not yet known" in rates and "%" in rates
    placements = html.split('id="figure-placements"', 1)[1].split("</section>", 1)[0]
    assert "$575.00" in placements and "€1,200.00" in placements
    outcomes = html.split('id="figure-support_outcomes"', 1)[1].split("</section>", 1)[0]
    assert "Job placement" in outcomes and "Self-employed" in outcomes
    help_page = english.get("/reports/help", headers=EN).get_data(as_text=True)
    for key in keys:
        assert f'id="definition-{key}"' in help_page
    assert "left out of that rate altogether" in help_page

    spanish_manager = make.user("manager", office_id=office.id, locale="es")
    page = other_client(app, spanish_manager).get(f"/reports/?{query}").get_data(as_text=True)
    assert '<html lang="es"' in page
    for key in keys:
        assert f'id="figure-{key}"' in page
    placements = page.split('id="figure-placements"', 1)[1].split("</section>", 1)[0]
    assert "575,00" in placements and "1200,00" in placements.replace(".", "").replace("\xa0", "")
    section = page.split('id="figure-time_to_work"', 1)[1].split("</section>", 1)[0]
    assert section.count("<tr>") == 5  # the three sexes and everyone, plus the heading
