"""The profile's occupation and skill pickers, drawn by the taxonomy picker macro
(templates/taxonomy/_picker.html): the search box's hits, the hit already chosen (kept checked
when a form is shown again, even when a new search does not find it), and a hit as plain text
for the conflict page."""

from returnsvc.skills.models import ReturneeSkill, WorkExperience
from returnsvc.skills.queries import fallback_name, locale
from returnsvc.taxonomy import queries as taxonomy
from returnsvc.taxonomy.search import ConceptHit


def hits_for(kind: str, query: str | None) -> list[ConceptHit]:
    """The hits of what was typed in an "occupation" or "skill" picker ([] for nothing)."""
    if not (query or "").strip():
        return []
    search = taxonomy.search_occupations if kind == "occupation" else taxonomy.search_skills
    return search(query, locale())


def chosen_hit(value: str | None) -> ConceptHit | None:
    return taxonomy.hit_for_value((value or "").strip(), locale())


def hit_text(hit: ConceptHit) -> str:
    """'7512 — Bakers', 'baker (ISCO-08 7512)', 'knead dough (English)'."""
    if hit.kind == "isco":
        text = f"{hit.key} — {hit.label}"
    elif hit.isco_code:
        text = f"{hit.label} (ISCO-08 {hit.isco_code})"
    else:
        text = hit.label
    language = fallback_name(hit.label_locale, locale())
    return f"{text} ({language})" if language else text


def concept_of(item) -> str:
    """The picker value of a stored row (what the radio choice holds): "occupation:<id>" or
    "isco:<code>" for work experience, "skill:<id>" for an ESCO skill, "" otherwise."""
    if isinstance(item, WorkExperience):
        if item.esco_occupation_id is not None:
            return f"occupation:{item.esco_occupation_id}"
        return f"isco:{item.isco_code}"
    if isinstance(item, ReturneeSkill) and item.esco_skill_id is not None:
        return f"skill:{item.esco_skill_id}"
    return ""
