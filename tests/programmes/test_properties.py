"""Property-based checks of the programme and good-practice forms through the pages: any input
gives a page (the form with its errors, or a redirect after saving), never a server error; a
400 only for a NUL character, which the app refuses before any form code runs. What was saved
is always valid (key format, regions of the country, a title in every locale with text)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from returnsvc.core.keys import KEY_PATTERN
from returnsvc.core.regions import is_region_of
from returnsvc.extensions import db
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(max_size=120)
short = st.one_of(st.sampled_from(["", "  ", "Crédito Ñandú", "<b>x</b>", "ab"]), any_text)
keys = st.one_of(st.sampled_from(["", "good-key", "Bad Key", "-x", "a" * 81]), any_text)
codes = lambda values: st.lists(st.one_of(st.sampled_from(values), any_text), max_size=4)  # noqa: E731
contacts = st.one_of(
    st.sampled_from(
        ["", "https://ok.example.org/x", "a@b.co", "+51 1 555 0101", "javascript:alert(1)"]
    ),
    any_text,
)


@pytest.fixture
def manager(sign_in, make):
    """A manager of an office in Ecuador: they change Ecuador's content only."""
    return sign_in("manager", office_id=make.office("EC").id, locale="en")


def answered(response, data: dict) -> None:
    response.close()
    assert response.status_code in (200, 302, 400), response.status_code
    values = [v for value in data.values() for v in (value if isinstance(value, list) else [value])]
    has_nul = any("\x00" in v for v in values)
    assert (response.status_code == 400) == has_nul


def saved_texts_are_valid(table, required: str, texts: dict) -> None:
    assert texts, "saved without any text"
    for values in texts.values():
        assert values[required].strip(), "a locale with text but no title"


@SETTINGS
@given(
    key=keys,
    country=st.one_of(st.sampled_from(["BO", "CO", "EC", "PE", "ES"]), any_text),
    kind=st.one_of(st.sampled_from(["training", "micro_credit", ""]), any_text),
    provider=short,
    regions=codes(["EC-P", "PE-LIM", "BO-L", "CO-ANT"]),
    contact=contacts,
    name_es=short,
    conditions_es=short,
    name_en=short,
    description_en=short,
)
def test_programme_form(app, client, manager, **data):
    answered(client.post("/manage/programmes/new", data=data), data)
    with app.app_context():
        for programme in db.session.scalars(select(SupportProgramme)):
            assert KEY_PATTERN.match(programme.key)
            assert all(is_region_of(code, programme.country) for code in programme.regions)
            texts = PROGRAMME_TEXT.texts_of(programme.id)
            saved_texts_are_valid(PROGRAMME_TEXT, "name", texts)


@SETTINGS
@given(
    key=keys,
    countries=codes(["BO", "CO", "EC", "PE", "ES"]),
    themes=codes(["micro_enterprise", "pes_services"]),
    title_es=short,
    summary_es=short,
    body_es=any_text,
    title_en=short,
    body_en=any_text,
)
def test_practice_form(app, client, manager, **data):
    answered(client.post("/manage/practices/new", data=data), data)
    with app.app_context():
        for practice in db.session.scalars(select(GoodPractice)):
            assert KEY_PATTERN.match(practice.key)
            assert practice.themes and set(practice.countries) <= {"BO", "CO", "EC", "PE"}
            saved_texts_are_valid(PRACTICE_TEXT, "title", PRACTICE_TEXT.texts_of(practice.id))
