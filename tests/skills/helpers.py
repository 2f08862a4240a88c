"""Set-ups for the skills-profile tests: a small bilingual taxonomy written straight into the
tables, a case whose counsellor is signed in, and service calls in their own request."""

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.taxonomy.models import (
    EscoOccupation,
    EscoOccupationLabel,
    EscoSkill,
    EscoSkillLabel,
    IscoGroup,
    IscoGroupLabel,
)
from tests.helpers import count_statements  # noqa: F401 - re-exported

# Service tests read messages in English (the default locale is Spanish).
ENGLISH = {"headers": {"Accept-Language": "en"}}

# code: (English, Spanish or None: no Spanish title, the page falls back to English)
ISCO = {
    "2": ("Professionals", "Profesionales"),
    "22": ("Health professionals", "Profesionales de la salud"),
    "221": ("Medical doctors", "Médicos"),
    "2211": ("Generalist medical practitioners", "Médicos generales"),
    "222": ("Nursing and midwifery professionals", "Profesionales de enfermería y partería"),
    "2221": ("Nursing professionals", "Profesionales de enfermería"),
    "226": ("Other health professionals", "Otros profesionales de la salud"),
    "2261": ("Dentists", "Dentistas"),
    "3": ("Technicians and associate professionals", "Técnicos y profesionales de nivel medio"),
    "32": ("Health associate professionals", "Profesionales de nivel medio de la salud"),
    "322": (
        "Nursing and midwifery associate professionals",
        "Profesionales de nivel medio de enfermería",
    ),
    "3221": ("Nursing associate professionals", "Profesionales de nivel medio de enfermería"),
    "5": ("Service and sales workers", "Trabajadores de los servicios y vendedores"),
    "51": ("Personal service workers", "Trabajadores de los servicios personales"),
    "512": ("Cooks", "Cocineros"),
    "5120": ("Cooks", "Cocineros"),
    "7": ("Craft and related trades workers", "Oficiales, operarios y artesanos"),
    "75": (
        "Food processing and related trades workers",
        "Operarios del procesamiento de alimentos",
    ),
    "751": ("Food processing trades workers", "Oficiales del procesamiento de alimentos"),
    "7512": ("Bakers, pastry-cooks and confectionery makers", "Panaderos, pasteleros y confiteros"),
    "7112": ("Bricklayers and related workers", None),
    "71": ("Building frame and related trades workers", "Oficiales de la construcción"),
    "711": ("Building frame and related trades workers", "Oficiales de la construcción"),
}

# name: (ISCO unit group, {locale: preferred label})
OCCUPATIONS = {
    "baker": ("7512", {"es": "panadero/panadera", "en": "baker"}),
    "nurse": ("3221", {"en": "nursing assistant"}),  # no Spanish label
}

# name: {locale: preferred label}
SKILLS = {
    "bake": {"es": "hornear pan", "en": "bake bread"},
    "knead": {"es": "amasar", "en": "knead dough"},
    "forklift": {"en": "operate forklift"},  # no Spanish label
}


def load_taxonomy() -> dict:
    """Write the sample taxonomy (inside the test's transaction); {name: id} of the ESCO
    occupations and skills. Call inside an app or request context."""
    for code in sorted(ISCO, key=len):
        if db.session.get(IscoGroup, code) is None:
            db.session.add(IscoGroup(code=code, level=len(code), parent_code=code[:-1] or None))
            db.session.flush()
            english, spanish = ISCO[code]
            for locale, title in (("en", english), ("es", spanish)):
                if title:
                    db.session.add(
                        IscoGroupLabel(
                            code=code, locale=locale, title=title, search_text=fold(title)
                        )
                    )
    ids = {}
    for name, (code, labels) in OCCUPATIONS.items():
        uri = f"http://example.org/test-occupation/{name}"
        occupation = db.session.scalar(select(EscoOccupation).where(EscoOccupation.uri == uri))
        if occupation is None:
            occupation = EscoOccupation(uri=uri, isco_code=code)
            db.session.add(occupation)
            db.session.flush()
            db.session.add_all(
                EscoOccupationLabel(
                    occupation_id=occupation.id,
                    locale=locale,
                    label=label,
                    is_preferred=True,
                    search_text=fold(label),
                )
                for locale, label in labels.items()
            )
        ids[name] = occupation.id
    for name, labels in SKILLS.items():
        uri = f"http://example.org/test-skill/{name}"
        skill = db.session.scalar(select(EscoSkill).where(EscoSkill.uri == uri))
        if skill is None:
            skill = EscoSkill(uri=uri, skill_type="skill/competence")
            db.session.add(skill)
            db.session.flush()
            db.session.add_all(
                EscoSkillLabel(
                    skill_id=skill.id,
                    locale=locale,
                    label=label,
                    is_preferred=True,
                    search_text=fold(label),
                )
                for locale, label in labels.items()
            )
        ids[name] = skill.id
    db.session.flush()
    return ids


def taxonomy(app) -> dict:
    """load_taxonomy() committed (a savepoint of the test transaction)."""
    with app.app_context():
        ids = load_taxonomy()
        db.session.commit()
        return ids


def setup_case(make, sign_in, *, country="EC", locale="en", **person):
    """An office, its counsellor signed in (pages in `locale`) and a case of theirs whose
    person returns to `country`."""
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale=locale)
    case = make.case(
        office_id=office.id,
        counsellor_id=me.id,
        origin_country=country,
        region_code="",
        **person,
    )
    return office, me, case


def call(app, function, case_id, *args, actor_id=None, **kwargs):
    """Run a service on the case in its own request and commit; returns its result (ids of
    rows, since ORM objects do not outlive the request)."""
    from returnsvc.auth.models import User

    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, case_id)
        actor = db.session.get(User, actor_id) if actor_id else None
        result = function(case, *args, actor=actor, **kwargs)
        db.session.commit()
        return getattr(result, "id", result)
