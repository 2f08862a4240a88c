"""Profile items appear in the case timeline with who and when, in the page's language, in a
fixed number of statements."""

from returnsvc.skills import services
from tests.skills.helpers import call, count_statements, setup_case

EXPERIENCE = {"occupation": "2221", "years_experience": "6", "place": "abroad"}


def test_profile_items_in_the_case_timeline(app, client, make, sign_in, ids):
    _, me, case = setup_case(make, sign_in, locale="es")
    call(app, services.add_experience, case.id, EXPERIENCE, actor_id=me.id)
    with count_statements(app) as before:
        client.get(f"/cases/{case.id}")
    call(
        app, services.add_experience, case.id, {**EXPERIENCE, "occupation": "5120"}, actor_id=me.id
    )
    call(
        app,
        services.add_language,
        case.id,
        {"language": "en", "level": "B1"},
        actor_id=me.id,
    )
    with count_statements(app) as after:
        page = client.get(f"/cases/{case.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # Two experiences recorded the same day by the same person make one entry.
    assert html.count('class="timeline-profile"') == 2
    assert "2221 · Profesionales de enfermería; 5120 · Cocineros" in html
    assert "inglés · b1" in html.lower()
    assert make.load_user(me.id).full_name in html
    assert len(after) == len(before), _debug(before, after)


def _debug(before, after):
    import difflib

    return "\n".join(difflib.unified_diff([s[:120] for s in before], [s[:120] for s in after]))
