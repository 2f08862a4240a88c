"""Guide content at benchmark size (10,000 guide entries): `python -m bench.seed --guide-entries
10000`, or `bench.guides` before a run.

Per origin country a current and an earlier edition of each guide kind plus a draft, the
entries of the current editions spread over the country's regions, ~30 ISCO-08 unit groups,
every ISIC section in use and 3 ESCO skills each; ~85% of the texts in both languages, the rest
in one only (so the fallback paths are measured too); support programmes linked to the
opportunities, and good practices. Everything is `is_demo`, and keys start with "bench-": a new
run deletes the previous one first, so the generator can be run again. Same --seed, same data.

ISCO groups and ESCO skills are taken from the database when imported; otherwise a small set is
written (placeholder ESCO URIs under bench.returnsvc.org).
"""

import random
from datetime import date

from sqlalchemy import delete, func, insert, select, text

from bench.seed.guides_words import BUSINESSES, ISCO, SKILLS, WORDS
from returnsvc.core.countries import ORIGINS, currency_of
from returnsvc.core.enums import IsicSection
from returnsvc.core.regions import regions_of
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.guides.models import (
    DEMAND_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    BusinessOpportunityText,
    DemandEntry,
    DemandEntryText,
    DemandLevel,
    GuideEdition,
    GuideEditionText,
    GuideKind,
    RequiredSkill,
    RiskLevel,
    opportunity_programme,
)
from returnsvc.practices.models import GoodPractice, GoodPracticeText, PracticeTheme
from returnsvc.programmes.models import ProgrammeKind, SupportProgramme, SupportProgrammeText
from returnsvc.publishing.models import PublicationStatus
from returnsvc.taxonomy.models import EscoSkill, EscoSkillLabel, IscoGroup

SOURCE = "returnsvc benchmark generator"
DEMAND_SHARE = 0.7


def _taxonomy(rng: random.Random) -> tuple[list[str], list[int]]:
    """Unit groups and skills to use: the imported ones, else the small built-in set."""
    codes = list(db.session.scalars(select(IscoGroup.code).where(IscoGroup.level == 4)))
    if len(codes) < 20:
        for code, (english, spanish) in ISCO.items():
            for length in range(1, 5):
                part = code[:length]
                db.session.execute(
                    text(
                        "INSERT INTO isco_group (code, level, parent_code) VALUES (:c, :l, :p)"
                        " ON CONFLICT DO NOTHING"
                    ),
                    {"c": part, "l": length, "p": part[:-1] or None},
                )
                for locale, title in (("en", english), ("es", spanish)):
                    title = title if length == 4 else f"{title} ({part})"
                    db.session.execute(
                        text(
                            "INSERT INTO isco_group_label (code, locale, title, search_text)"
                            " VALUES (:c, :loc, :t, :s) ON CONFLICT DO NOTHING"
                        ),
                        {"c": part, "loc": locale, "t": title, "s": fold(title)},
                    )
        codes = list(ISCO)
    else:
        codes = rng.sample(sorted(codes), min(30, len(codes)))
    skills = list(db.session.scalars(select(EscoSkill.id).order_by(EscoSkill.id).limit(2000)))
    if len(skills) < 20:
        skills = []
        for n, (english, spanish) in enumerate(SKILLS):
            uri = f"http://bench.returnsvc.org/skill/{n}"
            found = db.session.scalar(select(EscoSkill.id).where(EscoSkill.uri == uri))
            if found is None:
                found = db.session.scalar(
                    insert(EscoSkill).values(uri=uri, skill_type="skill").returning(EscoSkill.id)
                )
                for locale, label in (("en", english), ("es", spanish)):
                    db.session.execute(
                        insert(EscoSkillLabel).values(
                            skill_id=found,
                            locale=locale,
                            label=label,
                            is_preferred=True,
                            search_text=fold(label),
                        )
                    )
            skills.append(found)
    return codes, rng.sample(skills, min(len(skills), 300))


def clear() -> None:
    """Delete the content of a previous run (entries go with their editions)."""
    ids = select(GuideEditionText.edition_id).where(GuideEditionText.source == SOURCE)
    db.session.execute(delete(GuideEdition).where(GuideEdition.id.in_(ids)))
    db.session.execute(delete(SupportProgramme).where(SupportProgramme.key.like("bench-%")))
    db.session.execute(delete(GoodPractice).where(GoodPractice.key.like("bench-%")))


