"""The person tab shows names, not the codes it stores (ARCHITECTURE.md principle 5)."""

import re

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.returnees.models import MigrationHistory, Returnee
from tests.cases.helpers import office_with_counsellor


def test_person_tab_names_languages_and_sector(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    with app.app_context():
        db.session.get(Returnee, case.returnee_id).languages = ["es", "qu"]
        db.session.scalar(
            select(MigrationHistory).where(MigrationHistory.returnee_id == case.returnee_id)
        ).last_sector_abroad = "Q"
        db.session.commit()
    page = client.get(f"/cases/{case.id}/person").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Español, Quechua" in text
    assert "Actividades de atención de la salud humana y de asistencia social" in text
    assert not re.search(r"Idiomas \w* ?es\b", text)
    assert not re.search(r"extranjero Q\b", text)
