"""Follow-up visits due 3, 6, 12 and 24 months after launch, on the counsellor's home like
tasks: derived from the launch date and the visits recorded, for the user's own open cases."""

from datetime import date, timedelta
from decimal import Decimal

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.enterprise import services
from returnsvc.enterprise.follow_up import visits_due
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db

TODAY = date(2026, 12, 7)


def _launched(app, case_id, days_ago: int, name="Taller") -> int:
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        e = services.create_enterprise(case, {"name": name, "sector": "G"}, actor=None)
        e.launched_on = TODAY - timedelta(days=days_ago)
        db.session.commit()
        return e.id


def test_visits_due_follow_the_launch_and_the_visits_recorded(app, make):
    office = make.office("EC")
    me = make.user("counsellor", office_id=office.id)
    other = make.user("counsellor", office_id=office.id)
    mine = make.case(office_id=office.id, counsellor_id=me.id)
    theirs = make.case(office_id=office.id, counsellor_id=other.id)
    shop = _launched(app, mine.id, 100)  # the 3-month visit is 10 days late
    _launched(app, mine.id, 20, "Recién abierto")  # nothing due for two months
    _launched(app, theirs.id, 100)  # another counsellor's
    soon = _launched(app, mine.id, 175, "Casi seis meses")  # 3 late, 6 due within 14 days
    with app.test_request_context():
        user = db.session.get(User, me.id)
        due, more = visits_due(user, TODAY)
        assert not more
        assert [(d["enterprise_id"], d["months"], d["is_overdue"]) for d in due] == [
            (soon, 3, True), (shop, 3, True), (soon, 6, False),
        ]  # fmt: skip
        assert due[1]["due_on"] == date(2026, 11, 29)  # launched 29 Aug: + 3 months
        services.record_visit(
            db.session.get(Enterprise, shop),
            {"due_month": 3, "visited_on": TODAY, "is_operating": True,
             "monthly_revenue": Decimal("300"), "currency": "USD"},
            actor=None,
        )  # fmt: skip
        db.session.get(Enterprise, soon).closed_on = TODAY
        db.session.flush()
        assert visits_due(user, TODAY) == ([], False)
