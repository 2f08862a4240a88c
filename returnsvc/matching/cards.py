"""Guide entries as a match shows them: title, occupation, regions, pay or investment, and the
support programmes' names that training proposals mention.

One statement per kind for any number of entries (plus one for the ISCO titles of jobs), in
the reader's language with the other as fallback. Reads the guides only, nothing of people.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.guides.models import (
    DEMAND_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
)
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.taxonomy.queries import isco_titles


@dataclass(frozen=True)
class Card:
    kind: str
    id: int
    title: str
    isco: str  # the job's unit group; "" for a business opportunity
    regions: tuple[str, ...]
    currency: str
    low: Decimal | None  # wage (jobs) or investment (businesses) range
    high: Decimal | None
    level: object  # DemandLevel (jobs) or RiskLevel (businesses)
    text: str  # notes (jobs) or description (businesses)
    text_locale: str | None
    other_skills: str = ""  # the skills asked for in the guide's own words, one per line


def cards_of(kind: str, ids, locale: str) -> dict[int, Card]:
    """{entry id: Card} for demand entries or business opportunities, whatever their edition
    (a decision may name an entry of an earlier one)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    if kind == "demand":
        stmt, text = DEMAND_TEXT.joined(select(DemandEntry), DemandEntry.id, locale)
        rows = db.session.execute(
            stmt.with_only_columns(
                DemandEntry.id,
                DemandEntry.isco_code,
                DemandEntry.regions,
                DemandEntry.currency,
                DemandEntry.wage_min,
                DemandEntry.wage_max,
                DemandEntry.demand_level,
                text.notes,
                text.text_locale,
                text.other_skills,
            ).where(DemandEntry.id.in_(ids))
        ).all()
        titles = isco_titles({row.isco_code for row in rows}, locale)
        return {
            row.id: Card(
                "demand",
                row.id,
                titles.get(row.isco_code, row.isco_code),
                row.isco_code,
                tuple(row.regions or ()),
                row.currency,
                row.wage_min,
                row.wage_max,
                row.demand_level,
                row.notes or "",
                row.text_locale,
            )  # fmt: skip
            for row in rows
        }
    stmt, text = OPPORTUNITY_TEXT.joined(
        select(BusinessOpportunity), BusinessOpportunity.id, locale
    )
    rows = db.session.execute(
        stmt.with_only_columns(
            BusinessOpportunity.id,
            BusinessOpportunity.regions,
            BusinessOpportunity.currency,
            BusinessOpportunity.investment_min,
            BusinessOpportunity.investment_max,
            BusinessOpportunity.risk_level,
            text.title,
            text.description,
            text.text_locale,
            text.other_skills,
        ).where(BusinessOpportunity.id.in_(ids))
    ).all()
    return {
        row.id: Card(
            "opportunity",
            row.id,
            row.title or f"#{row.id}",
            "",
            tuple(row.regions or ()),
            row.currency,
            row.investment_min,
            row.investment_max,
            row.risk_level,
            row.description or "",
            row.text_locale,
        )  # fmt: skip
        for row in rows
    }


def programme_names(ids, locale: str) -> dict[int, str]:
    """{programme id: name in `locale`, else the other language}: one statement."""
    ids = sorted({i for i in ids if isinstance(i, int)})
    if not ids:
        return {}
    stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme), SupportProgramme.id, locale)
    rows = db.session.execute(
        stmt.with_only_columns(SupportProgramme.id, text.name).where(SupportProgramme.id.in_(ids))
    )
    return {row.id: row.name for row in rows}
