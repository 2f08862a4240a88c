"""Factories for guide content (editions, demand entries, opportunities, programmes, good
practices), written straight into the tables so every guide feature's tests can start from
content without going through another feature's services. Mixed into tests.factories.Factory.

Texts are {locale: {field: value}}; a locale left out has no row ("not yet translated")."""

import itertools
from datetime import date
from decimal import Decimal

from sqlalchemy import text as sql

from returnsvc.core.countries import currency_of
from returnsvc.core.enums import IsicSection
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

_serial = itertools.count(1)


def ensure_isco(code: str) -> None:
    """The ISCO-08 group `code` and its ancestors, with placeholder titles when missing."""
    for length in range(1, len(code) + 1):
        part = code[:length]
        db.session.execute(
            sql(
                "INSERT INTO isco_group (code, level, parent_code) VALUES (:c, :l, :p)"
                " ON CONFLICT DO NOTHING"
            ),
            {"c": part, "l": length, "p": part[:-1] or None},
        )
        db.session.execute(
            sql(
                "INSERT INTO isco_group_label (code, locale, title, search_text) VALUES"
                " (:c, 'en', :en, :en_folded), (:c, 'es', :es, :es_folded)"
                " ON CONFLICT DO NOTHING"
            ),
            {
                "c": part,
                "en": f"ISCO group {part}",
                "en_folded": f"isco group {part}",
                "es": f"Grupo CIUO {part}",
                "es_folded": f"grupo ciuo {part}",
            },
        )


def _status(published: bool) -> dict:
    if published:
        return {"status": PublicationStatus.PUBLISHED, "published_at": db.func.now()}
    return {"status": PublicationStatus.DRAFT}


class GuideFactory:
    def edition(
        self,
        country="EC",
        kind="labour_market",
        *,
        published=True,
        edition_date=date(2026, 10, 1),
        texts=None,
    ) -> int:
        n = next(_serial)
        texts = texts or {
            "es": {"title": f"Guía {country} {n}", "source": "Fuente", "summary": "Resumen"},
            "en": {"title": f"Guide {country} {n}", "source": "Source", "summary": "Summary"},
        }
        with self.app.app_context():
            edition = GuideEdition(
                country=country,
                kind=GuideKind(kind),
                edition_date=edition_date,
                **_status(published),
            )
            db.session.add(edition)
            db.session.flush()
            EDITION_TEXT.save(edition.id, texts)
            db.session.commit()
            return edition.id

    def demand_entry(
        self,
        edition_id,
        *,
        key=None,
        isco_code="7112",
        isic_section="F",
        regions=(),
        demand_level="high",
        wage_min="1000.00",
        wage_max="1500.00",
        min_education=None,
        experience_years=None,
        texts=None,
        esco_skill_ids=(),
    ) -> int:
        n = next(_serial)
        texts = texts or {
            "es": {"notes": f"Notas {n}", "other_skills": "colocar ladrillos"},
            "en": {"notes": f"Notes {n}", "other_skills": "lay bricks"},
        }
        with self.app.app_context():
            ensure_isco(isco_code)
            edition = db.session.get(GuideEdition, edition_id)
            entry = DemandEntry(
                edition_id=edition_id,
                key=key or f"demand-{n}",
                isco_code=isco_code,
                isic_section=IsicSection(isic_section),
                regions=list(regions),
                currency=currency_of(edition.country),
                demand_level=DemandLevel(demand_level),
                wage_min=Decimal(wage_min) if wage_min is not None else None,
                wage_max=Decimal(wage_max) if wage_max is not None else None,
                min_education=min_education,
                experience_years=experience_years,
            )
            db.session.add(entry)
            db.session.flush()
            DEMAND_TEXT.save(entry.id, texts)
            for skill_id in esco_skill_ids:
                db.session.add(RequiredSkill(demand_entry_id=entry.id, esco_skill_id=skill_id))
            db.session.commit()
            return entry.id

    def opportunity(
        self,
        edition_id,
        *,
        key=None,
        isic_section="I",
        regions=(),
        occupations=("5120",),
        risk_level="medium",
        investment_min="5000.00",
        investment_max="20000.00",
        texts=None,
        programme_ids=(),
        esco_skill_ids=(),
    ) -> int:
        n = next(_serial)
        texts = texts or {
            "es": {"title": f"Negocio {n}", "description": "Descripción", "market_notes": ""},
            "en": {"title": f"Business {n}", "description": "Description", "market_notes": ""},
        }
        with self.app.app_context():
            edition = db.session.get(GuideEdition, edition_id)
            opportunity = BusinessOpportunity(
                edition_id=edition_id,
                key=key or f"opportunity-{n}",
                isic_section=IsicSection(isic_section),
                regions=list(regions),
                currency=currency_of(edition.country),
                occupations=list(occupations),
                risk_level=RiskLevel(risk_level),
                investment_min=Decimal(investment_min) if investment_min is not None else None,
                investment_max=Decimal(investment_max) if investment_max is not None else None,
            )
            db.session.add(opportunity)
            db.session.flush()
            OPPORTUNITY_TEXT.save(opportunity.id, texts)
            for programme_id in programme_ids:
                db.session.execute(
                    opportunity_programme.insert().values(
                        opportunity_id=opportunity.id, programme_id=programme_id
                    )
                )
            for skill_id in esco_skill_ids:
                db.session.add(RequiredSkill(opportunity_id=opportunity.id, esco_skill_id=skill_id))
            db.session.commit()
            return opportunity.id

    def programme(
        self,
        country="EC",
        *,
        key=None,
        kind="micro_credit",
        provider="BanEcuador",
        regions=(),
        contact="https://example.org",
        published=True,
        texts=None,
    ) -> int:
        n = next(_serial)
        texts = texts or {
            "es": {"name": f"Programa {n}", "conditions": "Condiciones", "description": ""},
            "en": {"name": f"Programme {n}", "conditions": "Conditions", "description": ""},
        }
        with self.app.app_context():
            programme = SupportProgramme(
                key=key or f"programme-{n}",
                country=country,
                kind=ProgrammeKind(kind),
                provider=provider,
                regions=list(regions),
                contact=contact,
                **_status(published),
            )
            db.session.add(programme)
            db.session.flush()
            PROGRAMME_TEXT.save(programme.id, texts)
            db.session.commit()
            return programme.id

    def practice(
        self,
        countries=("EC",),
        themes=("remittances_savings",),
        *,
        key=None,
        published=True,
        texts=None,
    ) -> int:
        n = next(_serial)
        texts = texts or {
            "es": {"title": f"Experiencia {n}", "summary": "Resumen", "body": "Texto"},
            "en": {"title": f"Experience {n}", "summary": "Summary", "body": "Text"},
        }
        with self.app.app_context():
            practice = GoodPractice(
                key=key or f"practice-{n}",
                countries=list(countries),
                themes=list(themes),
                **_status(published),
            )
            db.session.add(practice)
            db.session.flush()
            PRACTICE_TEXT.save(practice.id, texts)
            db.session.commit()
            return practice.id
