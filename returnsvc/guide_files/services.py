"""Writing an imported file into its edition, and auditing exports.

The import is all-or-nothing: the view calls `import_edition` only for a file without a single
bad row, and everything happens in the request's transaction. Rows are matched by key: a new
key creates a row, a changed row is updated (its version moves, so an editor holding the old
version gets a conflict), an unchanged row is not touched, and rows missing from the file are
kept — an import never deletes.
"""

from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select

from returnsvc.audit.services import record
from returnsvc.core.countries import currency_of
from returnsvc.core.db import utcnow
from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.extensions import db
from returnsvc.guide_files.columns import text_table_of
from returnsvc.guide_files.queries import current_rows, entry_model
from returnsvc.guides.models import (
    DemandLevel,
    GuideEdition,
    GuideKind,
    RequiredSkill,
    RiskLevel,
    opportunity_programme,
)
from returnsvc.programmes.models import SupportProgramme
from returnsvc.taxonomy.models import EscoSkill


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: int = 0  # rows of the edition the file did not mention

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _columns(record: dict, kind: GuideKind) -> dict:
    """The model attributes a record sets."""
    values = {
        "isic_section": IsicSection(record["isic_section"]),
        "regions": list(record["regions"]),
    }
    if kind == GuideKind.LABOUR_MARKET:
        education = record["min_education"]
        return values | {
            "isco_code": record["isco_code"],
            "demand_level": DemandLevel(record["demand_level"]),
            "wage_min": record["wage_min"],
            "wage_max": record["wage_max"],
            "min_education": EducationLevel(education) if education else None,
            "experience_years": record["experience_years"],
        }
    return values | {
        "risk_level": RiskLevel(record["risk_level"]),
        "investment_min": record["investment_min"],
        "investment_max": record["investment_max"],
        "occupations": list(record["occupations"]),
    }


def import_edition(edition: GuideEdition, records: list[dict], *, actor) -> ImportResult:
    """Make the edition's rows say what `records` (a validated file) say; one audit entry
    when anything changed. Flushes, never commits."""
    model = entry_model(edition.kind)
    current = current_rows(edition)
    skill_ids = _ids(EscoSkill.uri, EscoSkill.id, {u for r in records for u in r["esco_skills"]})
    programme_ids = _ids(
        SupportProgramme.key,
        SupportProgramme.id,
        {k for r in records for k in r.get("programmes", ())},
        SupportProgramme.country == edition.country,
    )
    result = ImportResult()
    for new in records:
        old = current.get(new["key"])
        if old is not None and old.record == new:
            result.unchanged += 1
            continue
        if old is None:
            row = model(
                edition_id=edition.id,
                key=new["key"],
                currency=currency_of(edition.country),
                **_columns(new, edition.kind),
            )
            db.session.add(row)
            db.session.flush()
            result.created.append(new["key"])
        else:
            row = old.row
            for name, value in _columns(new, edition.kind).items():
                setattr(row, name, value)
            # Texts and links live in other tables: touching the row moves its version too.
            row.updated_at = utcnow()
            db.session.flush()
            result.updated.append(new["key"])
        text_table_of(edition.kind).save(row.id, new["texts"])
        before = old.record if old else {"esco_skills": frozenset(), "programmes": frozenset()}
        _sync_skills(row.id, edition.kind, before["esco_skills"], new["esco_skills"], skill_ids)
        if edition.kind == GuideKind.BUSINESS:
            _sync_programmes(row.id, before["programmes"], new["programmes"], programme_ids)
    result.kept = len(set(current) - {r["key"] for r in records})
    if result.changed:
        record(
            "guide_edition.imported",
            actor=actor,
            target=edition,
            changes={
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": result.unchanged,
                "kept": result.kept,
                "created_keys": result.created,
                "updated_keys": result.updated,
            },
        )
        db.session.flush()
    return result


def _ids(name_col, id_col, names: set, *where) -> dict:
    if not names:
        return {}
    return dict(
        db.session.execute(select(name_col, id_col).where(name_col.in_(names), *where)).all()
    )


def _sync_skills(row_id, kind, old: frozenset, new: frozenset, skill_ids: dict) -> None:
    parent = "demand_entry_id" if kind == GuideKind.LABOUR_MARKET else "opportunity_id"
    gone = old - new
    if gone:
        db.session.execute(
            delete(RequiredSkill).where(
                getattr(RequiredSkill, parent) == row_id,
                RequiredSkill.esco_skill_id.in_(
                    select(EscoSkill.id).where(EscoSkill.uri.in_(gone))
                ),
            )
        )
    added = new - old
    if added:
        db.session.execute(
            insert(RequiredSkill),
            [{parent: row_id, "esco_skill_id": skill_ids[uri]} for uri in sorted(added)],
        )


def _sync_programmes(row_id, old: frozenset, new: frozenset, programme_ids: dict) -> None:
    link = opportunity_programme.c
    gone = old - new
    if gone:
        db.session.execute(
            delete(opportunity_programme).where(
                link.opportunity_id == row_id,
                link.programme_id.in_(
                    select(SupportProgramme.id).where(SupportProgramme.key.in_(gone))
                ),
            )
        )
    added = new - old
    if added:
        db.session.execute(
            insert(opportunity_programme),
            [
                {"opportunity_id": row_id, "programme_id": programme_ids[key]}
                for key in sorted(added)
            ],
        )


def record_export(edition: GuideEdition, rows: int, *, actor) -> None:
    """Exports leave a trail like every other read of data in bulk."""
    record("guide_edition.exported", actor=actor, target=edition, changes={"rows": rows})
