from sqlalchemy import func, select

from returnsvc.auth.models import User
from returnsvc.core.enums import Role
from returnsvc.extensions import db
from returnsvc.offices.models import Office


def test_seed_demo_loads_offices_and_people_then_is_idempotent(app, tx):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.returnsvc.org" in result.output
    assert "DEMO SIGN-INS   https://returnsvc.test/account/sign-in" in result.output
    assert "Which to use" in result.output
    with app.app_context():
        countries = set(db.session.scalars(select(Office.country).where(Office.is_demo)))
        assert countries == {"ES", "BO", "CO", "EC", "PE"}
        managers = db.session.scalars(select(User).where(User.role == Role.MANAGER)).all()
        assert {m.office.country for m in managers} == {"ES", "BO", "CO", "EC", "PE"}
        assert db.session.scalar(select(func.count()).where(User.is_demo.is_(False))) == 0
        # Every office has a counsellor; every account starts in Spanish.
        offices = set(db.session.scalars(select(Office.id).where(Office.is_demo)))
        counsellors = select(User.office_id).where(User.role == Role.COUNSELLOR)
        staffed = set(db.session.scalars(counsellors))
        assert offices <= staffed
        assert set(db.session.scalars(select(User.preferred_locale))) == {"es"}
        users_before = db.session.scalar(select(func.count(User.id)))
        # Passwords are stored only as argon2 hashes.
        assert all(u.password_hash.startswith("$argon2id$") for u in managers)

    again = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert again.exit_code == 0
    assert "demo-passwords" in again.output  # lists accounts, cannot show old passwords
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == users_before
    refused = runner.invoke(args=["seed", "demo"])
    assert refused.exit_code != 0


def test_demo_passwords_printed_sign_in(app, tx):
    runner = app.test_cli_runner()
    output = runner.invoke(args=["seed", "demo"]).output
    line = next(line for line in output.splitlines() if "counsellor.quito@" in line)
    email, password = line.split()[1], line.split()[2]
    client = app.test_client()
    response = client.post("/account/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302


def test_create_admin_from_the_cli(app, tx, monkeypatch):
    runner = app.test_cli_runner()
    monkeypatch.setenv("RETURNSVC_ADMIN_PASSWORD", "password1234")
    weak = runner.invoke(
        args=["users", "create-admin", "--email", "boss@example.org", "--name", "Boss"]
    )
    assert weak.exit_code != 0 and "común" in weak.output  # CLI speaks the default, es
    monkeypatch.setenv("RETURNSVC_ADMIN_PASSWORD", "a long and fresh passphrase")
    ok = runner.invoke(
        args=["users", "create-admin", "--email", "boss@example.org", "--name", "Boss"]
    )
    assert ok.exit_code == 0, ok.output
    duplicate = runner.invoke(
        args=["users", "create-admin", "--email", "BOSS@example.org", "--name", "Boss"]
    )
    assert duplicate.exit_code != 0 and "Ya existe" in duplicate.output
    client = app.test_client()
    response = client.post(
        "/account/sign-in",
        data={"email": "boss@example.org", "password": "a long and fresh passphrase"},
    )
    assert response.status_code == 302
