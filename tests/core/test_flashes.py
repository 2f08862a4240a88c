"""Flash messages live on the server: the session cookie carries only their ids, never the
names they mention; each is shown once. (That a flash survives a refused, rolled-back request
is shown by tests/casework/test_appointments.py::test_attendance_only_after_the_time.)"""

import base64
import zlib

from sqlalchemy import func, select

from returnsvc.core.flashes import FlashMessage
from returnsvc.extensions import db
from tests.returnees.test_intake import FORM

NAME = "Wiñay Quispe-Flashtest"


def _cookie_payload(client, app) -> str:
    """The session cookie as anyone holding it could read it (signed, not encrypted)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    value = cookie.value
    compressed = value.startswith(".")
    data = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode()


def test_a_flashed_name_stays_out_of_the_session_cookie(app, client, make, sign_in):
    office = make.office("EC")
    sign_in("counsellor", office_id=office.id)
    response = client.post("/returnees/new", data=FORM | {"given_names": NAME})
    assert response.status_code == 302
    payload = _cookie_payload(client, app)
    assert "_flash_ids" in payload and "Quispe" not in payload and "Wiñay" not in payload

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash-success" in page and NAME in page
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash-success" not in again  # shown once
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FlashMessage)) == 0


def test_odd_ids_in_the_cookie_are_ignored(app, client):
    with client.session_transaction() as session:
        session["_flash_ids"] = ["nope", 3, None, "<b>"]
    response = client.get("/account/sign-in")
    assert response.status_code == 200 and "flash-" not in response.get_data(as_text=True)
    with client.session_transaction() as session:
        session["_flash_ids"] = "not a list"
    assert client.get("/account/sign-in").status_code == 200
