"""One source for each fact: the languages a person speaks are recorded once (registration,
the person page); the skills profile gives each its level and never asks for it again."""

import re

from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from tests.cases.helpers import office_with_counsellor


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_profile_lists_registration_languages_and_asks_only_for_levels(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in, country="EC")
    with app.app_context():
        db.session.get(Returnee, case.returnee_id).languages = ["es", "qu"]
        db.session.commit()
    profile_url = f"/cases/{case.id}/profile"
    page = client.get(profile_url)
    body = page.get_data(as_text=True)
    # Both are shown as known, each with a link that records its level.
    assert "Español" in _text(page) and "Quechua" in _text(page)
    assert f'href="{profile_url}/languages/new?language=qu"' in body
    assert "No languages recorded yet" not in _text(page)
    # The link's form comes with the language chosen: only the level is asked for.
    form = client.get(f"{profile_url}/languages/new?language=qu").get_data(as_text=True)
    assert re.search(
        r'<option[^>]*value="qu"[^>]*selected|<option[^>]*selected[^>]*value="qu"', form
    )
    done = client.post(f"{profile_url}/languages/new", data={"language": "qu", "level": "B2"})
    assert done.status_code == 302
    body = client.get(profile_url).get_data(as_text=True)
    assert f"{profile_url}/languages/new?language=qu" not in body
    assert f"{profile_url}/languages/new?language=es" in body


def test_a_language_first_met_in_the_profile_joins_the_persons_languages(
    app, client, make, sign_in
):
    _, _, case = office_with_counsellor(make, sign_in, country="EC")
    profile_url = f"/cases/{case.id}/profile"
    done = client.post(f"{profile_url}/languages/new", data={"language": "en", "level": "A2"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Returnee, case.returnee_id).languages == ["en", "es"]
    person = _text(client.get(f"/cases/{case.id}/person"))
    assert "Español" in person and "Inglés" in person
