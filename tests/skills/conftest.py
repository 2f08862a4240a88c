"""Fixtures of the skills-profile tests."""

from types import SimpleNamespace

import pytest

from tests.skills.helpers import taxonomy


@pytest.fixture
def ids(app, tx):
    """The sample taxonomy, committed; {name: id} of its ESCO occupations and skills."""
    return taxonomy(app)


@pytest.fixture
def world(app, make, ids):
    """A Spanish office, its counsellor (not signed in) and a case of theirs whose person
    returns to Ecuador; service tests act as that counsellor."""
    office = make.office("ES")
    counsellor = make.user("counsellor", office_id=office.id, locale="en")
    case = make.case(
        office_id=office.id, counsellor_id=counsellor.id, origin_country="EC", region_code=""
    )
    return SimpleNamespace(ids=ids, office=office, counsellor=counsellor, case=case)
