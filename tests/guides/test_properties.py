"""Property-based checks of the guide forms through the pages: any input gives a page (the
form with its errors, or a redirect after saving), never a server error, and a refused save
writes nothing (no entry, no text row, no audit entry)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db
from returnsvc.guides.models import (
    BusinessOpportunity,
    BusinessOpportunityText,
    DemandEntry,
    DemandEntryText,
    GuideEdition,
)
from tests.guides.helpers import build

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(max_size=120)
amounts = st.one_of(
    st.sampled_from(["", "0", "600", "1.234,56", "1,234.56", "-5", "1e30", "NaN", "Infinity"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    any_text,
)
codes = st.one_of(st.sampled_from(["isco:7112", "isco:5120", "isco:71", "occupation:1"]), any_text)
regions = st.lists(st.one_of(st.sampled_from(["EC-P", "EC-G", "PE-LIM"]), any_text), max_size=3)


def counts(app) -> tuple:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (
                DemandEntry,
                DemandEntryText,
                BusinessOpportunity,
                BusinessOpportunityText,
                GuideEdition,
                AuditEntry,
            )
        )


def answered(app, response, data: dict, before: tuple) -> None:
    response.close()
    assert response.status_code in (200, 302, 400), response.status_code
    values = [v for value in data.values() for v in (value if isinstance(value, list) else [value])]
    has_nul = any("\x00" in str(v) for v in values)
    assert (response.status_code == 400) == has_nul
    if response.status_code != 302:
        assert counts(app) == before, "a refused save wrote something"


@pytest.fixture
def editions(app, client, sign_in, make):
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    return build(app, entries=0), build(app, "business", entries=0)


@SETTINGS
@given(
    occupation=codes,
    key=st.one_of(st.sampled_from(["", "albaniles", "A"]), any_text),
    isic=st.one_of(st.sampled_from(["F", "I", ""]), any_text),
    regions=regions,
    level=st.one_of(st.sampled_from(["high", "low"]), any_text),
    wage_min=amounts,
    wage_max=amounts,
    education=st.one_of(st.sampled_from(["", "isced3"]), any_text),
    years=st.one_of(st.sampled_from(["", "0", "40", "41", "-1"]), any_text),
    notes_en=any_text,
    search=st.sampled_from(["", "occupation"]),
)
def test_demand_entry_form(
    app, client, editions, occupation, key, isic, regions, level, wage_min, wage_max,
    education, years, notes_en, search,
):  # fmt: skip
    data = {
        "occupation": occupation,
        "occupation_q": key,
        "key": key,
        "isic_section": isic,
        "regions": regions,
        "demand_level": level,
        "wage_min": wage_min,
        "wage_max": wage_max,
        "min_education": education,
        "experience_years": years,
        "notes_en": notes_en,
    }
    if search:
        data["search"] = search
    before = counts(app)
    url = f"/manage/guides/{editions[0]['edition']}/demand/new"
    answered(app, client.post(url, data=data), data, before)


@SETTINGS
@given(
    title_es=any_text,
    description_en=any_text,
    occupations=st.one_of(st.sampled_from(["5120", "5120, 7112", "71", ""]), any_text),
    investment_min=amounts,
    investment_max=amounts,
    risk=st.one_of(st.sampled_from(["low", "high"]), any_text),
    programmes=st.lists(any_text, max_size=2),
    regions=regions,
)
def test_opportunity_form(
    app, client, editions, title_es, description_en, occupations, investment_min,
    investment_max, risk, programmes, regions,
):  # fmt: skip
    data = {
        "title_es": title_es,
        "description_en": description_en,
        "occupations": occupations,
        "investment_min": investment_min,
        "investment_max": investment_max,
        "risk_level": risk,
        "programme_ids": programmes,
        "regions": regions,
        "isic_section": "I",
    }
    before = counts(app)
    url = f"/manage/guides/{editions[1]['edition']}/opportunities/new"
    answered(app, client.post(url, data=data), data, before)


@SETTINGS
@given(
    country=st.one_of(st.sampled_from(["EC", "BO", "ES"]), any_text),
    kind=st.one_of(st.sampled_from(["labour_market", "business"]), any_text),
    edition_date=st.one_of(st.dates().map(lambda d: d.isoformat()), any_text),
    title_es=any_text,
    summary_en=any_text,
)
def test_edition_form(app, client, editions, country, kind, edition_date, title_es, summary_en):
    data = {
        "country": country,
        "kind": kind,
        "edition_date": edition_date,
        "title_es": title_es,
        "summary_en": summary_en,
    }
    before = counts(app)
    answered(app, client.post("/manage/guides/new", data=data), data, before)
