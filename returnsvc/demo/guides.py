"""Demo guide content: a sample labour-market and business-opportunity guide, support programmes
and good practices for each origin country, from `returnsvc/guides/demo_content/<cc>.json`.

Everything is marked `is_demo` and published, and each title says "sample data". Loading adds
only what is missing (editions by country, kind and date; programmes and practices by key), so
`seed demo` can run again. A required skill whose English wording is the preferred label of an
ESCO skill (the demo subset or the official files) is linked to that skill; the others stay as
the entry's own words, one per line.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.core.translated import LOCALES
from returnsvc.extensions import db
from returnsvc.guides.models import (
    DEMAND_TEXT,
    EDITION_TEXT,
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
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice
from returnsvc.programmes.models import PROGRAMME_TEXT, ProgrammeKind, SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from returnsvc.taxonomy.models import EscoSkill, EscoSkillLabel

CONTENT_DIR = Path(__file__).resolve().parent.parent / "guides" / "demo_content"
COUNTRIES = ("BO", "CO", "EC", "PE")


@dataclass
class DemoGuidesResult:
    editions: int = 0
    demand_entries: int = 0
    opportunities: int = 0
    programmes: int = 0
    practices: int = 0
    linked_skills: int = 0
    countries: list[str] = field(default_factory=list)


def load_demo_guides() -> DemoGuidesResult:
    """Load the four countries' sample guides that are not there yet. Flushes, never commits."""
    result = DemoGuidesResult()
    skills = _esco_skills_by_english_label()
    for country in COUNTRIES:
        content = json.loads((CONTENT_DIR / f"{country.lower()}.json").read_text("utf-8"))
        programme_ids = _load_programmes(country, content["programmes"], result)
        _load_practices(country, content["good_practices"], result)
        _load_editions(country, content, programme_ids, skills, result)
        result.countries.append(country)
    db.session.flush()
    return result


def _published() -> dict:
    return {"status": PublicationStatus.PUBLISHED, "published_at": func.now(), "is_demo": True}


def _texts(item: dict, fields: tuple[str, ...]) -> dict:
    """{"title": {"es":..,"en":..}, ...} -> {"es": {"title": ..}, "en": {...}}"""
    return {
        locale: {name: (item.get(name) or {}).get(locale, "") for name in fields}
        for locale in LOCALES
    }