def _texts(rng, model, parent_key: str, parent_id: int, english: dict, spanish: dict) -> list:
    """Text rows: both languages mostly, one language sometimes (the fallback paths)."""
    draw = rng.random()
    rows = []
    if draw < 0.95:
        rows.append({"model": model, parent_key: parent_id, "locale": "es", **spanish})
    if draw < 0.85 or draw >= 0.95:
        rows.append({"model": model, parent_key: parent_id, "locale": "en", **english})
    return rows


def _insert_texts(rows: list) -> None:
    by_model: dict = {}
    for row in rows:
        by_model.setdefault(row.pop("model"), []).append(row)
    tables = {DemandEntryText: DEMAND_TEXT, BusinessOpportunityText: OPPORTUNITY_TEXT}
    for model, values in by_model.items():
        if model in tables:
            values = [tables[model].with_search(row) for row in values]
        db.session.execute(insert(model), values)


def _edition(country, kind, edition_date, status, label) -> int:
    edition_id = db.session.scalar(
        insert(GuideEdition)
        .values(
            country=country,
            kind=kind,
            edition_date=edition_date,
            status=status,
            published_at=func.now() if status == PublicationStatus.PUBLISHED else None,
            is_demo=True,
            version=1,
        )
        .returning(GuideEdition.id)
    )
    db.session.execute(
        insert(GuideEditionText),
        [
            {"edition_id": edition_id, "locale": "en", "title": f"{label} {edition_date.year}",
             "source": SOURCE, "summary": "Benchmark data."},
            {"edition_id": edition_id, "locale": "es", "title": f"{label} {edition_date.year}",
             "source": SOURCE, "summary": "Datos de prueba de rendimiento."},
        ],
    )  # fmt: skip
    return edition_id


def _ids(model, rows: list) -> list[int]:
    """Insert `rows` (one multi-row statement per batch) and return their ids in order."""
    stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(stmt, rows))


def _entry_common(rng, country, regions, key) -> dict:
    shown = rng.choice((0, 1, 1, 2, 3))  # ~20% nationwide
    return {
        "key": key,
        "isic_section": rng.choice(list(IsicSection)),
        "regions": rng.sample(regions, shown),
        "currency": currency_of(country),
    }


def _demand(rng, edition_id, country, regions, codes, skills, count, prefix) -> list[int]:
    rows = []
    for n in range(count):
        low = rng.randrange(150, 2500) * 10
        rows.append(
            _entry_common(rng, country, regions, f"{prefix}-d{n}")
            | {
                "edition_id": edition_id,
                "isco_code": rng.choice(codes),
                "demand_level": rng.choice(list(DemandLevel)),
                "wage_min": low,
                "wage_max": low + rng.randrange(0, 1500) * 10,
                "experience_years": rng.choice((None, 0, 1, 2, 3, 5)),
            }
        )
    ids = _ids(DemandEntry, rows)
    texts, links = [], []
    for entry_id in ids:
        english, spanish = zip(*rng.sample(WORDS, 2), strict=True)
        texts += _texts(
            rng, DemandEntryText, "entry_id", entry_id,
            {"notes": english[0], "other_skills": english[1], "certifications": ""},
            {"notes": spanish[0], "other_skills": spanish[1], "certifications": ""},
        )  # fmt: skip
        links += [{"demand_entry_id": entry_id, "esco_skill_id": s} for s in rng.sample(skills, 3)]
    _insert_texts(texts)
    db.session.execute(insert(RequiredSkill), links)
    return ids


def _opportunities(rng, edition_id, country, regions, codes, skills, programmes, count, prefix):
    rows = []
    for n in range(count):
        low = rng.randrange(100, 5000) * 10
        rows.append(
            _entry_common(rng, country, regions, f"{prefix}-o{n}")
            | {
                "edition_id": edition_id,
                "risk_level": rng.choice(list(RiskLevel)),
                "investment_min": low,
                "investment_max": low * rng.choice((2, 3, 5)),
                "occupations": rng.sample(codes, rng.randint(1, 3)),
            }
        )
    ids = _ids(BusinessOpportunity, rows)
    texts, links, supports = [], [], []
    for opportunity_id in ids:
        english, spanish = rng.choice(BUSINESSES)
        texts += _texts(
            rng, BusinessOpportunityText, "opportunity_id", opportunity_id,
            {"title": english, "description": f"{english} for returnees.", "market_notes": "",
             "other_skills": rng.choice(WORDS)[0]},
            {"title": spanish, "description": f"{spanish} para personas retornadas.",
             "market_notes": "", "other_skills": rng.choice(WORDS)[1]},
        )  # fmt: skip
        links += [
            {"opportunity_id": opportunity_id, "esco_skill_id": s} for s in rng.sample(skills, 3)
        ]
        supports += [
            {"opportunity_id": opportunity_id, "programme_id": p} for p in rng.sample(programmes, 2)
        ]
    _insert_texts(texts)
    db.session.execute(insert(RequiredSkill), links)
    db.session.execute(insert(opportunity_programme), supports)
    return ids


