"""Writing the entries of an edition: demand entries, business opportunities and the ESCO
skills they require. Same contract as guides.services (plain data, `actor=`, flush, audit,
never commit); re-exported there.

Entry data: key (blank = made from the occupation or title), isic_section, regions (codes of
the edition's country; none = the whole country), texts {locale: {field: value}}, and
- demand entries: isco_code (an ISCO-08 unit group), demand_level, wage_min, wage_max
  (Decimal or None, monthly, in the country's currency), min_education, experience_years;
- opportunities: investment_min, investment_max, risk_level, occupations (unit-group codes),
  programme_ids (support programmes of the same country).
"""

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from returnsvc.audit.services import changed_fields, record
from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import currency_of
from returnsvc.core.db import utcnow
from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.numbers import parse_id
from returnsvc.extensions import db
from returnsvc.guides.checks import (
    GuideError,
    check_enum,
    check_key,
    check_range,
    check_regions,
    check_texts,
)
from returnsvc.guides.models import (
    DEMAND_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    DemandLevel,
    GuideEdition,
    GuideKind,
    RequiredSkill,
    RiskLevel,
    opportunity_programme,
)
from returnsvc.programmes.models import SupportProgramme
from returnsvc.taxonomy.models import EscoSkill, IscoGroup
from returnsvc.taxonomy.search import UNIT_GROUP_LEVEL


def _check_kind(edition: GuideEdition, kind: GuideKind) -> None:
    if edition.kind is not kind:
        raise GuideError(_l("This kind of entry does not belong in this edition."))


def _unit_groups(codes, field: str) -> list[str]:
    """ISCO-08 unit-group codes that exist; the message names the first bad one."""
    codes = [str(code).strip() for code in codes if str(code).strip()]
    known = set(
        db.session.scalars(
            select(IscoGroup.code).where(
                IscoGroup.code.in_(codes), IscoGroup.level == UNIT_GROUP_LEVEL
            )
        )
    )
    for code in codes:
        if code not in known:
            raise GuideError(
                message_with(
                    _("“%(code)s” is not an ISCO-08 unit group (4 digits)."), code=code[:20]
                ),
                field=field,
            )
    return list(dict.fromkeys(codes))


def _experience(value):
    if value in (None, ""):
        return None
    if not isinstance(value, int) or not 0 <= value <= 40:
        raise GuideError(_l("Enter a number of years from 0 to 40."), field="experience_years")
    return value


def _demand_fields(edition: GuideEdition, data: dict, exclude_id=None) -> tuple[dict, dict]:
    isco = (
        _unit_groups([data.get("isco_code") or ""], "occupation") if data.get("isco_code") else []
    )
    if not isco:
        raise GuideError(_l("Choose the occupation (an ISCO-08 unit group)."), field="occupation")
    wage_min, wage_max = check_range(
        data.get("wage_min"), data.get("wage_max"), "wage_min", "wage_max"
    )
    texts = check_texts(DEMAND_TEXT, data.get("texts"), need_one=False)
    fields = {
        "isco_code": isco[0],
        "isic_section": check_enum(IsicSection, data.get("isic_section"), "isic_section"),
        "regions": check_regions(data.get("regions"), edition.country),
        "demand_level": check_enum(DemandLevel, data.get("demand_level"), "demand_level"),
        "wage_min": wage_min,
        "wage_max": wage_max,
        "min_education": check_enum(
            EducationLevel, data.get("min_education"), "min_education", optional=True
        ),
        "experience_years": _experience(data.get("experience_years")),
    }
    fields["key"] = check_key(
        DemandEntry, edition.id, data.get("key"), exclude_id=exclude_id, fallback=f"isco-{isco[0]}"
    )
    return fields, texts


def _programme_ids(edition: GuideEdition, ids) -> list[int]:
    wanted = {parse_id(i) for i in ids or ()}
    if None in wanted:
        raise GuideError(_l("Choose programmes from the list."), field="programme_ids")
    wanted = sorted(wanted)
    found = set(
        db.session.scalars(
            select(SupportProgramme.id).where(
                SupportProgramme.id.in_(wanted), SupportProgramme.country == edition.country
            )
        )
    )
    if found != set(wanted):
        raise GuideError(
            _l("Choose support programmes of the edition's country."), field="programme_ids"
        )
    return wanted


def _opportunity_fields(edition: GuideEdition, data: dict, exclude_id=None):
    texts = check_texts(OPPORTUNITY_TEXT, data.get("texts"), need_one=True)
    low, high = check_range(
        data.get("investment_min"), data.get("investment_max"), "investment_min", "investment_max"
    )
    title = next((t["title"] for t in texts.values() if t["title"]), "")
    fields = {
        "isic_section": check_enum(IsicSection, data.get("isic_section"), "isic_section"),
        "regions": check_regions(data.get("regions"), edition.country),
        "investment_min": low,
        "investment_max": high,
        "risk_level": check_enum(RiskLevel, data.get("risk_level"), "risk_level"),
        "occupations": _unit_groups(data.get("occupations") or (), "occupations"),
    }
    fields["key"] = check_key(
        BusinessOpportunity, edition.id, data.get("key"), exclude_id=exclude_id, fallback=title
    )
    return fields, texts, _programme_ids(edition, data.get("programme_ids"))


def _json(fields: dict) -> dict:
    return {
        name: value if isinstance(value, list) else (None if value is None else str(value))
        for name, value in fields.items()
    }


