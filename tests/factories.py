"""Test data factories. Each call commits (a savepoint inside the test transaction) and returns
a frozen snapshot, so tests never hold ORM objects across request contexts."""

import itertools
from dataclasses import dataclass

from returnsvc.auth import services as accounts
from returnsvc.auth.models import User
from returnsvc.core.enums import Role
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.offices.services import create_office

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@dataclass(frozen=True)
class UserSnapshot:
    id: int
    email: str
    password: str
    role: Role
    office_id: int | None


@dataclass(frozen=True)
class OfficeSnapshot:
    id: int
    name: str
    country: str


class Factory:
    def __init__(self, app):
        self.app = app

    def office(self, country="ES", city=None, name=None, **extra) -> OfficeSnapshot:
        n = next(_counter)
        with self.app.app_context():
            office = create_office(
                {
                    "name": name or f"Office {n}",
                    "country": country,
                    "city": city or f"City {n}",
                    "region": extra.get("region", ""),
                },
                actor=None,
            )
            db.session.commit()
            return OfficeSnapshot(office.id, office.name, office.country)

    def user(
        self,
        role="counsellor",
        *,
        email=None,
        password=DEFAULT_PASSWORD,
        office_id=None,
        locale="es",
        is_active=True,
        full_name=None,
    ) -> UserSnapshot:
        role = Role(role)
        n = next(_counter)
        if office_id is None and role in (Role.MANAGER, Role.COUNSELLOR):
            office_id = self.office().id
        with self.app.app_context():
            user = accounts.create_user(
                {
                    "email": email or f"person{n}@example.org",
                    "full_name": full_name or f"Person {n}",
                    "role": role.value,
                    "office_id": office_id,
                    "preferred_locale": locale,
                },
                actor=None,
            )
            if password:
                accounts.assign_password(user, password, actor=None)
            user.is_active = is_active
            db.session.commit()
            return UserSnapshot(user.id, user.email, password, role, office_id)

    def load(self, model, ident):
        """A fresh, detached copy of a row (for assertions)."""
        with self.app.app_context():
            obj = db.session.get(model, ident)
            db.session.expunge(obj)
            return obj

    def load_user(self, ident) -> User:
        return self.load(User, ident)

    def load_office(self, ident) -> Office:
        return self.load(Office, ident)