def _amount(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _load_programmes(country: str, items: list, result: DemoGuidesResult) -> dict[str, int]:
    existing = dict(
        db.session.execute(
            select(SupportProgramme.key, SupportProgramme.id).where(
                SupportProgramme.country == country
            )
        ).all()
    )
    for item in items:
        if item["key"] in existing:
            continue
        programme = SupportProgramme(
            key=item["key"],
            country=country,
            kind=ProgrammeKind(item["kind"]),
            provider=item["provider"],
            regions=item["regions"],
            contact=item.get("contact", ""),
            **_published(),
        )
        db.session.add(programme)
        db.session.flush()
        PROGRAMME_TEXT.save(programme.id, _texts(item, PROGRAMME_TEXT.fields))
        existing[item["key"]] = programme.id
        result.programmes += 1
    return existing


def _load_practices(country: str, items: list, result: DemoGuidesResult) -> None:
    existing = set(db.session.scalars(select(GoodPractice.key)))
    for item in items:
        if item["key"] in existing:
            continue
        practice = GoodPractice(
            key=item["key"], countries=[country], themes=item["themes"], **_published()
        )
        db.session.add(practice)
        db.session.flush()
        PRACTICE_TEXT.save(practice.id, _texts(item, PRACTICE_TEXT.fields))
        result.practices += 1


def _load_editions(country, content, programme_ids, skills, result) -> None:
    loaders = {
        GuideKind.LABOUR_MARKET: lambda edition: _load_demand(edition, content, skills, result),
        GuideKind.BUSINESS: lambda edition: _load_opportunities(
            edition, content, programme_ids, skills, result
        ),
    }
    for kind, load_entries in loaders.items():
        meta = content["editions"][kind.value]
        edition_date = date.fromisoformat(meta["edition_date"])
        already = db.session.scalar(
            select(GuideEdition.id).where(
                GuideEdition.country == country,
                GuideEdition.kind == kind,
                GuideEdition.edition_date == edition_date,
                GuideEdition.is_demo.is_(True),
            )
        )
        if already is not None:
            continue
        edition = GuideEdition(
            country=country, kind=kind, edition_date=edition_date, **_published()
        )
        db.session.add(edition)
        db.session.flush()
        EDITION_TEXT.save(edition.id, _texts(meta, EDITION_TEXT.fields))
        load_entries(edition)
        result.editions += 1


def _load_demand(edition, content, skills, result) -> None:
    for item in content["demand"]:
        entry = DemandEntry(
            edition_id=edition.id,
            key=item["key"],
            isco_code=item["isco"],
            isic_section=IsicSection(item["isic"]),
            regions=item["regions"],
            currency=content["currency"],
            demand_level=DemandLevel(item["demand_level"]),
            wage_min=_amount(item.get("wage_min")),
            wage_max=_amount(item.get("wage_max")),
            min_education=EducationLevel(item["min_education"])
            if item.get("min_education")
            else None,
            experience_years=item.get("experience_years"),
        )
        db.session.add(entry)
        db.session.flush()
        linked, own_words = _split_skills(item.get("skills", []), skills)
        texts = _texts(item, ("certifications", "notes"))
        for locale in LOCALES:
            texts[locale]["other_skills"] = "\n".join(words[locale] for words in own_words)
        DEMAND_TEXT.save(entry.id, texts)
        db.session.add_all(RequiredSkill(demand_entry_id=entry.id, esco_skill_id=s) for s in linked)
        result.demand_entries += 1
        result.linked_skills += len(linked)


def _load_opportunities(edition, content, programme_ids, skills, result) -> None:
    for item in content["opportunities"]:
        opportunity = BusinessOpportunity(
            edition_id=edition.id,
            key=item["key"],
            isic_section=IsicSection(item["isic"]),
            regions=item["regions"],
            currency=content["currency"],
            investment_min=_amount(item.get("investment_min")),
            investment_max=_amount(item.get("investment_max")),
            risk_level=RiskLevel(item["risk"]),
            occupations=item.get("occupations", []),
        )
        db.session.add(opportunity)
        db.session.flush()
        linked, own_words = _split_skills(item.get("skills", []), skills)
        texts = _texts(item, ("title", "description", "market_notes"))
        for locale in LOCALES:
            texts[locale]["other_skills"] = "\n".join(words[locale] for words in own_words)
        OPPORTUNITY_TEXT.save(opportunity.id, texts)
        db.session.add_all(
            RequiredSkill(opportunity_id=opportunity.id, esco_skill_id=s) for s in linked
        )
        for key in item.get("programmes", []):
            db.session.execute(
                opportunity_programme.insert().values(
                    opportunity_id=opportunity.id, programme_id=programme_ids[key]
                )
            )
        result.opportunities += 1
        result.linked_skills += len(linked)


def _split_skills(items: list, skills: dict[str, int]) -> tuple[list[int], list[dict]]:
    """ESCO skill ids for the wordings that name one, and the remaining wordings."""
    linked: list[int] = []
    own_words: list[dict] = []
    for words in items:
        skill_id = skills.get(words["en"].strip().lower())
        if skill_id is not None and skill_id not in linked:
            linked.append(skill_id)
        elif skill_id is None:
            own_words.append(words)
    return linked, own_words


def _esco_skills_by_english_label() -> dict[str, int]:
    rows = db.session.execute(
        select(func.lower(EscoSkillLabel.label), EscoSkill.id)
        .join(EscoSkill, EscoSkill.id == EscoSkillLabel.skill_id)
        .where(EscoSkillLabel.locale == "en", EscoSkillLabel.is_preferred.is_(True))
    )
    return {label: skill_id for label, skill_id in rows}
