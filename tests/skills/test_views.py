"""The skills-profile pages: rendering in Spanish and English, the no-JavaScript picker
(search, choose, save), edit and delete, errors next to their fields, and access: read-only
roles, other offices' cases, and sub-record ids of other people's profiles (IDOR)."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, CaseAccess, CloseReason, Stage
from returnsvc.extensions import db
from returnsvc.skills import credentials, services
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)
from tests.cases.helpers import other_client
from tests.helpers import audit_actions, html_lang
from tests.skills.helpers import call, setup_case


def text(response) -> str:
    return response.get_data(as_text=True)


def rows(app, model, returnee_id) -> list:
    with app.app_context():
        found = db.session.scalars(
            select(model).where(model.returnee_id == returnee_id).order_by(model.id)
        ).all()
        db.session.expunge_all()
        return list(found)


def field_error(body: str, field_id: str) -> str:
    """The error text shown next to a field ("" when none)."""
    match = re.search(rf'<div class="error" id="{field_id}-error">(.*?)</div>', body, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def fill_profile(app, case_id, ids):
    """One row in every section; returns {section: row id}."""
    made = {
        "experience": call(
            app,
            services.add_experience,
            case_id,
            {
                "occupation": f"occupation:{ids['baker']}",
                "years_experience": "2.5",
                "place": "abroad",
            },
        ),
        "skill": call(
            app,
            services.add_skill,
            case_id,
            {"skill": f"skill:{ids['forklift']}", "level": "basic"},
        ),
        "qualification": call(
            app,
            credentials.add_qualification,
            case_id,
            {
                "title": "Bachiller técnico",
                "isced_level": "isced3",
                "issuing_country": "JP",
                "recognition_status": "not_needed",
            },
        ),
        "certificate": call(
            app,
            credentials.add_certificate,
            case_id,
            {
                "title": "Panadería y bollería",
                "code": "INAF0108",
                "issuing_country": "ES",
                "level": 2,
            },
        ),
        "language": call(app, services.add_language, case_id, {"language": "en", "level": "B1"}),
    }
    call(
        app,
        services.save_preferences,
        case_id,
        {"employment": "self", "regions": ["EC-A"], "expected_wage": Decimal("1234.5")},
        version=None,
    )
    return made


# --- rendering ----------------------------------------------------------------------------


def test_profile_in_english(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="en")
    fill_profile(app, case.id, ids)
    response = client.get(f"/cases/{case.id}/profile")
    body = text(response)
    assert response.status_code == 200 and html_lang(response) == "en"
    assert "Bakers, pastry-cooks and confectionery makers" in body
    assert '<span lang="en">baker</span>' in body
    assert "operate forklift" in body and "(English)" not in body
    assert "Japan" in body and "English" in body and "B1 (intermediate)" in body
    assert "Azuay" in body  # region EC-A
    assert "US$1,234.50" in body or "$1,234.50" in body
    # The tab is in the case's tab bar, after "Person".
    tabs = re.findall(r'<nav class="tabs".*?</nav>', body, re.S)[0]
    assert tabs.index("Person") < tabs.index("Skills profile") < tabs.index("Notes")
    assert 'aria-current="page">Skills profile' in tabs


def test_profile_in_spanish_falls_back_to_english_labels(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="es")
    fill_profile(app, case.id, ids)
    response = client.get(f"/cases/{case.id}/profile")
    body = text(response)
    assert response.status_code == 200 and html_lang(response) == "es"
    assert "Panaderos, pasteleros y confiteros" in body
    assert '<span lang="es">panadero/panadera</span>' in body
    # A skill with no Spanish label is shown in English, and marked so.
    assert '<span lang="en">operate forklift</span> <span class="muted">(English)</span>' in body
    assert "Japón" in body and "Inglés" in body
    assert "1234,50" in body.replace(".", "").replace("\xa0", "")


def test_viewing_the_profile_is_in_the_access_log(app, client, make, sign_in, ids):
    _, me, case = setup_case(make, sign_in)
    client.get(f"/cases/{case.id}/profile")
    with app.app_context():
        what = db.session.scalars(
            select(CaseAccess.what).where(
                CaseAccess.case_id == case.id, CaseAccess.user_id == me.id
            )
        ).all()
    assert "profile" in what


# --- the picker without JavaScript --------------------------------------------------------


def test_search_choose_and_save_an_occupation(app, client, make, sign_in, ids):
    _, me, case = setup_case(make, sign_in, locale="es")
    url = f"/cases/{case.id}/profile/experience/new"
    # 1. Search: the same form comes back with the hits as radio choices; nothing saved.
    response = client.post(
        url, data={"q": "panadero", "search": "1", "years_experience": "3,5", "place": "abroad"}
    )
    body = text(response)
    assert response.status_code == 200
    assert f'value="occupation:{ids["baker"]}"' in body and 'value="isco:7512"' in body
    assert 'value="3,5"' in body  # what was typed is kept
    assert rows(app, WorkExperience, case.returnee_id) == []
    # 2. Choose and save.
    response = client.post(
        url,
        data={
            "q": "panadero",
            "concept": f"occupation:{ids['baker']}",
            "years_experience": "3,5",
            "place": "abroad",
            "last_year_worked": "2022",
        },
    )
    assert response.status_code == 302
    [row] = rows(app, WorkExperience, case.returnee_id)
    assert response.headers["Location"].endswith(f"/cases/{case.id}/profile#experience-{row.id}")
    assert (row.isco_code, row.esco_occupation_id) == ("7512", ids["baker"])
    assert row.years_experience == Decimal("3.5") and row.created_by_id == me.id
    assert "profile.experience_added" in audit_actions(app, actor_id=me.id)


def test_hits_in_the_other_language_are_marked(app, client, make, sign_in, ids):
    setup = setup_case(make, sign_in, locale="es")
    body = text(
        client.post(
            f"/cases/{setup[2].id}/profile/experience/new",
            data={"q": "nursing assistant", "search": "1"},
        )
    )
    assert '<span lang="en">nursing assistant</span> <span class="badge badge-muted">' in body


def test_typing_an_isco_code_is_enough(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/profile/experience/new", data={"q": "5120", "place": "origin"}
    )
    assert response.status_code == 302
    [row] = rows(app, WorkExperience, case.returnee_id)
    assert row.isco_code == "5120" and row.esco_occupation_id is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q": "512"}, "“512” is a broad ISCO-08 group. Choose one of its unit groups"),
        ({"q": "9999"}, "There is no ISCO-08 unit group with the code “9999”."),
        ({"q": "bakery"}, "Choose an occupation"),
        ({"q": "x", "concept": "occupation:987654"}, "This ESCO occupation is not in the list."),
        ({"q": "x", "concept": "isco:0000'; drop table"}, "There is no ISCO-08 group"),
    ],
)
def test_a_bad_occupation_is_refused_next_to_the_search_box(
    app, client, make, sign_in, ids, data, message
):
    _, _, case = setup_case(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/profile/experience/new",
        data={**data, "place": "abroad", "years_experience": "4"},
    )
    body = text(response)
    assert response.status_code == 200
    assert message in field_error(body, "concept")
    assert 'aria-invalid="true"' in body and 'value="4"' in body
    assert rows(app, WorkExperience, case.returnee_id) == []


def test_searching_for_nothing_says_so(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    body = text(client.post(f"/cases/{case.id}/profile/skills/new", data={"search": "1"}))
    assert field_error(body, "concept") == "Error: Type a few words to search for."
    body = text(
        client.post(f"/cases/{case.id}/profile/skills/new", data={"q": "zzqqxx", "search": "1"})
    )
    assert "Nothing found. Try another word or fewer letters." in body


def test_form_errors_in_spanish_pages_are_next_to_the_fields(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="es")
    body = text(
        client.post(
            f"/cases/{case.id}/profile/experience/new",
            data={
                "q": "5120",
                "place": "abroad",
                "years_experience": "2.5",
                "last_year_worked": "x",
            },
        )
    )
    # The number as English writes it is not a Spanish number: the example says how.
    assert "2,5" in field_error(body, "years_experience")
    assert field_error(body, "last_year_worked")


def test_skill_picker_and_duplicates(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    url = f"/cases/{case.id}/profile/skills/new"
    body = text(client.post(url, data={"q": "bread", "search": "1", "level": "advanced"}))
    assert f'value="skill:{ids["bake"]}"' in body
    data = {
        "q": "bread",
        "concept": f"skill:{ids['bake']}",
        "level": "advanced",
        "evidence": "verified",
    }
    assert client.post(url, data=data).status_code == 302
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "This skill is already in the profile." in field_error(text(response), "concept")
    # The chosen hit stays chosen on the page with the error.
    assert re.search(rf'value="skill:{ids["bake"]}"\s+checked', text(response))
    # Both an ESCO skill and own words: refused next to the words.
    response = client.post(
        url, data={"concept": f"skill:{ids['knead']}", "free_text": "Kneading", "level": "basic"}
    )
    assert "not both" in field_error(text(response), "free_text")
    assert len(rows(app, ReturneeSkill, case.returnee_id)) == 1


# --- edit and delete ----------------------------------------------------------------------


def test_edit_an_occupation(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    made = fill_profile(app, case.id, ids)
    url = f"/cases/{case.id}/profile/experience/{made['experience']}"
    body = text(client.get(url))
    # The current occupation is the chosen option; the stored years are shown.
    assert re.search(rf'value="occupation:{ids["baker"]}"\s+checked', body)
    assert 'value="2.5"' in body and 'name="version" type="hidden" value="1"' in body
    response = client.post(
        url,
        data={"concept": "isco:5120", "years_experience": "6", "place": "origin", "version": "1"},
    )
    assert response.status_code == 302
    [row] = rows(app, WorkExperience, case.returnee_id)
    assert (row.isco_code, row.esco_occupation_id, row.years_experience) == ("5120", None, 6)
    # The same form posted again carries an old version: a conflict page, nothing saved.
    response = client.post(
        url,
        data={"concept": "isco:7512", "years_experience": "9", "place": "origin", "version": "1"},
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in text(response)
    assert "Cooks" in text(response)  # the stored occupation, by name
    assert rows(app, WorkExperience, case.returnee_id)[0].years_experience == 6


def test_edit_a_qualification_keeps_values_on_error(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    made = fill_profile(app, case.id, ids)
    url = f"/cases/{case.id}/profile/qualifications/{made['qualification']}"
    assert 'value="Bachiller técnico"' in text(client.get(url))
    data = {
        "title": "Bachiller técnico en panadería",
        "isced_level": "isced3",
        "issuing_country": "JP",
        "recognition_status": "recognised",
        "recognition_requested_on": "2024-05-10",
        "recognition_resolved_on": "2024-01-10",
        "version": "1",
    }
    body = text(client.post(url, data=data))
    assert "cannot come before the request" in field_error(body, "recognition_resolved_on")
    assert 'value="Bachiller técnico en panadería"' in body and 'value="2024-05-10"' in body
    body = text(client.post(url, data={**data, "recognition_resolved_on": ""}))
    assert "date of the decision" in field_error(body, "recognition_resolved_on")
    assert (
        client.post(url, data={**data, "recognition_resolved_on": "2024-06-01"}).status_code == 302
    )
    [row] = rows(app, Qualification, case.returnee_id)
    assert row.recognition_status.value == "recognised" and row.version == 2


@pytest.mark.parametrize(
    ("section", "model"),
    [
        ("experience", WorkExperience),
        ("skills", ReturneeSkill),
        ("qualifications", Qualification),
        ("certificates", CompetencyCertificate),
        ("languages", LanguageSkill),
    ],
)
def test_delete_asks_first_then_deletes_on_post(app, client, make, sign_in, ids, section, model):
    _, me, case = setup_case(make, sign_in)
    made = fill_profile(app, case.id, ids)
    key = {
        "skills": "skill",
        "qualifications": "qualification",
        "certificates": "certificate",
        "languages": "language",
    }.get(section, section)
    url = f"/cases/{case.id}/profile/{section}/{made[key]}/delete"
    response = client.get(url)
    assert response.status_code == 200 and '<form method="post"' in text(response)
    assert len(rows(app, model, case.returnee_id)) == 1
    # A stale (or missing) version is a conflict, not a deletion.
    assert client.post(url, data={"version": "7"}).status_code == 409
    assert len(rows(app, model, case.returnee_id)) == 1
    response = client.post(url, data={"version": "1"})
    assert response.status_code == 302
    assert rows(app, model, case.returnee_id) == []
    assert audit_actions(app, actor_id=me.id)[-1] == f"profile.{key}_deleted"


def test_preferences_form(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="es")
    url = f"/cases/{case.id}/profile/preferences"
    body = text(client.get(url))
    assert "USD" in body and 'value="EC-P"' in body and 'value="PE-LIM"' not in body
    response = client.post(
        url, data={"employment": "wage", "regions": ["EC-P", "PE-LIM"], "expected_wage": "-5"}
    )
    body = text(response)
    assert response.status_code == 200
    assert "no es una región" in field_error(
        body, "regions"
    ) or "is not a region of Ecuador" in field_error(body, "regions")
    assert rows(app, WorkPreference, case.returnee_id) == []
    body = text(
        client.post(url, data={"employment": "wage", "regions": ["EC-P"], "expected_wage": "-5"})
    )
    assert field_error(body, "expected_wage")
    body = text(client.post(url, data={"employment": "wage", "expected_wage": "doce"}))
    assert "1200,50" in field_error(body, "expected_wage").replace(".", "")
    response = client.post(
        url, data={"employment": "wage", "regions": ["EC-P"], "expected_wage": "1.200,50"}
    )
    assert response.status_code == 302
    [row] = rows(app, WorkPreference, case.returnee_id)
    assert (row.expected_wage, row.wage_currency, row.regions) == (
        Decimal("1200.50"),
        "USD",
        ["EC-P"],
    )
    # Editing carries the version; the stored amount is shown the Spanish way.
    body = text(client.get(url))
    assert 'value="1200,50"' in body and 'name="version" type="hidden" value="1"' in body
    assert client.post(url, data={"employment": "self", "version": "0"}).status_code == 409
    assert client.post(url, data={"employment": "self", "version": "1"}).status_code == 302
    assert rows(app, WorkPreference, case.returnee_id)[0].employment.value == "self"
    # Delete, after a confirmation.
    assert client.get(f"{url}/delete").status_code == 200
    assert client.post(f"{url}/delete", data={"version": "2"}).status_code == 302
    assert rows(app, WorkPreference, case.returnee_id) == []
    assert client.get(f"{url}/delete").status_code == 404


def test_duplicate_language_message(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    url = f"/cases/{case.id}/profile/languages/new"
    assert client.post(url, data={"language": "qu", "level": "native"}).status_code == 302
    body = text(client.post(url, data={"language": "qu", "level": "A1"}))
    assert "Quechua is already in the profile." in field_error(body, "language")
    body = text(client.post(url, data={"language": "tlh", "level": "A1"}))
    assert field_error(body, "language")
    assert len(rows(app, LanguageSkill, case.returnee_id)) == 1


def test_long_text_and_nul_characters(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    url = f"/cases/{case.id}/profile/certificates/new"
    response = client.post(url, data={"title": "x" * 10_000, "issuing_country": "ES"})
    assert response.status_code == 200
    assert "At most 300 characters" in field_error(text(response), "title")
    response = client.post(url, data={"title": "Cocina\x00", "issuing_country": "ES"})
    assert response.status_code == 400
    response = client.post(url, data={"title": "Cocina", "issuing_country": "ES", "level": "9"})
    assert field_error(text(response), "level")
    assert rows(app, CompetencyCertificate, case.returnee_id) == []


# --- access -------------------------------------------------------------------------------


def test_managers_and_admins_read_but_do_not_write(app, client, make, sign_in, ids):
    office = make.office("ES")
    sign_in("manager", office_id=office.id, locale="en")
    case = make.case(office_id=office.id)
    made = fill_profile(app, case.id, ids)
    body = text(client.get(f"/cases/{case.id}/profile"))
    assert "Bakers, pastry-cooks" in body
    assert "Add an occupation" not in body and "/delete" not in body
    for url in (
        f"/cases/{case.id}/profile/experience/new",
        f"/cases/{case.id}/profile/experience/{made['experience']}",
        f"/cases/{case.id}/profile/experience/{made['experience']}/delete",
        f"/cases/{case.id}/profile/preferences",
    ):
        assert client.get(url).status_code == 403
        assert (
            client.post(url, data={"q": "5120", "place": "abroad", "version": "1"}).status_code
            == 403
        )
    assert len(rows(app, WorkExperience, case.returnee_id)) == 1
    admin = make.user("admin")
    admin_client = other_client(app, admin)
    assert admin_client.get(f"/cases/{case.id}/profile").status_code == 200
    assert (
        admin_client.post(
            f"/cases/{case.id}/profile/languages/new", data={"language": "fr", "level": "A1"}
        ).status_code
        == 403
    )


def test_other_offices_see_nothing(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    made = fill_profile(app, case.id, ids)
    stranger = make.user("counsellor", office_id=make.office("ES").id)
    outsider = other_client(app, stranger)
    for url in (
        f"/cases/{case.id}/profile",
        f"/cases/{case.id}/profile/experience/new",
        f"/cases/{case.id}/profile/skills/{made['skill']}",
        f"/cases/{case.id}/profile/languages/{made['language']}/delete",
    ):
        assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            f"/cases/{case.id}/profile/languages/{made['language']}/delete", data={"version": "1"}
        ).status_code
        == 404
    )
    assert len(rows(app, LanguageSkill, case.returnee_id)) == 1


@pytest.mark.parametrize(
    ("section", "key", "model"),
    [
        ("experience", "experience", WorkExperience),
        ("skills", "skill", ReturneeSkill),
        ("qualifications", "qualification", Qualification),
        ("certificates", "certificate", CompetencyCertificate),
        ("languages", "language", LanguageSkill),
    ],
)
def test_rows_of_another_profile_are_not_found_through_my_case(
    app, client, make, sign_in, ids, section, key, model
):
    office, me, case = setup_case(make, sign_in)
    # Another person's case, even of my own office.
    theirs = make.case(
        office_id=office.id, counsellor_id=me.id, origin_country="EC", region_code=""
    )
    their_rows = fill_profile(app, theirs.id, ids)
    for url in (
        f"/cases/{case.id}/profile/{section}/{their_rows[key]}",
        f"/cases/{case.id}/profile/{section}/{their_rows[key]}/delete",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, data={"version": "1", "title": "Mine now"}).status_code == 404
    [row] = rows(app, model, theirs.returnee_id)
    assert row.version == 1


def test_a_closed_case_cannot_be_changed(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        case_services.change_stage(
            row, Stage.CLOSED, version=row.version, actor=None, close_reason=CloseReason.OTHER
        )
        db.session.commit()
    assert client.get(f"/cases/{case.id}/profile").status_code == 200
    response = client.post(
        f"/cases/{case.id}/profile/languages/new", data={"language": "es", "level": "native"}
    )
    assert response.status_code == 409
    assert rows(app, LanguageSkill, case.returnee_id) == []