def _programmes(rng, country, regions, count) -> list[int]:
    rows = [
        {
            "key": f"bench-{country.lower()}-p{n}",
            "country": country,
            "kind": rng.choice(list(ProgrammeKind)),
            "provider": rng.choice(("Ministerio de Trabajo", "Banco de Desarrollo", "ONG Retorno")),
            "regions": rng.sample(regions, rng.choice((0, 1, 2))),
            "contact": "https://example.org",
            "status": PublicationStatus.PUBLISHED if n % 10 else PublicationStatus.DRAFT,
            "is_demo": True,
        }
        for n in range(count)
    ]
    ids = _ids(SupportProgramme, rows)
    texts = []
    for n, programme_id in enumerate(ids):
        texts += _texts(
            rng, SupportProgrammeText, "programme_id", programme_id,
            {"name": f"Programme {n}", "conditions": "Returnees", "description": ""},
            {"name": f"Programa {n}", "conditions": "Personas retornadas", "description": ""},
        )  # fmt: skip
    _insert_texts(texts)
    return ids


def _practices(rng, count) -> None:
    themes = [theme.value for theme in PracticeTheme]
    rows = [
        {
            "key": f"bench-practice-{n}",
            "countries": rng.sample(ORIGINS, rng.randint(1, 2)),
            "themes": rng.sample(themes, rng.randint(1, 2)),
            "status": PublicationStatus.PUBLISHED if n % 10 else PublicationStatus.DRAFT,
            "is_demo": True,
        }
        for n in range(count)
    ]
    ids = _ids(GoodPractice, rows)
    texts = []
    for n, practice_id in enumerate(ids):
        texts += _texts(
            rng, GoodPracticeText, "practice_id", practice_id,
            {"title": f"Experience {n}", "summary": "A return story.", "body": "Text."},
            {"title": f"Experiencia {n}", "summary": "Una historia de retorno.", "body": "Texto."},
        )  # fmt: skip
    _insert_texts(texts)


def seed_guides(entries: int = 10_000, seed: int = 42) -> dict:
    """Replace the benchmark guide content with `entries` entries in the current editions
    (70% demand entries, 30% opportunities) of the four countries. Flushes, never commits."""
    rng = random.Random(seed)
    clear()
    codes, skills = _taxonomy(rng)
    per_country = entries // len(ORIGINS)
    counts = {"demand": 0, "opportunities": 0}
    for country in ORIGINS:
        regions = [code for code, _ in regions_of(country)]
        published = PublicationStatus.PUBLISHED
        programmes = _programmes(rng, country, regions, 40)
        for kind, label in ((GuideKind.LABOUR_MARKET, "Labour market"),
                            (GuideKind.BUSINESS, "Business opportunities")):  # fmt: skip
            current = _edition(country, kind, date(2026, 9, 1), published, label)
            earlier = _edition(country, kind, date(2025, 9, 1), published, label)
            draft = _edition(country, kind, date(2027, 3, 1), PublicationStatus.DRAFT, label)
            demand = kind == GuideKind.LABOUR_MARKET
            size = round(per_country * (DEMAND_SHARE if demand else 1 - DEMAND_SHARE))
            prefix = f"bench-{country.lower()}"
            for edition_id, count in ((current, size), (earlier, 50), (draft, 20)):
                key = f"{prefix}-{edition_id}"
                if demand:
                    _demand(rng, edition_id, country, regions, codes, skills, count, key)
                else:
                    _opportunities(
                        rng, edition_id, country, regions, codes, skills, programmes, count, key
                    )
            counts["demand" if demand else "opportunities"] += size
    _practices(rng, 80)
    db.session.flush()
    return counts
