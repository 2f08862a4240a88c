"""The counsellor's home lists the cases whose person wrote messages nobody has read: their own
cases and their office's cases nobody is assigned to, never another counsellor's or office's;
bounded, in one statement whatever the number of messages."""

import pytest

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.messages import queries, services
from returnsvc.messages.models import MessageSender
from tests.casework.helpers import close_case
from tests.helpers import count_statements


def _person_writes(app, make, case, n=1):
    """`n` messages from the person of `case` (their portal account made on first use)."""
    account_id = make.accounts.get(case.id) or make.portal_account(case.returnee_id).id
    make.accounts[case.id] = account_id
    with app.test_request_context():
        for i in range(n):
            services.send_from_person(
                db.session.get(Case, case.id),
                {"body": f"Question {i}"},
                actor=db.session.get(User, account_id),
            )
        db.session.commit()


@pytest.fixture
def make(make):
    make.accounts = {}  # case id -> its person's portal account
    return make


def _notice(app, user_id):
    with app.test_request_context():
        return queries.unread_from_people(db.session.get(User, user_id))


def test_my_cases_and_my_offices_unassigned_ones_only(app, make):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    colleague = make.user("counsellor", office_id=office.id)
    mine = make.case(office_id=office.id, counsellor_id=me.id, given_names="Mía")
    nobodys = make.case(office_id=office.id, given_names="Nadie")
    theirs = make.case(office_id=office.id, counsellor_id=colleague.id, given_names="Suya")
    elsewhere = make.case(given_names="Lejos")
    read = make.case(office_id=office.id, counsellor_id=me.id, given_names="Leída")
    closed = make.case(office_id=office.id, counsellor_id=me.id, given_names="Cerrada")
    for case in (mine, nobodys, theirs, elsewhere, read, closed):
        _person_writes(app, make, case)
    _person_writes(app, make, mine, 2)
    with app.test_request_context():
        services.mark_read(db.session.get(Case, read.id), MessageSender.COUNSELLOR)
        db.session.commit()
    close_case(app, closed.id)
    rows, more = _notice(app, me.id)
    assert [(row["case_id"], row["unread"]) for row in rows] == [(mine.id, 3), (nobodys.id, 1)]
    assert rows[0]["url"] == f"/cases/{mine.id}/messages" and not more
    assert rows[0]["person"].startswith("Mía") and rows[0]["latest"].tzinfo is not None
    assert [row["case_id"] for row in _notice(app, colleague.id)[0]] == [theirs.id, nobodys.id]


def test_only_counsellors_get_the_notice(app, make):
    office = make.office("ES")
    case = make.case(office_id=office.id)
    _person_writes(app, make, case)
    for role in ("manager", "admin"):
        assert _notice(app, make.user(role, office_id=office.id).id) == ([], False)


def test_the_list_is_bounded_and_costs_one_statement(app, make):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    first = make.case(office_id=office.id, counsellor_id=me.id)
    _person_writes(app, make, first)
    _notice(app, me.id)  # warm-up
    with app.test_request_context():
        user = db.session.get(User, me.id)
        with count_statements(app) as few:
            queries.unread_from_people(user)
    for _ in range(queries.NOTICE_SHOWN + 2):
        case = make.case(office_id=office.id, counsellor_id=me.id)
        _person_writes(app, make, case, 2)
    with app.test_request_context():
        user = db.session.get(User, me.id)
        with count_statements(app) as many:
            rows, more = queries.unread_from_people(user)
    assert len(rows) == queries.NOTICE_SHOWN and more
    assert len(many) == len(few) == 1
    assert rows[0]["case_id"] == case.id  # the latest first
