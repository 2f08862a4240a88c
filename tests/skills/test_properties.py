"""Property-based checks of the profile's forms through the pages: any input gives a page
(the form with its errors, or a redirect after saving), never a server error; a 400 only for a
NUL character, which the app refuses before any form code runs."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.skills.helpers import setup_case

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(max_size=300)
numbers = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["2,5", "1.234,56", "1,234.56", "1e3", "-0", "٣", "½"]),
    any_text,
)
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), any_text)


@pytest.fixture
def profile_url(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="es")
    return f"/cases/{case.id}/profile"


def answered(response, data: dict) -> None:
    response.close()
    assert response.status_code in (200, 302, 400), response.status_code
    has_nul = any("\x00" in str(v) for v in data.values())
    assert (response.status_code == 400) == has_nul


@SETTINGS
@given(
    q=st.one_of(any_text, st.sampled_from(["5120", "512", "7512", "0000"])),
    concept=st.one_of(any_text, st.sampled_from(["isco:5120", "occupation:1", "occupation:"])),
    years=numbers,
    place=st.one_of(st.sampled_from(["abroad", "origin"]), any_text),
    last_year=numbers,
    search=st.sampled_from(["", "1"]),
)
def test_experience_form(client, profile_url, q, concept, years, place, last_year, search):
    data = {
        "q": q,
        "concept": concept,
        "years_experience": years,
        "place": place,
        "last_year_worked": last_year,
    }
    if search:
        data["search"] = search
    answered(client.post(f"{profile_url}/experience/new", data=data), data)


@SETTINGS
@given(
    q=any_text,
    concept=st.one_of(any_text, st.just("skill:1")),
    free_text=any_text,
    level=st.one_of(st.sampled_from(["basic", "advanced"]), any_text),
    evidence=st.one_of(st.just("certified"), any_text),
)
def test_skill_form(client, profile_url, q, concept, free_text, level, evidence):
    data = {
        "q": q,
        "concept": concept,
        "free_text": free_text,
        "level": level,
        "evidence": evidence,
    }
    answered(client.post(f"{profile_url}/skills/new", data=data), data)


@SETTINGS
@given(
    title=any_text,
    country=st.one_of(st.sampled_from(["EC", "JP", "XX"]), any_text),
    year=numbers,
    status=st.one_of(st.sampled_from(["requested", "recognised", "not_needed"]), any_text),
    requested=dates,
    resolved=dates,
)
def test_qualification_form(client, profile_url, title, country, year, status, requested, resolved):
    data = {
        "title": title,
        "isced_level": "isced6",
        "issuing_country": country,
        "year_awarded": year,
        "recognition_status": status,
        "recognition_requested_on": requested,
        "recognition_resolved_on": resolved,
    }
    answered(client.post(f"{profile_url}/qualifications/new", data=data), data)


@SETTINGS
@given(
    title=any_text,
    code=any_text,
    level=st.one_of(st.sampled_from(["1", "5"]), numbers),
    year=numbers,
)
def test_certificate_form(client, profile_url, title, code, level, year):
    data = {
        "title": title,
        "code": code,
        "issuing_country": "ES",
        "level": level,
        "year_issued": year,
    }
    answered(client.post(f"{profile_url}/certificates/new", data=data), data)


@SETTINGS
@given(
    language=st.one_of(st.sampled_from(["es", "qu", "xx"]), any_text),
    level=st.one_of(st.sampled_from(["A1", "native"]), any_text),
)
def test_language_form(client, profile_url, language, level):
    data = {"language": language, "level": level}
    answered(client.post(f"{profile_url}/languages/new", data=data), data)


@SETTINGS
@given(
    employment=st.one_of(st.sampled_from(["wage", "either"]), any_text),
    regions=st.lists(st.one_of(st.sampled_from(["EC-A", "PE-LIM"]), any_text), max_size=4),
    wage=numbers,
    notes=any_text,
    version=st.one_of(st.just(""), numbers),
)
def test_preferences_form(client, profile_url, employment, regions, wage, notes, version):
    data = {
        "employment": employment,
        "regions": regions,
        "expected_wage": wage,
        "notes": notes,
        "version": version,
    }
    response = client.post(f"{profile_url}/preferences", data=data)
    response.close()
    # 409: a version that is not the stored one (or a row saved by an earlier example).
    assert response.status_code in (200, 302, 400, 409)
    has_nul = any("\x00" in str(v) for v in [employment, *regions, wage, notes, version])
    assert (response.status_code == 400) == has_nul
