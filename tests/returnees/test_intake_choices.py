"""The intake form asks, it does not presume: no sex chosen in advance, and the country lists
hold real countries only, collated as a reader of the page's language expects."""

import re

import pycountry
from sqlalchemy import select

from returnsvc.core.countries import world_countries
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from tests.returnees.test_intake import FORM, _counsellor


def _select(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)


def test_sex_has_no_default_and_is_required(app, client, make, sign_in):
    _counsellor(make, sign_in)
    page = client.get("/returnees/new").get_data(as_text=True)
    sex = _select(page, "sex")
    chosen = re.findall(r'<option selected value="([^"]*)"', sex)
    assert chosen in ([], [""])  # nothing chosen in advance
    assert re.match(r'<select[^>]*><option[^>]*value="">', sex)  # an empty first choice
    response = client.post("/returnees/new", data=FORM | {"sex": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in _select(response.get_data(as_text=True), "sex")
    with app.app_context():
        assert db.session.scalar(select(Returnee).limit(1)) is None


def _options(select_html: str) -> list[tuple[str, str]]:
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select_html)


def test_nationality_lists_real_countries_collated(client, make, sign_in):
    _counsellor(make, sign_in)
    page = client.get("/returnees/new").get_data(as_text=True)
    for name in ("nationality", "document_country"):
        options = _options(_select(page, name))
        codes = [code for code, _label in options if code]
        labels = [label for _code, label in options]
        assert set(codes) == {c.alpha_2 for c in pycountry.countries}
        assert len(codes) == len(set(codes))
        for fake in ("Pseudoacentos", "Pseudobidi", "Naciones Unidas", "Eurozona", "Europa"):
            assert fake not in labels
        assert labels.index("Bélgica") < labels.index("Bután") < labels.index("Canadá")


def test_world_countries_are_collated_in_either_language(app):
    with app.test_request_context():
        spanish = [name for _code, name in world_countries("es")]
        english = [name for _code, name in world_countries("en")]
    assert spanish.index("Bélgica") < spanish.index("Bután")
    assert spanish.index("Islandia") < spanish.index("Islas Aland") < spanish.index("Israel")
    assert english.index("Åland Islands") < english.index("Albania")
    assert english.index("Côte d’Ivoire") < english.index("Croatia")
    assert "Pseudo-Accents" not in english and "United Nations" not in english
