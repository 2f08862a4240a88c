"""The dashboard's referrals figure (partners.report_figures): referrals sent in the period,
accepted (even when cancelled afterwards) and completed, by kind of partner and sex, against
SQL of its own written here (the acceptance read from the event *to* 'accepted', CASE/SUM, the
country from the office); one statement; on the dashboard."""

from datetime import timedelta

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from returnsvc.partners import report_figures, services
from returnsvc.partners.models import PartnerKind, Referral
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.returnees.models import Sex
from tests.helpers import count_statements
from tests.reports.export_helpers import in_english

EN = {"Accept-Language": "en"}
F, M, X = Sex.FEMALE, Sex.MALE, Sex.OTHER  # women, men, other or not said


def _period():
    today = local_today()
    return {"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()}


def _scope(user_id, **args):
    user = db.session.get(User, user_id)
    return scope_of(parse_filters(MultiDict(args), user), user)


@pytest.fixture
def world(app, make):
    quito = make.office("EC", name="Quito")
    la_paz = make.office("BO", name="La Paz")
    cases = {
        "ana": make.case(office_id=quito.id, origin_country="EC", sex="female"),
        "eva": make.case(office_id=quito.id, origin_country="EC", sex="female"),
        "luis": make.case(office_id=quito.id, origin_country="EC", sex="male"),
        "alex": make.case(office_id=quito.id, origin_country="EC", sex="other"),
        "bo": make.case(office_id=la_paz.id, origin_country="BO", nationality="BO",
                        document_country="BO", region_code="BO-L", sex="female"),
    }  # fmt: skip
    manager = make.user("manager", office_id=quito.id, locale="en")
    with app.test_request_context(headers=EN):
        partners = {
            kind: services.create_partner(
                {"name": f"{kind} partner", "kind": kind, "country": country}, actor=None
            ).id
            for kind, country in (("training", "EC"), ("employer", "EC"), ("health", "EC"),
                                  ("microfinance", "EC"), ("other", "BO"))
        }  # fmt: skip

        def send(name, kind):
            return services.send_referral(
                db.session.get(Case, cases[name].id),
                {"partner_id": partners[kind], "purpose": "Help"},
                actor=None,
            )

        def move(referral, *steps):
            for step in steps:
                if step == "accept":
                    services.accept_referral(referral, actor=None, version=referral.version)
                elif step == "decline":
                    services.decline_referral(referral, {"decline_reason": "Full"}, actor=None,
                                              version=referral.version)  # fmt: skip
                elif step == "complete":
                    services.complete_referral(referral, {"outcome": "Done"}, actor=None,
                                               version=referral.version)  # fmt: skip
                elif step == "cancel":
                    services.cancel_referral(referral, actor=None, version=referral.version)
                db.session.flush()

        move(send("ana", "training"), "accept", "complete")
        move(send("ana", "employer"), "decline")
        send("eva", "health")  # waiting
        move(send("eva", "training"), "accept", "cancel")  # accepted, then cancelled
        move(send("luis", "employer"), "accept")
        move(send("luis", "health"), "cancel")  # cancelled before any answer
        move(send("alex", "microfinance"), "accept", "complete")
        old = send("luis", "training")  # sent over a year ago: not in the period
        old.sent_at = old.sent_at - timedelta(days=400)
        move(send("bo", "other"), "accept")  # Bolivia's
        db.session.commit()
    return {"office": quito, "manager": manager}


def test_referrals_by_kind_and_sex(app, world):
    with app.test_request_context(headers=EN):
        scope = _scope(world["manager"].id, **_period())
        with count_statements(app) as statements:
            figure = report_figures.referrals_by_kind(scope)
        assert len(statements) == 1
        expected = {
            (kind, sex): (sent, accepted, completed)
            for kind, sex, sent, accepted, completed in db.session.execute(
                text(
                    "SELECT p.kind, r.sex, count(*),"
                    " sum(CASE WHEN EXISTS (SELECT 1 FROM case_event ev"
                    "   WHERE ev.case_id = ref.case_id AND ev.kind = 'referral.status'"
                    "   AND (ev.data->>'referral_id')::int = ref.id"
                    "   AND ev.data->>'to' = 'accepted') THEN 1 ELSE 0 END),"
                    " sum(CASE ref.status WHEN 'completed' THEN 1 ELSE 0 END)"
                    " FROM referral ref JOIN partner p ON p.id = ref.partner_id"
                    " JOIN case_file c ON c.id = ref.case_id"
                    " JOIN returnee r ON r.id = c.returnee_id"
                    " JOIN office o ON o.id = c.office_id"
                    " WHERE o.country = 'EC' AND ref.sent_at >= :start AND ref.sent_at < :end"
                    " GROUP BY 1, 2"
                ),
                {"start": scope.starts_at, "end": scope.ends_at},
            )
        }
        found = {
            (row.kind.value, sex.value): (row.sent[sex], row.accepted[sex], row.completed[sex])
            for row in figure.rows
            for sex in Sex
            if row.sent[sex]
        }
        assert found == expected
        # By hand.
        kinds = {row.kind: row for row in figure.rows}
        assert list(kinds) == [PartnerKind.TRAINING, PartnerKind.MICROFINANCE,
                               PartnerKind.EMPLOYER, PartnerKind.HEALTH]  # fmt: skip
        training = kinds[PartnerKind.TRAINING]
        assert (training.sent.values, training.accepted.values, training.completed.values) == (
            {F: 2},
            {F: 2},
            {F: 1},
        )
        assert kinds[PartnerKind.HEALTH].accepted.total == 0
        assert kinds[PartnerKind.MICROFINANCE].completed.values == {X: 1}
        total = figure.total
        assert (total.sent.female, total.sent.male, total.sent.other) == (4, 2, 1)
        assert (total.accepted.female, total.accepted.male, total.accepted.other) == (2, 1, 1)
        assert (total.completed.total, total.accepted.total) == (2, 4)
        header, rows = in_english(*report_figures.referrals_export(figure))
        assert ("Total", "Sent", 4, 2, 1, 7) in rows and (
            "Training institution",
            "Completed",
            1,
            0,
            0,
            1,
        ) in rows


def test_a_past_period_and_the_sex_filter(app, world):
    with app.test_request_context(headers=EN):
        today = local_today()
        before = {"from": (today - timedelta(days=500)).isoformat(),
                  "to": (today - timedelta(days=300)).isoformat()}  # fmt: skip
        figure = report_figures.referrals_by_kind(_scope(world["manager"].id, **before))
        assert [(r.kind, r.sent.values) for r in figure.rows] == [(PartnerKind.TRAINING, {M: 1})]
        men = report_figures.referrals_by_kind(_scope(world["manager"].id, sex="male", **_period()))
        assert (men.total.sent.total, men.total.accepted.total) == (2, 1)
        assert db.session.query(Referral).count() == 9


def test_the_dashboard_shows_the_referrals(app, client, world, sign_in):
    sign_in("manager", office_id=world["office"].id, locale="en")
    period = _period()
    html = client.get(f"/reports/?from={period['from']}&to={period['to']}", headers=EN).get_data(
        as_text=True
    )
    assert 'id="figure-referrals"' in html
    assert "Referrals sent in the period by kind of partner" in html
    row = html.split('<th scope="row">Training institution</th>', 1)[1].split("</tr>", 1)[0]
    assert '<td class="numeric">2</td>' in row and "(100%)" in row and "(50%)" in row
    help_page = client.get("/reports/help", headers=EN).get_data(as_text=True)
    assert 'id="definition-referrals"' in help_page
