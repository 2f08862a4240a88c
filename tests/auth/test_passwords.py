import pytest

import config as app_config
from returnsvc.auth.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    password_problem,
    verify_password,
)

NEW = "a long and fresh passphrase"


# Each too-short or too-long password is refused for its length (the message says which
# bound), not by another rule: the long ones vary their characters, so the "too common"
# rule (two distinct characters or fewer) cannot refuse them instead.
@pytest.mark.parametrize(
    ("candidate", "bound"),
    [
        ("short", MIN_LENGTH),
        ("ñandú corre"[: MIN_LENGTH - 1], MIN_LENGTH),
        (("ñandú corre " * 20)[: MAX_LENGTH + 1], MAX_LENGTH),
        ("a long and fresh passphrase " * 40, MAX_LENGTH),
    ],
)
def test_length_policy(app, candidate, bound):
    with app.test_request_context():
        problem = password_problem(candidate, email="a@example.org", full_name="A B")
        assert problem is not None
        assert str(bound) in str(problem)
        # Cut to the maximum, the same password is accepted: only its length was refused.
        fits = candidate[:MAX_LENGTH] if bound == MAX_LENGTH else None
        if fits is not None:
            assert password_problem(fits, email="a@example.org", full_name="A B") is None


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
    """The parameters production runs with (config.py's production class, not values typed
    here) meet the ASVS minimums, and a hash made with them carries them."""
    production = app_config.config_for("production")
    assert production.ARGON2_TIME_COST >= 2
    assert production.ARGON2_MEMORY_KIB >= 19 * 1024
    assert production.ARGON2_PARALLELISM == 1
    names = ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM")
    testing = {name: app.config[name] for name in names}
    with app.app_context():
        app.config.update({name: getattr(production, name) for name in names})
        try:
            digest = hash_password(NEW)
        finally:
            app.config.update(testing)
    expected = (
        f"$argon2id$v=19$m={production.ARGON2_MEMORY_KIB},"
        f"t={production.ARGON2_TIME_COST},p={production.ARGON2_PARALLELISM}$"
    )
    assert digest.startswith(expected)
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
