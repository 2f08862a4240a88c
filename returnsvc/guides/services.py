"""Writing guide editions: create, edit, publish, unpublish, delete, copy. Entries (demand
entries, business opportunities, their required skills) are written by entry_services and
re-exported here so callers have one module: `from returnsvc.guides import services`.

Services take plain data dicts (forms, the CSV importer and the demo loader all call them),
flush, write an audit entry, and never commit: the request (or the CLI command) does.
"""

from datetime import date

from sqlalchemy import func, insert, select

from returnsvc.audit.services import changed_fields, record
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.guides.checks import GuideError, check_country, check_enum, check_texts
from returnsvc.guides.entry_services import (
    add_required_skill,
    create_demand_entry,
    create_opportunity,
    delete_demand_entry,
    delete_opportunity,
    remove_required_skill,
    update_demand_entry,
    update_opportunity,
)
from returnsvc.guides.models import (
    DEMAND_TEXT,
    EDITION_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    GuideKind,
    RequiredSkill,
    opportunity_programme,
)
from returnsvc.publishing.models import PublicationStatus

__all__ = [
    "GuideError",
    "create_edition",
    "update_edition",
    "publish_edition",
    "unpublish_edition",
    "delete_edition",
    "copy_edition",
    "missing_translations",
    "create_demand_entry",
    "update_demand_entry",
    "delete_demand_entry",
    "create_opportunity",
    "update_opportunity",
    "delete_opportunity",
    "add_required_skill",
    "remove_required_skill",
]


def _check_date(value) -> date:
    if not isinstance(value, date):
        raise GuideError(_l("Enter the edition date."), field="edition_date")
    return value


def _clean(data: dict) -> dict:
    return {
        "country": check_country(data.get("country")),
        "kind": check_enum(GuideKind, data.get("kind"), "kind"),
        "edition_date": _check_date(data.get("edition_date")),
    }


def entry_count(edition_id: int) -> int:
    demand = select(func.count()).where(DemandEntry.edition_id == edition_id).scalar_subquery()
    business = (
        select(func.count()).where(BusinessOpportunity.edition_id == edition_id).scalar_subquery()
    )
    return db.session.scalar(select(demand + business))


