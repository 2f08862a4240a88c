from sqlalchemy import func, select

from returnsvc.audit.services import changed_fields, record
from returnsvc.core.clock import country_zone, is_known_zone
from returnsvc.core.conflicts import check_version
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.offices.models import Office


class OfficeError(Refusal):
    """A refused office operation."""


def _clean(data: dict) -> dict:
    # No zone given: the country's usual one (core.clock); a given one must be a real zone.
    time_zone = (data.get("time_zone") or "").strip() or country_zone(data["country"])
    if not is_known_zone(time_zone):
        raise OfficeError(
            _l("This is not a time zone we know. Choose one from the list."), "time_zone"
        )
    return {
        "name": data["name"].strip(),
        "country": data["country"],
        "region": (data.get("region") or "").strip(),
        "city": data["city"].strip(),
        "time_zone": time_zone,
        "is_active": bool(data.get("is_active", True)),
    }


def _check_unique(data: dict, exclude_id: int | None = None) -> None:
    stmt = select(Office.id).where(
        Office.country == data["country"],
        func.lower(Office.city) == data["city"].lower(),
        func.lower(Office.name) == data["name"].lower(),
    )
    if exclude_id is not None:
        stmt = stmt.where(Office.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise OfficeError(_l("An office with this name already exists in this city."))


def create_office(data: dict, *, actor, is_demo: bool = False) -> Office:
    data = _clean(data)
    _check_unique(data)
    office = Office(**data, is_demo=is_demo)
    db.session.add(office)
    db.session.flush()
    record("office.created", actor=actor, target=office, changes=data)
    return office


def update_office(office: Office, data: dict, *, version: int, actor) -> dict:
    check_version(office, version)
    data = _clean(data)
    _check_unique(data, exclude_id=office.id)
    changes = changed_fields(office, data)
    if changes:
        record("office.updated", actor=actor, target=office, changes=changes)
        db.session.flush()
    return changes
