"""The campaign pages: a manager runs a campaign and sees its results; uploads and downloads;
markup in every text field comes back escaped everywhere; odd numbers and foreign ids are
refused (a form error or a 404) with nothing written; another country's manager gets 404."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from returnsvc.audit.models import AuditEntry
from returnsvc.campaigns import files
from returnsvc.campaigns.models import CampaignEnrolment, CampaignMaterial, SavingsCampaign
from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.savings import services as savings
from returnsvc.savings.models import EntryKind

TODAY = date.today()
EN = {"Accept-Language": "en"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MARKUPS = ('"><img src=x onerror=alert(1)>', "<meta http-equiv=refresh content=0>")
LIVE = ("<img src=x", "<meta http-equiv")


def form(**values) -> dict:
    return {
        "name": "Ahorra para tu negocio",
        "description": "Talleres en Cochabamba",
        "country": "BO",
        "audience": "country",
        "office_id": "",
        "channel": "workshop",
        "starts_on": str(TODAY - timedelta(days=30)),
        "ends_on": str(TODAY + timedelta(days=30)),
        "target_plans": "2",
        "target_amount": "500",
        "target_currency": "BOB",
    } | values


def rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def written(app) -> tuple:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (SavingsCampaign, CampaignMaterial, CampaignEnrolment, AuditEntry)
        )


@pytest.fixture
def bolivia(app, make):
    office = make.office("BO", name="Oficina Cochabamba")
    case = make.case(
        office_id=office.id,
        returnee_id=make.returnee(origin_country="BO", given_names="Ana", first_surname="Quispe"),
    )
    return {"office": office, "case": case}


def _create(client, **values) -> int:
    response = client.post("/campaigns/new", data=form(**values), headers=EN)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_a_manager_runs_a_campaign_and_sees_its_results(app, client, sign_in, bolivia):
    manager = sign_in("manager", office_id=bolivia["office"].id, locale="en")
    assert "/campaigns/" in client.get("/home").get_data(as_text=True)
    campaign_id = _create(client)
    page = f"/campaigns/{campaign_id}"
    # Enrol by a name search, then take off and enrol again by case reference.
    found = client.get(f"{page}/people?q=quispe").get_data(as_text=True)
    assert "Ana Quispe" in found and bolivia["case"].reference in found
    response = client.post(
        f"{page}/people", data={"returnee_id": str(bolivia["case"].returnee_id)}, headers=EN
    )
    assert response.status_code == 302
    assert "Ana Quispe" in client.get(f"{page}/people").get_data(as_text=True)
    client.post(f"{page}/people/{bolivia['case'].returnee_id}/remove")
    assert rows(app, CampaignEnrolment) == 0
    client.post(f"{page}/people", data={"reference": bolivia["case"].reference}, headers=EN)
    assert rows(app, CampaignEnrolment) == 1
    # The person opens a plan and saves.
    with app.test_request_context(headers=EN):
        plan = savings.open_plan(
            db.session.get(Case, bolivia["case"].id),
            {"purpose": "housing", "target_amount": Decimal("900"), "currency": "BOB",
             "target_date": TODAY + timedelta(days=300)},
            actor=None,
        )  # fmt: skip
        savings.record_entry(
            plan, EntryKind.WAGES, {"amount": Decimal("125"), "booked_on": TODAY}, actor=None
        )
        db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "Results" in html and "Savings plans opened" in html
    assert "BOB" in html and "125.00" in html
    assert "50%" in html  # one plan of a target of two
    assert "25%" in html  # 125 of 500
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor_id == manager.id)
        ).all()
    assert "savings_campaign.created" in actions
    assert actions.count("savings_campaign.person_enrolled") == 2
    assert "savings_campaign.person_unenrolled" in actions


def test_edits_carry_the_version(app, client, sign_in, bolivia):
    sign_in("manager", office_id=bolivia["office"].id)
    campaign_id = _create(client)
    edit = f"/campaigns/{campaign_id}/edit"
    assert 'name="version" type="hidden" value="1"' in client.get(edit).get_data(as_text=True)
    assert client.post(edit, data=form(name="Nuevo", version="1")).status_code == 302
    stale = client.post(edit, data=form(name="Otro", version="1"))
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(SavingsCampaign, campaign_id).name == "Nuevo"


@pytest.mark.parametrize("odd", ["²", "-1", "2147483648", "1e3", "٣", "1.5"])
@pytest.mark.parametrize("field", ["target_plans", "office_id", "version"])
def test_odd_numbers_are_refused_and_nothing_written(app, client, sign_in, bolivia, field, odd):
    sign_in("manager", office_id=bolivia["office"].id)
    campaign_id = _create(client)
    before = written(app)
    values = form(version="1", audience="office", office_id=str(bolivia["office"].id))
    values[field] = odd
    response = client.post(f"/campaigns/{campaign_id}/edit", data=values, headers=EN)
    assert response.status_code in (200, 409)
    if response.status_code == 200:
        assert 'class="error' in response.get_data(as_text=True)
    assert written(app) == before
    if field != "version":  # a new campaign has no version to carry
        create = client.post("/campaigns/new", data={**values, "version": ""}, headers=EN)
        assert create.status_code == 200 and "aria-invalid" in create.get_data(as_text=True)
        assert written(app) == before


def test_foreign_ids_are_refused(app, client, make, sign_in, bolivia):
    peru = make.office("PE")
    peruvian = make.case(office_id=peru.id, returnee_id=make.returnee(origin_country="PE"))
    other_bolivian = make.case(
        office_id=make.office("ES").id, returnee_id=make.returnee(origin_country="BO")
    )
    sign_in("manager", office_id=bolivia["office"].id, locale="en")
    campaign_id = _create(client)
    before = written(app)
    page = f"/campaigns/{campaign_id}"
    # An office of another country.
    response = client.post("/campaigns/new", data=form(audience="office", office_id=str(peru.id)),
                           headers=EN)  # fmt: skip
    assert "Choose an office of the campaign" in response.get_data(as_text=True)
    for person in (peruvian, other_bolivian):
        response = client.post(
            f"{page}/people", data={"returnee_id": str(person.returnee_id)}, headers=EN
        )
        assert response.status_code == 302
        shown = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
        assert "Choose a person of the campaign" in shown
        response = client.post(f"{page}/people", data={"reference": person.reference}, headers=EN)
        assert "No case you can see has that reference" in response.get_data(as_text=True)
        assert client.post(f"{page}/people/{person.returnee_id}/remove").status_code == 404
    for odd in ("²", "-1", "2147483648", "0", ""):
        response = client.post(f"{page}/people", data={"returnee_id": odd}, headers=EN)
        assert response.status_code == 302
    assert client.post(f"{page}/materials/2147483647/remove").status_code == 404
    assert written(app) == before


def test_another_countrys_manager_gets_404(app, client, make, sign_in, bolivia):
    sign_in("manager", office_id=bolivia["office"].id)
    campaign_id = _create(client)
    with app.test_request_context():
        from returnsvc.campaigns import services

        campaign = db.session.get(SavingsCampaign, campaign_id)
        services.enrol(campaign, bolivia["case"].returnee_id, actor=None)
        material = services.add_link(
            campaign, {"title": "Guía", "url": "https://example.org/guia"}, actor=None
        )
        db.session.commit()
        material_id = material.id
    client.post("/account/sign-out")
    sign_in("manager", office_id=make.office("PE").id)
    before = written(app)
    page = f"/campaigns/{campaign_id}"
    for url in (page, f"{page}/edit", f"{page}/people", f"{page}/materials/link",
                f"{page}/materials/file", f"{page}/materials/{material_id}"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"{page}/edit", form(version="1")),
        (f"{page}/people", {"reference": bolivia["case"].reference}),
        (f"{page}/people/{bolivia['case'].returnee_id}/remove", {}),
        (f"{page}/materials/{material_id}/remove", {}),
        (f"{page}/materials/link", {"title": "x", "url": "https://example.org/"}),
    ):
        assert client.post(url, data=data).status_code == 404, url
    assert "Ahorra para tu negocio" not in client.get("/campaigns/").get_data(as_text=True)
    assert written(app) == before


@pytest.mark.parametrize("role", ["counsellor", "returnee"])
def test_counsellors_and_returnees_are_refused(client, sign_in, bolivia, role):
    sign_in(role, office_id=bolivia["office"].id if role == "counsellor" else None)
    assert client.get("/campaigns/").status_code == 403
    assert "/campaigns/" not in client.get("/home").get_data(as_text=True)


def test_uploads_and_downloads(app, client, make, sign_in, bolivia):
    sign_in("manager", office_id=bolivia["office"].id, locale="en")
    campaign_id = _create(client)
    upload = f"/campaigns/{campaign_id}/materials/file"

    def send(content, name):
        # Encoded here, in memory: the test client would spool a body over 500 kB to a
        # temporary file that it never closes (a ResourceWarning, an error in this suite).
        boundary, body = encode_multipart(
            {"title": "Folleto", "file": FileStorage(io.BytesIO(content), name)}
        )
        return client.post(
            upload,
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
            headers=EN,
        )

    refused = send(b"MZ\x90\x00 not a pdf", "folleto.pdf")
    assert "That file is not a PDF document." in refused.get_data(as_text=True)
    too_big = send(PDF + b"0" * files.MAX_BYTES, "grande.pdf")
    assert "too large" in too_big.get_data(as_text=True)
    assert rows(app, CampaignMaterial) == 0
    assert send(PDF, "Guía de ahorro.pdf").status_code == 302
    with app.app_context():
        material = db.session.scalars(select(CampaignMaterial)).one()
        material_id, stored = material.id, material.stored_name
    assert "Gu" not in stored and files.STORED_NAME.fullmatch(stored)
    url = f"/campaigns/{campaign_id}/materials/{material_id}"
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "UTF-8''Gu%C3%ADa%20de%20ahorro.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # Never from the static folder.
    assert client.get(f"/static/{stored}").status_code == 404
    client.post("/account/sign-out")
    assert client.get(url).status_code == 302  # sign in first
    sign_in("counsellor", office_id=bolivia["office"].id)
    assert client.get(url).status_code == 403
    client.post("/account/sign-out")
    sign_in("admin")
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/remove").status_code == 302
    assert rows(app, CampaignMaterial) == 0
    with app.app_context():
        assert files.path_of(stored) is None


@pytest.mark.parametrize("markup", MARKUPS)
def test_markup_in_every_text_field_comes_back_escaped(app, client, sign_in, bolivia, markup):
    sign_in("manager", office_id=bolivia["office"].id)
    campaign_id = _create(client, name=markup, description=markup)
    page = f"/campaigns/{campaign_id}"
    client.post(f"{page}/materials/link", data={"title": markup, "url": "https://example.org/"})
    client.post(
        f"{page}/materials/file",
        data={"title": markup, "file": (io.BytesIO(PDF), f"{markup}.pdf")},
        content_type="multipart/form-data",
    )
    answers = [
        client.post(f"{page}/materials/link", data={"title": markup, "url": markup}),
        client.post(f"{page}/people", data={"reference": markup}),
        client.post("/campaigns/new", data=form(name=markup, description=markup, ends_on="")),
    ]
    with app.app_context():
        assert rows(app, CampaignMaterial) == 2
    pages = ["/campaigns/", page, f"{page}/edit", f"{page}/people", f"{page}/people?q={markup}",
             f"{page}/materials/link", f"{page}/materials/file", "/admin/audit/"]  # fmt: skip
    client.post("/account/sign-out")
    sign_in("admin")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        answers.append(response)
    for response in answers:
        html = response.get_data(as_text=True)
        assert not any(live in html for live in LIVE), response.request.path
    assert "&lt;" in client.get(page).get_data(as_text=True)


def test_statements_per_page_do_not_grow_with_rows(app, client, make, sign_in, bolivia):
    from returnsvc.campaigns import services
    from tests.helpers import count_statements

    sign_in("manager", office_id=bolivia["office"].id)
    campaign_id = _create(client)
    pages = [f"/campaigns/{campaign_id}", f"/campaigns/{campaign_id}/people", "/campaigns/"]

    def counts():
        found = []
        for url in pages:
            with count_statements(app) as statements:
                assert client.get(url).status_code == 200
            found.append(len(statements))
        return found

    before = counts()
    with app.test_request_context():
        campaign = db.session.get(SavingsCampaign, campaign_id)
        for n in range(4):
            person = make.case(
                office_id=bolivia["office"].id, returnee_id=make.returnee(origin_country="BO")
            )
            services.enrol(campaign, person.returnee_id, actor=None)
            services.add_link(
                campaign, {"title": f"Guía {n}", "url": "https://example.org/"}, actor=None
            )
        db.session.commit()
    _create(client, name="Otra")
    assert counts() == before