def create_demand_entry(edition: GuideEdition, data: dict, *, actor) -> DemandEntry:
    """A new demand entry of a labour-market edition."""
    _check_kind(edition, GuideKind.LABOUR_MARKET)
    fields, texts = _demand_fields(edition, data)
    entry = DemandEntry(edition_id=edition.id, currency=currency_of(edition.country), **fields)
    db.session.add(entry)
    db.session.flush()
    changes = _json(fields) | DEMAND_TEXT.save(entry.id, texts)
    record("demand_entry.created", actor=actor, target=entry, changes=changes)
    return entry


def update_demand_entry(entry: DemandEntry, data: dict, *, version: int, actor) -> dict:
    check_version(entry, version)
    edition = db.session.get(GuideEdition, entry.edition_id)
    fields, texts = _demand_fields(edition, data, exclude_id=entry.id)
    return _save(entry, fields, DEMAND_TEXT, texts, "demand_entry.updated", actor)


def _save(entry, fields: dict, table, texts: dict, action: str, actor, extra=None) -> dict:
    text_changes = table.save(entry.id, texts) | (extra or {})
    changes = changed_fields(entry, fields)
    if text_changes and not changes:
        entry.updated_at = utcnow()  # text-only changes still make a new version
    changes.update(text_changes)
    if changes:
        db.session.flush()
        record(action, actor=actor, target=entry, changes=changes)
    return changes


def _delete(entry, version, action: str, actor) -> None:
    if version is not None:
        check_version(entry, version)
    record(action, actor=actor, target=entry, changes={"key": entry.key})
    db.session.delete(entry)
    db.session.flush()


def delete_demand_entry(entry: DemandEntry, *, actor, version: int | None = None) -> None:
    _delete(entry, version, "demand_entry.deleted", actor)


def _linked_programmes(opportunity_id: int) -> list[int]:
    return sorted(
        db.session.scalars(
            select(opportunity_programme.c.programme_id).where(
                opportunity_programme.c.opportunity_id == opportunity_id
            )
        )
    )


def _link_programmes(opportunity_id: int, wanted: list[int]) -> dict:
    current = _linked_programmes(opportunity_id)
    if current == wanted:
        return {}
    db.session.execute(
        delete(opportunity_programme).where(
            opportunity_programme.c.opportunity_id == opportunity_id
        )
    )
    if wanted:
        db.session.execute(
            insert(opportunity_programme),
            [{"opportunity_id": opportunity_id, "programme_id": p} for p in wanted],
        )
    return {"programme_ids": [current, wanted]}


def create_opportunity(edition: GuideEdition, data: dict, *, actor) -> BusinessOpportunity:
    """A new business opportunity of a business-opportunity edition."""
    _check_kind(edition, GuideKind.BUSINESS)
    fields, texts, programmes = _opportunity_fields(edition, data)
    entry = BusinessOpportunity(
        edition_id=edition.id, currency=currency_of(edition.country), **fields
    )
    db.session.add(entry)
    db.session.flush()
    changes = _json(fields) | OPPORTUNITY_TEXT.save(entry.id, texts)
    changes |= _link_programmes(entry.id, programmes)
    record("business_opportunity.created", actor=actor, target=entry, changes=changes)
    return entry


def update_opportunity(entry: BusinessOpportunity, data: dict, *, version: int, actor) -> dict:
    check_version(entry, version)
    edition = db.session.get(GuideEdition, entry.edition_id)
    fields, texts, programmes = _opportunity_fields(edition, data, exclude_id=entry.id)
    links = _link_programmes(entry.id, programmes)
    return _save(
        entry, fields, OPPORTUNITY_TEXT, texts, "business_opportunity.updated", actor, links
    )


def delete_opportunity(entry: BusinessOpportunity, *, actor, version: int | None = None) -> None:
    _delete(entry, version, "business_opportunity.deleted", actor)


def _skill_parent(entry) -> dict:
    if isinstance(entry, DemandEntry):
        return {"demand_entry_id": entry.id}
    return {"opportunity_id": entry.id}


def add_required_skill(entry, esco_skill_id, *, actor) -> RequiredSkill:
    """The entry (demand entry or opportunity) asks for this ESCO skill; duplicates refused."""
    skill_id = parse_id(esco_skill_id)
    if skill_id is None or db.session.get(EscoSkill, skill_id) is None:
        raise GuideError(_l("Choose a skill from the search results."), field="skill")
    parent = _skill_parent(entry)
    ((column, entry_id),) = parent.items()
    exists = db.session.scalar(
        select(RequiredSkill.id).where(
            getattr(RequiredSkill, column) == entry_id, RequiredSkill.esco_skill_id == skill_id
        )
    )
    if exists:
        raise GuideError(_l("This skill is already on the list."), field="skill")
    required = RequiredSkill(esco_skill_id=skill_id, **parent)
    db.session.add(required)
    db.session.flush()
    record("required_skill.added", actor=actor, target=entry, changes={"esco_skill_id": skill_id})
    return required


def remove_required_skill(entry, esco_skill_id: int, *, actor) -> None:
    ((column, entry_id),) = _skill_parent(entry).items()
    removed = db.session.execute(
        delete(RequiredSkill).where(
            getattr(RequiredSkill, column) == entry_id,
            RequiredSkill.esco_skill_id == esco_skill_id,
        )
    ).rowcount
    if not removed:
        raise GuideError(_l("This skill is not on the list."))
    record(
        "required_skill.removed",
        actor=actor,
        target=entry,
        changes={"esco_skill_id": esco_skill_id},
    )
