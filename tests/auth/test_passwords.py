import pytest

from returnsvc.auth.passwords import MAX_LENGTH, hash_password, password_problem, verify_password

NEW = "a long and fresh passphrase"


@pytest.mark.parametrize("candidate", ["short", "x" * 11, "x" * (MAX_LENGTH + 1)])
def test_length_policy(app, candidate):
    with app.test_request_context():
        assert password_problem(candidate, email="a@example.org", full_name="A B") is not None


def test_common_and_personal_passwords_are_refused(app):
    with app.test_request_context():
        assert password_problem("password1234", email="a@example.org", full_name="A") is not None
        assert (
            password_problem(
                "maria.lopez@example.org", email="maria.lopez@example.org", full_name="María López"
            )
            is not None
        )
        assert (
            password_problem("a long and fresh passphrase", email="a@example.org", full_name="A")
            is None
        )
        # Long passwords up to the maximum are fine, any characters included.
        assert (
            password_problem(
                ("ñandú corre " * 20)[:MAX_LENGTH], email="a@example.org", full_name="A"
            )
            is None
        )


def test_production_hash_parameters(app):
    with app.app_context():
        app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_KIB=19 * 1024)
        try:
            digest = hash_password(NEW)
        finally:
            app.config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=8)
    assert digest.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    with app.app_context():
        assert verify_password(digest, NEW) and not verify_password(digest, NEW + "!")
        assert not verify_password(None, NEW)


def test_change_password_errors_are_shown(client, sign_in):
    user = sign_in()
    cases = [
        (
            {"current_password": "wrong one here", "new_password": NEW, "confirm_password": NEW},
            "contraseña actual no es correcta",
        ),
        (
            {
                "current_password": user.password,
                "new_password": "too short",
                "confirm_password": "too short",
            },
            "12",
        ),
        (
            {
                "current_password": user.password,
                "new_password": "password1234",
                "confirm_password": "password1234",
            },
            "común",
        ),
        (
            {"current_password": user.password, "new_password": NEW, "confirm_password": NEW + "x"},
            "no coinciden",
        ),
    ]
    for data, message in cases:
        response = client.post("/account/password", data=data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), message
    # Nothing changed: the old password still signs in.
    client.post("/account/sign-out")
    assert (
        client.post(
            "/account/sign-in", data={"email": user.email, "password": user.password}
        ).status_code
        == 302
    )
