from flask import abort

from returnsvc.core.permissions import public
from tests.conftest import make_test_app


def test_404_in_spanish_and_english(client):
    spanish = client.get("/nowhere")
    assert spanish.status_code == 404 and "Página no encontrada" in spanish.get_data(as_text=True)
    english = client.get("/nowhere", headers={"Accept-Language": "en"})
    assert "Page not found" in english.get_data(as_text=True)


def test_403_page(client, sign_in):
    sign_in("counsellor")
    response = client.get("/admin/users/")
    assert response.status_code == 403
    assert "No tiene acceso" in response.get_data(as_text=True)


def test_500_and_400_pages_hide_internals(app):
    broken = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"])

    @broken.route("/boom")
    @public
    def boom():
        raise RuntimeError("secret internal detail")

    @broken.route("/bad")
    @public
    def bad():
        abort(400)

    client = broken.test_client()
    response = client.get("/boom", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "secret internal detail" not in body and "Traceback" not in body
    response = client.get("/bad")
    assert response.status_code == 400 and "no se pudo entender" in response.get_data(as_text=True)


def test_database_failure_while_loading_the_user_still_answers_a_page(app, make, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import returnsvc.auth.sessions as sessions

    user = make.user()
    client = app.test_client()
    client.post("/account/sign-in", data={"email": user.email, "password": user.password})

    def database_down(user_id):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(app.login_manager, "_user_callback", database_down)
    response = client.get("/home")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Algo ha fallado" in body and "Something went wrong" in body
    assert "connection refused" not in body
    del sessions  # imported only to make sure the loader module is the one patched


def test_nul_characters_are_a_400_not_a_500(client, sign_in):
    sign_in("counsellor")
    assert client.get("/cases/?q=%00abc").status_code == 400
    assert client.post("/account/password", data={"current_password": "a\x00b"}).status_code == 400


# Ids beyond the database's integer in every `<int:...>` part of every route answer 404:
# tests/core/test_routes_every_get.py (test_odd_ids_in_the_path_answer_404).
