"""Demo returnees and their cases: the invented people of demo.people_data registered, their
cases opened at the demo offices, walked through their stages and spread over the months
since their return, with the counsellor's work on the open ones (demo.casework). All marked
is_demo."""

from datetime import timedelta

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases import services as cases
from returnsvc.cases.models import CaseTransition, CloseReason, Stage
from returnsvc.core.db import utcnow
from returnsvc.demo.casework import add_demo_casework
from returnsvc.demo.people_data import DEMO_RETURNEES, RETURNED_MONTHS_AGO
from returnsvc.demo.profiles import add_demo_profile, date_demo_profile
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind
from returnsvc.returnees.services import register_returnee


def seed_demo_cases(partners=()) -> int:
    """Register the demo people, open their cases and walk them through their stages."""
    counsellors = {
        u.email.split("@")[0]: u
        for u in db.session.scalars(select(User).where(User.is_demo.is_(True)))
    }
    now = utcnow()
    created = 0
    for index, row in enumerate(DEMO_RETURNEES):
        (
            given,
            first,
            second,
            sex,
            born,
            country,
            region,
            city,
            programme,
            years,
            occupation,
            sector,
            counsellor_key,
            path,
        ) = row
        counsellor = counsellors[counsellor_key]
        person = {
            "given_names": given, "first_surname": first, "second_surname": second, "sex": sex,
            "birth_date": born, "nationality": country, "document_type": "national_id",
            "document_number": f"{9_100_000 + index * 7919:010d}", "document_country": country,
            "phone": _demo_phone(country, index), "email": "", "origin_country": country,
            "region_code": region, "city": city, "address": "", "household_size": 2 + index % 4,
            "dependants": index % 3, "education_level": ("isced2", "isced3", "isced4")[index % 3],
            "languages": ["es", "qu"] if country in ("BO", "PE") and index % 2 else ["es"],
        }  # fmt: skip
        migration = {
            "departure_year": now.year - years, "years_abroad": years,
            "return_programme": programme, "last_occupation_abroad": occupation,
            "last_sector_abroad": sector,
            "actual_return_date": (
                now - timedelta(days=30 * RETURNED_MONTHS_AGO.get(given, index + 2))
            ).date(),
        }  # fmt: skip
        consents = {ConsentKind.SERVICE, ConsentKind.STATISTICS}
        if index % 4:
            consents.add(ConsentKind.SHARING)
        returnee = register_returnee(person, migration, consents, actor=counsellor, is_demo=True)
        add_demo_profile(returnee, counsellor)
        office = db.session.get(Office, counsellor.office_id)
        case = cases.open_case(returnee, office=office, counsellor=counsellor, actor=counsellor)
        for stage in path:
            reason = CloseReason.EMPLOYED if stage == "closed" else None
            cases.change_stage(
                case, Stage(stage), version=case.version, actor=counsellor, close_reason=reason
            )
        if case.is_open:
            add_demo_casework(case, counsellor, index, partners)
        _spread_over_time(case, returnee, days_per_stage=18 + index * 3)
        created += 1
    return created


def _spread_over_time(case, returnee, days_per_stage: int) -> None:
    """Demo histories happen over months, not in the second the seed ran."""
    history = db.session.scalars(
        select(CaseTransition).where(CaseTransition.case_id == case.id).order_by(CaseTransition.id)
    ).all()
    start = utcnow() - timedelta(days=days_per_stage * len(history) + 5)
    for step, transition in enumerate(history):
        transition.occurred_at = start + timedelta(days=days_per_stage * step)
    returnee.created_at = case.opened_at = start - timedelta(hours=1)
    case.stage_changed_at = history[-1].occurred_at
    if case.closed_at is not None:
        case.closed_at = history[-1].occurred_at
    # The profile is recorded while the case is being assessed: before the second stage.
    date_demo_profile(returnee.id, history[min(1, len(history) - 1)].occurred_at)


def _demo_phone(country: str, index: int) -> str:
    prefix = {"EC": "+593 9", "CO": "+57 3", "BO": "+591 7", "PE": "+51 9"}[country]
    return f"{prefix}{index % 10}{(4_300_000 + index * 131) % 10_000_000:07d}"
