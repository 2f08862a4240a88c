"""Expected status per role for the skills-profile tab (the case belongs to world.home_office).

Reading the profile follows the case's visibility; every form, delete confirmation and the
"mark assessed" button is for counsellors of the owning office only."""

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.skills import credentials, services
from tests.skills.helpers import load_taxonomy
from tests.sweep.common import CASE_READ, status

WRITE_PAGE = status(302, 403, 200, 403, 403)


def _section_rows(name: str, slug: str) -> dict:
    base = f"/cases/{{case_id}}/profile/{slug}"
    return {
        f"skills.new_{name}": ("GET", f"{base}/new", WRITE_PAGE),
        f"skills.edit_{name}": ("GET", f"{base}/{{{name}_id}}", WRITE_PAGE),
        f"skills.delete_{name}": ("GET", f"{base}/{{{name}_id}}/delete", WRITE_PAGE),
    }


EXPECTED = {
    "skills.profile": ("GET", "/cases/{case_id}/profile", CASE_READ),
    **_section_rows("experience", "experience"),
    **_section_rows("skill", "skills"),
    **_section_rows("qualification", "qualifications"),
    **_section_rows("certificate", "certificates"),
    **_section_rows("language", "languages"),
    "skills.preferences": ("GET", "/cases/{case_id}/profile/preferences", WRITE_PAGE),
    "skills.delete_preferences": (
        "GET",
        "/cases/{case_with_preferences}/profile/preferences/delete",
        WRITE_PAGE,
    ),
    # An empty form (no version) is refused with a message and back to the profile.
    "skills.mark_assessed": (
        "POST",
        "/cases/{case_id}/profile/assess",
        status(302, 403, 302, 403, 403),
    ),
}


def _add(world, function, data) -> int:
    case_id = world.case.id
    with world.app.test_request_context():
        load_taxonomy()
        row = function(db.session.get(Case, case_id), data, actor=None)
        db.session.commit()
        return row.id


def _case_with_preferences(world) -> int:
    case_id = world.case.id
    with world.app.test_request_context():
        case = db.session.get(Case, case_id)
        services.save_preferences(case, {"employment": "wage"}, actor=None, version=None)
        db.session.commit()
    return case_id


PLACEHOLDERS = {
    "experience_id": lambda world: _add(
        world, services.add_experience, {"occupation": "isco:5120", "place": "abroad"}
    ),
    "skill_id": lambda world: _add(
        world, services.add_skill, {"free_text": "Knead dough", "level": "basic"}
    ),
    "qualification_id": lambda world: _add(
        world,
        credentials.add_qualification,
        {
            "title": "Bachiller",
            "isced_level": "isced3",
            "issuing_country": "EC",
            "recognition_status": "not_needed",
        },
    ),
    "certificate_id": lambda world: _add(
        world,
        credentials.add_certificate,
        {"title": "Cocina", "issuing_country": "ES", "level": 2},
    ),
    "language_id": lambda world: _add(
        world, services.add_language, {"language": "qu", "level": "B1"}
    ),
    "case_with_preferences": _case_with_preferences,
}
