"""Recognition procedures open too long surface on the counsellor's home, like tasks."""

from datetime import UTC, date, datetime, timedelta

from flask import render_template_string

from returnsvc.auth.models import User
from returnsvc.extensions import db
from returnsvc.home.dashboard import counsellor_dashboard
from returnsvc.skills.models import Qualification, RecognitionStatus
from tests.casework.helpers import close_case

NOW = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


def _qualification(app, returnee_id, title, status, requested_on: date | None) -> int:
    with app.app_context():
        row = Qualification(
            returnee_id=returnee_id,
            title=title,
            isced_level="isced6",
            issuing_country="ES",
            recognition_status=status,
            recognition_authority="SENESCYT",
            recognition_requested_on=requested_on,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def _dashboard(app, user_id, **config) -> dict:
    with app.test_request_context():
        return counsellor_dashboard(db.session.get(User, user_id), now=NOW)


def test_open_procedures_past_the_limit_longest_first(app, make, tx):
    office = make.office("EC")
    me = make.user("counsellor", office_id=office.id)
    colleague = make.user("counsellor", office_id=office.id)
    mine = make.case(office_id=office.id, counsellor_id=me.id, given_names="Rosa")
    other = make.case(office_id=office.id, counsellor_id=me.id, given_names="Marta")
    theirs = make.case(office_id=office.id, counsellor_id=colleague.id)
    closed = make.case(office_id=office.id, counsellor_id=me.id)
    long_ago, limit = TODAY - timedelta(days=200), TODAY - timedelta(days=91)
    _qualification(app, mine.returnee_id, "Nursing degree", RecognitionStatus.REQUESTED, limit)
    _qualification(app, other.returnee_id, "Chef diploma", RecognitionStatus.IN_PROGRESS, long_ago)
    # Not listed: recent, resolved, not needed, a colleague's case, a closed case.
    _qualification(
        app, mine.returnee_id, "Recent", RecognitionStatus.REQUESTED, TODAY - timedelta(days=89)
    )
    _qualification(app, mine.returnee_id, "Done", RecognitionStatus.RECOGNISED, long_ago)
    _qualification(app, mine.returnee_id, "Not needed", RecognitionStatus.NOT_NEEDED, None)
    _qualification(app, theirs.returnee_id, "Theirs", RecognitionStatus.REQUESTED, long_ago)
    _qualification(app, closed.returnee_id, "Closed", RecognitionStatus.REQUESTED, long_ago)
    close_case(app, closed.id)

    dashboard = _dashboard(app, me.id)
    stalled = dashboard["stalled_recognitions"]
    assert [item["title"] for item in stalled] == ["Chef diploma", "Nursing degree"]
    assert stalled[0]["days_waiting"] == 200 and stalled[0]["case_id"] == other.id
    assert stalled[1]["status"] is RecognitionStatus.REQUESTED
    assert stalled[1]["person"].startswith("Rosa ")
    assert not dashboard["stalled_more"] and dashboard["recognition_follow_up_days"] == 90


def test_the_limit_is_configurable(app, make, tx, monkeypatch):
    office = make.office("PE")
    me = make.user("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    _qualification(
        app, case.returnee_id, "Title", RecognitionStatus.REQUESTED, TODAY - timedelta(days=40)
    )
    assert _dashboard(app, me.id)["stalled_recognitions"] == []
    monkeypatch.setitem(app.config, "RECOGNITION_FOLLOW_UP_DAYS", 30)
    assert len(_dashboard(app, me.id)["stalled_recognitions"]) == 1


def test_rendered_in_both_languages(app, make, tx):
    office = make.office("BO")
    me = make.user("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    _qualification(
        app,
        case.returnee_id,
        "Título de enfermería",
        RecognitionStatus.IN_PROGRESS,
        TODAY - timedelta(days=120),
    )
    for language, heading, waiting in (
        ("en", "Diploma recognition to follow up", "120 days waiting"),
        ("es", "Reconocimiento de títulos pendiente", "120 días de espera"),
    ):
        with app.test_request_context(headers={"Accept-Language": language}):
            dashboard = counsellor_dashboard(db.session.get(User, me.id), now=NOW)
            html = render_template_string(
                '{% include "home/_counsellor_dashboard.html" %}', dashboard=dashboard
            )
        assert heading in html and waiting in html and "Título de enfermería" in html
        assert f"/cases/{case.id}/profile#qualification-" in html
