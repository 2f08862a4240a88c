"""A small bilingual taxonomy written straight into the tables, for the search, view and
permission-sweep tests (the importers have their own fixtures)."""

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

# code: (English title, Spanish title or None)
ISCO = {
    "2": ("Professionals", "Profesionales"),
    "22": ("Health professionals", "Profesionales de la salud"),
    "222": ("Nursing and midwifery professionals", "Profesionales de enfermería y partería"),
    "2221": ("Nursing professionals", "Profesionales de enfermería"),
    "5": ("Service and sales workers", "Trabajadores de los servicios y vendedores"),
    "51": ("Personal service workers", "Trabajadores de los servicios personales"),
    "512": ("Cooks", "Cocineros"),
    "5120": ("Cooks", "Cocineros"),
    "7": ("Craft and related trades workers", "Oficiales, operarios y artesanos"),
    "71": ("Building and related trades workers", "Oficiales y operarios de la construcción"),
    "711": ("Building frame and related trades workers", "Oficiales de la construcción"),
    "7112": ("Bricklayers and related workers", None),  # no Spanish title: falls back
}

# name: (ISCO code, {locale: (preferred, [alternative labels])})
OCCUPATIONS = {
    "cook": ("5120", {"es": ("cocinero/cocinera", ["chef de cocina"]), "en": ("cook", ["chef"])}),
    "bricklayer": ("7112", {"es": ("albañil", ["paleta"]), "en": ("bricklayer", ["brick mason"])}),
    "nurse": ("2221", {"en": ("specialist nurse", ["nurse specialist"])}),
}

# name: {locale: (preferred, [alternative labels])}
SKILLS = {
    "weld": {"es": ("soldar metales", ["soldadura de metales"]), "en": ("weld metals", [])},
    "underwater": {"es": ("soldar bajo el agua", []), "en": ("weld underwater", [])},
    "techniques": {"es": ("técnicas de soldadura", []), "en": ("welding techniques", [])},
    "children": {
        "es": ("cuidar a niños", []),
        "en": ("look after children", ["childcare"]),
    },
    "forklift": {"en": ("operate forklift", ["drive forklift truck"])},
    "meat": {"es": ("cocinar platos de carne", []), "en": ("cook meat dishes", [])},
}


def _labels(model, owner: dict, labels: dict) -> list:
    rows = []
    for locale, (preferred, alternatives) in labels.items():
        for text, is_preferred in [(preferred, True)] + [(a, False) for a in alternatives]:
            rows.append(
                model(
                    **owner,
                    locale=locale,
                    label=text,
                    is_preferred=is_preferred,
                    search_text=fold(text),
                )
            )
    return rows


def load_sample() -> dict:
    """Write the sample (inside the current test transaction); returns {name: id} for the ESCO
    occupations and skills. Call inside an app or request context."""
    for code in sorted(ISCO, key=len):
        db.session.add(IscoGroup(code=code, level=len(code), parent_code=code[:-1] or None))
        db.session.flush()
        english, spanish = ISCO[code]
        for locale, title in (("en", english), ("es", spanish)):
            if title:
                db.session.add(
                    IscoGroupLabel(code=code, locale=locale, title=title, search_text=fold(title))
                )
    ids = {}
    for name, (code, labels) in OCCUPATIONS.items():
        occupation = EscoOccupation(uri=f"http://example.org/occupation/{name}", isco_code=code)
        db.session.add(occupation)
        db.session.flush()
        db.session.add_all(_labels(EscoOccupationLabel, {"occupation_id": occupation.id}, labels))
        ids[name] = occupation.id
    for name, labels in SKILLS.items():
        skill = EscoSkill(uri=f"http://example.org/skill/{name}", skill_type="skill/competence")
        db.session.add(skill)
        db.session.flush()
        db.session.add_all(_labels(EscoSkillLabel, {"skill_id": skill.id}, labels))
        ids[name] = skill.id
    db.session.flush()
    return ids
