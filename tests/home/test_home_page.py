"""Each role's home: its blocks come from the permission table, each tells the person what to do
next, and the counsellor's page costs a fixed number of statements whatever its lists hold."""

from datetime import timedelta

from returnsvc.core.db import utcnow
from tests.casework.helpers import add_appointment, add_note, add_task
from tests.helpers import count_statements


def _queries(statements) -> list[str]:
    """Without the test's savepoints (the app's commit only releases one)."""
    return [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _home(client) -> str:
    response = client.get("/home", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_counsellor_home_says_what_to_do_next(app, client, make, sign_in):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale="en")
    html = _home(client)
    assert "Open cases by stage" in html  # the dashboard
    assert "Nothing is waiting for you" in html and "/returnees/new" in html
    assert "Review the cases that have no counsellor yet." not in html  # managers' figures
    case = make.case(office_id=office.id, counsellor_id=me.id)
    add_task(app, case.id, me.id, title="Call back", due_date=utcnow().date() - timedelta(days=3))
    html = _home(client)
    assert 'href="#dashboard-overdue">Start with your overdue tasks.' in html


def test_manager_home_has_the_caseload_and_the_guides(client, make, sign_in):
    office = make.office("EC")
    sign_in("manager", office_id=office.id, locale="en")
    make.case(office_id=office.id)
    html = _home(client)
    assert "Cases by stage" in html and "Review the cases that have no counsellor yet." in html
    assert "/cases/?counsellor=none" in html
    assert "Keep the country guides up to date." in html
    assert 'href="/reports/">See whether people are reintegrating' in html
    assert "Open cases by stage" not in html and "Active accounts" not in html


def test_admin_home_has_the_figures(client, sign_in):
    sign_in("admin", locale="en")
    html = _home(client)
    assert "Active accounts" in html and "Cases by stage" in html
    assert "Use the menu above to manage user accounts" in html
    assert "Keep the country guides up to date." in html  # admins mend any country's


def test_returnee_home_is_their_portal(client, sign_in):
    sign_in("returnee", locale="en")
    response = client.get("/home")
    assert response.status_code == 302 and response.headers["Location"].endswith("/my")
    html = client.get("/my").get_data(as_text=True)
    # An account not linked to a person: nothing of anyone's case, a way to the explorer.
    assert "not linked to a case" in html and "/explorer" in html
    assert "Cases by stage" not in html and "Open cases by stage" not in html


def test_counsellor_home_statements_do_not_grow_with_the_lists(app, client, make, sign_in):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale="en")
    case = make.case(office_id=office.id, counsellor_id=me.id)
    _home(client)  # warm-up
    with count_statements(app) as few:
        _home(client)
    few = _queries(few)
    today = utcnow().date()
    for n in range(20):
        add_task(app, case.id, me.id, title=f"Late {n}", due_date=today - timedelta(days=n + 1))
        add_task(app, case.id, me.id, title=f"Soon {n}", due_date=today + timedelta(days=n % 7))
        add_appointment(app, case.id, me.id, purpose=f"Meeting {n}")
        add_note(app, case.id, me.id, body=f"Note {n}")
    with count_statements(app) as many:
        html = _home(client)
    many = _queries(many)
    assert "Late 19" in html and "Only the first 15 are shown." in html
    # The user, the planner settings, the transfers waiting for the office, the caseload, the
    # tasks (the user's and the office's unassigned ones), the appointments, the recognitions
    # to follow up, the business visits due, the unread messages from people (#17) and the
    # recent activity.
    assert len(many) == len(few) <= 10, many
