"""Reading an edition's rows as records (see columns.py), for the export and for the import's
comparison with the file. Four queries whatever the number of rows."""

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select

from returnsvc.core.translated import other_locale
from returnsvc.extensions import db
from returnsvc.guide_files.columns import columns_of, text_table_of, to_cells
from returnsvc.guides.models import (
    EDITION_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    GuideKind,
    RequiredSkill,
    opportunity_programme,
)
from returnsvc.programmes.models import SupportProgramme
from returnsvc.taxonomy.models import EscoSkill

BOM = "\ufeff"


@dataclass
class Current:
    """One row of the edition as stored: the model instance and its record."""

    row: object
    record: dict


def entry_model(kind: GuideKind):
    return DemandEntry if kind == GuideKind.LABOUR_MARKET else BusinessOpportunity


def _scalars(row, kind: GuideKind) -> dict:
    common = {
        "key": row.key,
        "isic_section": row.isic_section.value,
        "regions": tuple(row.regions or ()),
    }
    if kind == GuideKind.LABOUR_MARKET:
        return common | {
            "isco_code": row.isco_code,
            "demand_level": row.demand_level.value,
            "wage_min": row.wage_min,
            "wage_max": row.wage_max,
            "min_education": row.min_education.value if row.min_education else None,
            "experience_years": row.experience_years,
        }
    return common | {
        "risk_level": row.risk_level.value,
        "investment_min": row.investment_min,
        "investment_max": row.investment_max,
        "occupations": tuple(row.occupations or ()),
    }


def current_rows(edition: GuideEdition) -> dict[str, Current]:
    """{key: Current} for every row of the edition."""
    model = entry_model(edition.kind)
    rows = db.session.scalars(select(model).where(model.edition_id == edition.id)).all()
    ids = select(model.id).where(model.edition_id == edition.id).scalar_subquery()
    table = text_table_of(edition.kind)
    parent = getattr(table.model, table.parent_key)
    texts: dict[int, dict] = {}
    for text in db.session.scalars(select(table.model).where(parent.in_(ids))):
        texts.setdefault(getattr(text, table.parent_key), {})[text.locale] = {
            name: getattr(text, name) for name in table.fields
        }
    skill_parent = (
        RequiredSkill.demand_entry_id
        if edition.kind == GuideKind.LABOUR_MARKET
        else RequiredSkill.opportunity_id
    )
    skills: dict[int, set] = {}
    for parent_id, uri in db.session.execute(
        select(skill_parent, EscoSkill.uri)
        .join(EscoSkill, EscoSkill.id == RequiredSkill.esco_skill_id)
        .where(skill_parent.in_(ids))
    ):
        skills.setdefault(parent_id, set()).add(uri)
    programmes: dict[int, set] = {}
    if edition.kind == GuideKind.BUSINESS:
        link = opportunity_programme.c
        for parent_id, key in db.session.execute(
            select(link.opportunity_id, SupportProgramme.key)
            .join(SupportProgramme, SupportProgramme.id == link.programme_id)
            .where(link.opportunity_id.in_(ids))
        ):
            programmes.setdefault(parent_id, set()).add(key)
    found = {}
    for row in rows:
        record = _scalars(row, edition.kind)
        record["esco_skills"] = frozenset(skills.get(row.id, ()))
        if edition.kind == GuideKind.BUSINESS:
            record["programmes"] = frozenset(programmes.get(row.id, ()))
        record["texts"] = texts.get(row.id, {})
        found[row.key] = Current(row, record)
    return found


def export_csv(edition: GuideEdition) -> tuple[bytes, int]:
    """(the edition's file, number of rows): UTF-8 with a BOM so Excel reads the accents,
    rows ordered by key, cells escaped against formulas."""
    columns = columns_of(edition.kind)
    rows = current_rows(edition)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for key in sorted(rows):
        writer.writerow(to_cells(columns, rows[key].record))
    return (BOM + out.getvalue()).encode("utf-8"), len(rows)


def export_filename(edition: GuideEdition) -> str:
    kind = "labour-market" if edition.kind == GuideKind.LABOUR_MARKET else "business"
    day = edition.edition_date.isoformat()
    return f"guide-{edition.country.lower()}-{kind}-{day}-{edition.id}.csv"


def edition_title(edition: GuideEdition, locale: str) -> tuple[str, str]:
    """(title, its language) in `locale`, else the other language."""
    texts = EDITION_TEXT.texts_of(edition.id)
    for candidate in (locale, other_locale(locale)):
        if candidate in texts:
            return texts[candidate]["title"], candidate
    return f"#{edition.id}", locale