def create_edition(data: dict, *, actor, is_demo: bool = False) -> GuideEdition:
    """A new DRAFT edition. data: country, kind, edition_date, texts {locale: {title, source,
    summary}} (at least one title)."""
    fields = _clean(data)
    texts = check_texts(EDITION_TEXT, data.get("texts"), need_one=True)
    edition = GuideEdition(
        **fields,
        status=PublicationStatus.DRAFT,
        is_demo=is_demo,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(edition)
    db.session.flush()
    changes = {name: str(value) for name, value in fields.items()}
    changes.update(EDITION_TEXT.save(edition.id, texts))
    record("guide_edition.created", actor=actor, target=edition, changes=changes)
    return edition


def update_edition(edition: GuideEdition, data: dict, *, version: int, actor) -> dict:
    """Change the edition's fields and texts; country and kind stay once it has entries."""
    check_version(edition, version)
    fields = _clean(data)
    texts = check_texts(EDITION_TEXT, data.get("texts"), need_one=True)
    moved = fields["country"] != edition.country or fields["kind"] != edition.kind
    if moved and entry_count(edition.id):
        field = "country" if fields["country"] != edition.country else "kind"
        raise GuideError(
            _l("The country and kind cannot change once the edition has entries."), field=field
        )
    text_changes = EDITION_TEXT.save(edition.id, texts)
    changes = changed_fields(edition, fields)
    if text_changes and not changes:
        edition.updated_at = utcnow()  # a text-only change is still a new version of the edition
    changes.update(text_changes)
    if changes:
        db.session.flush()
        record("guide_edition.updated", actor=actor, target=edition, changes=changes)
    return changes


def missing_translations(edition: GuideEdition, locales=("es", "en")) -> list[str]:
    """Locales lacking text somewhere in the edition (its own texts or an entry's): a warning
    shown when publishing, not a reason to refuse."""
    missing = []
    entry_model, table = (
        (DemandEntry, DEMAND_TEXT)
        if edition.kind is GuideKind.LABOUR_MARKET
        else (BusinessOpportunity, OPPORTUNITY_TEXT)
    )
    entry_ids = db.session.scalars(
        select(entry_model.id).where(entry_model.edition_id == edition.id)
    ).all()
    found = table.locales_of(entry_ids)
    own = set(EDITION_TEXT.texts_of(edition.id))
    for locale in locales:
        if locale not in own or any(locale not in found.get(i, ()) for i in entry_ids):
            missing.append(locale)
    return missing


def publish_edition(edition: GuideEdition, *, actor, version: int | None = None) -> list[str]:
    """Make the edition public. Returns the locales with missing texts (to warn about)."""
    if version is not None:
        check_version(edition, version)
    if edition.status is PublicationStatus.PUBLISHED:
        raise GuideError(_l("This edition is already published."))
    edition.status = PublicationStatus.PUBLISHED
    edition.published_at = utcnow()
    db.session.flush()
    record(
        "guide_edition.published",
        actor=actor,
        target=edition,
        changes={"status": ["draft", "published"]},
    )
    return missing_translations(edition)


def unpublish_edition(edition: GuideEdition, *, actor, version: int | None = None) -> None:
    """Back to draft: no longer public (managers still see it and its preview)."""
    if version is not None:
        check_version(edition, version)
    if edition.status is not PublicationStatus.PUBLISHED:
        raise GuideError(_l("This edition is not published."))
    edition.status = PublicationStatus.DRAFT
    edition.published_at = None
    db.session.flush()
    record(
        "guide_edition.unpublished",
        actor=actor,
        target=edition,
        changes={"status": ["published", "draft"]},
    )


def delete_edition(edition: GuideEdition, *, actor, version: int | None = None) -> None:
    """Delete a DRAFT edition with its entries (the foreign keys cascade)."""
    if version is not None:
        check_version(edition, version)
    if edition.status is not PublicationStatus.DRAFT:
        raise GuideError(_l("Only a draft edition can be deleted. Unpublish it first."))
    changes = {
        "country": edition.country,
        "kind": edition.kind.value,
        "edition_date": str(edition.edition_date),
        "entries": entry_count(edition.id),
    }
    record("guide_edition.deleted", actor=actor, target=edition, changes=changes)
    db.session.delete(edition)
    db.session.flush()


def copy_edition(edition: GuideEdition, data: dict, *, actor) -> GuideEdition:
    """A new DRAFT edition with this one's texts, entries, entry texts, required skills and
    programme links, dated data["edition_date"] (managers update guides yearly)."""
    new_date = _check_date(data.get("edition_date"))
    copy = GuideEdition(
        country=edition.country,
        kind=edition.kind,
        edition_date=new_date,
        status=PublicationStatus.DRAFT,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(copy)
    db.session.flush()
    EDITION_TEXT.save(copy.id, EDITION_TEXT.texts_of(edition.id))
    counts = {
        "demand_entries": _copy_entries(
            DemandEntry, DEMAND_TEXT, edition.id, copy, "demand_entry_id"
        ),
        "opportunities": _copy_entries(
            BusinessOpportunity, OPPORTUNITY_TEXT, edition.id, copy, "opportunity_id"
        ),
    }
    record(
        "guide_edition.copied",
        actor=actor,
        target=copy,
        changes={"copied_from": edition.id, "edition_date": str(new_date), **counts},
    )
    return copy


_COPIED_COLUMNS = ("id", "edition_id", "version", "created_at", "updated_at")


def _copy_entries(model, table, old_edition_id: int, copy: GuideEdition, skill_parent: str) -> int:
    """Copy every entry of `model` with its texts, skills (and programme links): a few
    statements per entry kind, not per row, since editions hold hundreds of entries."""
    entries = db.session.scalars(select(model).where(model.edition_id == old_edition_id)).all()
    if not entries:
        return 0
    columns = [c.key for c in model.__table__.columns if c.key not in _COPIED_COLUMNS]
    new_ids = {}
    for entry in entries:
        clone = model(edition_id=copy.id, **{name: getattr(entry, name) for name in columns})
        db.session.add(clone)
        new_ids[entry.id] = clone
    db.session.flush()
    key = getattr(table.model, table.parent_key)
    text_rows = db.session.scalars(select(table.model).where(key.in_(list(new_ids)))).all()
    if text_rows:
        db.session.execute(
            insert(table.model),
            [
                {
                    table.parent_key: new_ids[getattr(row, table.parent_key)].id,
                    "locale": row.locale,
                    **{name: getattr(row, name) for name in table.fields},
                }
                for row in text_rows
            ],
        )
    parent = getattr(RequiredSkill, skill_parent)
    skills = db.session.execute(
        select(parent, RequiredSkill.esco_skill_id).where(parent.in_(list(new_ids)))
    ).all()
    if skills:
        db.session.execute(
            insert(RequiredSkill),
            [{skill_parent: new_ids[old].id, "esco_skill_id": skill} for old, skill in skills],
        )
    if model is BusinessOpportunity:
        links = db.session.execute(
            select(opportunity_programme).where(
                opportunity_programme.c.opportunity_id.in_(list(new_ids))
            )
        ).all()
        if links:
            db.session.execute(
                insert(opportunity_programme),
                [
                    {
                        "opportunity_id": new_ids[link.opportunity_id].id,
                        "programme_id": link.programme_id,
                    }
                    for link in links
                ],
            )
    db.session.flush()
    return len(entries)
