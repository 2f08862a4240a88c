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
from tests.guide_factories import GuideFactory

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


PERSON_DEFAULTS = {
    "given_names": "María José",
    "first_surname": "Guamán",
    "second_surname": "Loja",
    "sex": "female",
    "birth_date": None,
    "nationality": "EC",
    "document_type": "national_id",
    "document_number": None,
    "document_country": "EC",
    "phone": "",
    "email": "",
    "origin_country": "EC",
    "region_code": "EC-A",
    "city": "Cuenca",
    "address": "",
    "household_size": 3,
    "dependants": 1,
    "education_level": "isced3",
    "languages": ["es"],
}


@dataclass(frozen=True)
class CaseSnapshot:
    id: int
    reference: str
    returnee_id: int
    office_id: int
    counsellor_id: int | None


class Factory(GuideFactory):
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

    def portal_account(self, returnee_id: int, *, locale="es", password=DEFAULT_PASSWORD):
        """A returnee account with a password, linked to the person `returnee_id` (what an
        accepted portal invitation leaves)."""
        from returnsvc.returnees.models import Returnee

        user = self.user("returnee", locale=locale, password=password)
        with self.app.app_context():
            db.session.get(Returnee, returnee_id).user_id = user.id
            db.session.commit()
        return user

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

    def returnee(self, *, consents=("service", "sharing", "statistics"), actor_id=None, **person):
        from returnsvc.returnees.services import register_returnee

        n = next(_counter)
        data = dict(PERSON_DEFAULTS)
        data["document_number"] = f"01{n:08d}"
        data.update(person)
        with self.app.test_request_context():
            actor = db.session.get(User, actor_id) if actor_id else None
            returnee = register_returnee(
                data, {"return_programme": "apre", "years_abroad": 8}, set(consents), actor=actor
            )
            db.session.commit()
            return returnee.id

    def complete_profile(self, returnee_id: int) -> None:
        """The least skills profile that lets a case be assessed: one work experience, one
        skill in the counsellor's words, one language and the work preferences."""
        from sqlalchemy import select

        from returnsvc.skills.models import (
            CefrLevel,
            EmploymentPreference,
            LanguageSkill,
            ReturneeSkill,
            SkillEvidence,
            SkillLevel,
            WorkExperience,
            WorkPlace,
            WorkPreference,
        )
        from returnsvc.taxonomy.models import IscoGroup

        with self.app.test_request_context():
            isco = db.session.scalar(select(IscoGroup.code).where(IscoGroup.level == 4).limit(1))
            if isco is None:
                isco = "9629"
                db.session.add(IscoGroup(code=isco, level=4))
                db.session.flush()  # before the experience that refers to it
            mine = {"returnee_id": returnee_id}
            db.session.add_all(
                [
                    WorkExperience(**mine, isco_code=isco, place=WorkPlace("abroad")),
                    ReturneeSkill(
                        **mine,
                        free_text="Albañilería",
                        level=SkillLevel("advanced"),
                        evidence=SkillEvidence("self_declared"),
                    ),
                    LanguageSkill(**mine, language="es", level=CefrLevel("native")),
                    WorkPreference(**mine, employment=EmploymentPreference("either")),
                ]
            )
            db.session.commit()

    def case(self, *, office_id=None, counsellor_id=None, returnee_id=None, **person):
        """A returnee with an open case at `office_id` (a new Spanish office by default)."""
        from returnsvc.cases.services import open_case
        from returnsvc.returnees.models import Returnee

        if office_id is None:
            office_id = self.office("ES").id
        if returnee_id is None:
            returnee_id = self.returnee(**person)
        with self.app.test_request_context():
            office = db.session.get(Office, office_id)
            counsellor = db.session.get(User, counsellor_id) if counsellor_id else None
            case = open_case(
                db.session.get(Returnee, returnee_id),
                office=office,
                counsellor=counsellor,
                actor=counsellor,
            )
            db.session.commit()
            return CaseSnapshot(case.id, case.reference, returnee_id, office_id, counsellor_id)
