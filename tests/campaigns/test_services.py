"""Campaign services: the campaign's rules, lost updates, who may be enrolled (audience and
the cases the enrolling user may see), materials (links and PDFs by content), every change
audited, refusals write nothing."""

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

import config as app_config
from returnsvc.auth.models import User
from returnsvc.campaigns import files, services
from returnsvc.campaigns.models import CampaignEnrolment, CampaignMaterial, SavingsCampaign
from returnsvc.cases.models import Case
from returnsvc.core.conflicts import StaleEdit
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from tests.helpers import audit_actions

TODAY = date.today()
EN = {"Accept-Language": "en"}
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def data(**values) -> dict:
    return {
        "country": "BO",
        "name": "Ahorra en casa",
        "description": "Talleres",
        "starts_on": TODAY,
        "ends_on": TODAY + timedelta(days=90),
        "audience": "country",
        "channel": "workshop",
        "target_plans": 20,
        "target_amount": "10000",
        "target_currency": "BOB",
    } | values


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def bolivia(app, make):
    """A Bolivian office with its manager and a person's case; a Spanish office with a
    Bolivian migrant's case; a Peruvian office and manager."""
    office = make.office("BO")
    spain = make.office("ES")
    peru = make.office("PE")
    return {
        "office": office,
        "spain": spain,
        "manager": make.user("manager", office_id=office.id),
        "spanish_manager": make.user("manager", office_id=spain.id),
        "peru_manager": make.user("manager", office_id=peru.id),
        "case": make.case(office_id=office.id, returnee_id=make.returnee(origin_country="BO")),
        "migrant": make.case(office_id=spain.id, returnee_id=make.returnee(origin_country="BO")),
        "peruvian": make.case(office_id=peru.id, returnee_id=make.returnee(origin_country="PE")),
    }


def _user(snapshot) -> User:
    return db.session.get(User, snapshot.id)


def test_create_and_edit_are_audited_and_versioned(app, bolivia):
    with app.test_request_context(headers=EN):
        manager = _user(bolivia["manager"])
        campaign = services.create_campaign(data(), actor=manager)
        assert campaign.target_amount == Decimal("10000.00")
        changes = services.update_campaign(
            campaign, data(name="Ahorra ya"), version=campaign.version, actor=manager
        )
        assert changes == {"name": ["Ahorra en casa", "Ahorra ya"]}
        assert (
            services.update_campaign(
                campaign, data(name="Ahorra ya"), version=campaign.version, actor=manager
            )
            == {}
        )
        with pytest.raises(StaleEdit):
            services.update_campaign(campaign, data(name="Otra"), version=1, actor=manager)
        db.session.commit()
    assert audit_actions(app, target_type="savings_campaign") == [
        "savings_campaign.created",
        "savings_campaign.updated",
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"country": "PE"}, "country", "countries you run"),
        ({"country": "ES"}, "country", "countries you run"),
        ({"audience": "everyone"}, "audience", "whom the campaign"),
        ({"audience": "office", "office_id": None}, "office_id", "office of the campaign"),
        ({"channel": "pigeon"}, "channel", "how the campaign"),
        ({"name": "  "}, "name", "Name the campaign"),
        ({"name": "x" * 201}, "name", "At most 200"),
        ({"ends_on": TODAY - timedelta(days=1)}, "ends_on", "end on or after"),
        ({"ends_on": TODAY + timedelta(days=365 * 7)}, "ends_on", "at most 5 years"),
        ({"starts_on": "2025-01-01"}, "starts_on", "day the campaign starts"),
        ({"target_plans": "²"}, "target_plans", "whole number"),
        ({"target_plans": "-1"}, "target_plans", "whole number"),
        ({"target_plans": "1e3"}, "target_plans", "whole number"),
        ({"target_plans": "2147483648"}, "target_plans", "whole number"),
        ({"target_plans": True}, "target_plans", "whole number"),
        ({"target_amount": "-1"}, "target_amount", "above 0"),
        ({"target_amount": "NaN"}, "target_amount", "above 0"),
        ({"target_amount": "1e30"}, "target_amount", "too large"),
        ({"target_currency": "XXX"}, "target_currency", "currency"),
    ],
)
def test_bad_campaigns_are_refused_and_nothing_is_written(app, bolivia, values, field, message):
    with app.test_request_context(headers=EN):
        with pytest.raises(Refusal, match=message) as refused:
            services.create_campaign(data(**values), actor=_user(bolivia["manager"]))
        assert refused.value.field == field
        db.session.rollback()
        assert count(SavingsCampaign) == 0


def test_office_audience_needs_an_office_of_the_country(app, bolivia):
    with app.test_request_context(headers=EN):
        manager = _user(bolivia["manager"])
        with pytest.raises(Refusal, match="office of the campaign"):
            services.create_campaign(
                data(audience="office", office_id=bolivia["spain"].id), actor=manager
            )
        campaign = services.create_campaign(
            data(audience="office", office_id=str(bolivia["office"].id)), actor=manager
        )
        assert campaign.office_id == bolivia["office"].id


def test_spanish_managers_run_campaigns_for_migrants_in_spain_only(app, bolivia):
    with app.test_request_context(headers=EN):
        spanish = _user(bolivia["spanish_manager"])
        with pytest.raises(Refusal, match="migrants in Spain only"):
            services.create_campaign(data(), actor=spanish)
        campaign = services.create_campaign(data(audience="migrants_in_spain"), actor=spanish)
        assert campaign.country == "BO"


def test_enrolment_follows_the_audience_and_what_the_user_may_see(app, bolivia):
    with app.test_request_context(headers=EN):
        manager = _user(bolivia["manager"])
        campaign = services.create_campaign(data(), actor=manager)
        services.enrol(campaign, bolivia["case"].returnee_id, actor=manager)
        with pytest.raises(Refusal, match="already enrolled"):
            services.enrol(campaign, bolivia["case"].returnee_id, actor=manager)
        # Bolivian, but followed by a Spanish office: not a case the Bolivian manager sees.
        for foreign in (bolivia["migrant"], bolivia["peruvian"]):
            with pytest.raises(Refusal, match="person of the campaign"):
                services.enrol(campaign, foreign.returnee_id, actor=manager)
            with pytest.raises(Refusal, match="No case you can see"):
                services.enrol_by_reference(campaign, foreign.reference, actor=manager)
        for odd in ("²", "-1", "0", "2147483648", "1e3", None, True, 2**40):
            with pytest.raises(Refusal):
                services.enrol(campaign, odd, actor=manager)

        spanish = _user(bolivia["spanish_manager"])
        migrants = services.create_campaign(data(audience="migrants_in_spain"), actor=spanish)
        services.enrol_by_reference(migrants, bolivia["migrant"].reference.lower(), actor=spanish)
        with pytest.raises(Refusal, match="not in the campaign's audience"):
            services.enrol_by_reference(migrants, bolivia["case"].reference, actor=_user_admin())
        db.session.commit()
    assert audit_actions(app, action="savings_campaign.person_enrolled") == [
        "savings_campaign.person_enrolled",
        "savings_campaign.person_enrolled",
    ]


def _user_admin():
    from returnsvc.core.enums import Role

    return User(role=Role.ADMIN, email="admin@example.org", full_name="Admin", is_active=True)


def test_unenrol_is_audited(app, bolivia):
    with app.test_request_context(headers=EN):
        manager = _user(bolivia["manager"])
        campaign = services.create_campaign(data(), actor=manager)
        enrolment = services.enrol(campaign, bolivia["case"].returnee_id, actor=manager)
        services.unenrol(campaign, enrolment, actor=manager)
        db.session.commit()
        assert count(CampaignEnrolment) == 0
    assert audit_actions(app)[-1] == "savings_campaign.person_unenrolled"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x.pdf",
        "https://",
        "https://user:pw@example.org/",
        "https://example.org/a b",
        'https://example.org/"><img src=x onerror=alert(1)>',
        "https://localhost/",
        "https://example.org:99999/",
        "//example.org/x",
        "",
    ],
)
def test_links_are_http_or_https_only(app, bolivia, url):
    with app.test_request_context(headers=EN):
        campaign = services.create_campaign(data(), actor=None)
        with pytest.raises(Refusal, match="web address") as refused:
            services.add_link(campaign, {"title": "Guía", "url": url}, actor=None)
        assert refused.value.field == "url"


def test_a_link_is_kept_and_audited(app, bolivia):
    with app.test_request_context(headers=EN):
        campaign = services.create_campaign(data(), actor=None)
        link = services.add_link(
            campaign, {"title": "Guía", "url": "https://www.bcb.gob.bo/ahorro?x=1"}, actor=None
        )
        assert link.url == "https://www.bcb.gob.bo/ahorro?x=1"
        services.remove_material(link, actor=None)
        db.session.commit()
    assert audit_actions(app)[-2:] == [
        "savings_campaign.material_added",
        "savings_campaign.material_removed",
    ]


def _upload(content: bytes, name="folleto.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name)


def test_pdfs_are_checked_by_content_and_stored_outside_the_web_root(app, bolivia):
    with app.test_request_context(headers=EN):
        campaign = services.create_campaign(data(), actor=None)
        refusals = [
            (_upload(b"<html><script>alert(1)</script>", "evil.pdf"), "not a PDF"),
            (_upload(b"GIF89a" + PDF), "not a PDF"),
            (_upload(b""), "not a PDF"),
            (_upload(PDF + b"0" * files.MAX_BYTES), "too large"),
            (None, "Choose a PDF"),
        ]
        for upload, message in refusals:
            with pytest.raises(Refusal, match=message):
                services.add_file(campaign, {"title": "x", "file": upload}, actor=None)
        first = services.add_file(
            campaign,
            {"title": "Folleto", "file": _upload(PDF, '../../static/"><img src=x>.html')},
            actor=None,
        )
        second = services.add_file(
            campaign, {"title": "Folleto", "file": _upload(PDF, "folleto.pdf")}, actor=None
        )
        db.session.commit()
        assert count(CampaignMaterial) == 2
        for material in (first, second):
            path = files.path_of(material.stored_name)
            assert path is not None and path.read_bytes() == PDF
            assert material.stored_name.endswith(".pdf") and len(material.stored_name) == 36
            resolved = path.resolve()
            for web in (app_config.STATIC_DIR, app_config.TEMPLATE_DIR):
                assert not resolved.is_relative_to(Path(web).resolve())
            assert resolved.parent == Path(app.config["CAMPAIGN_MATERIALS_DIR"]).resolve()
        assert first.stored_name != second.stored_name  # random, not from the upload's name
        assert first.file_label == "img srcx.html.pdf"  # a cleaned label, never a path
        assert second.file_label == "folleto.pdf"
        stored = files.path_of(first.stored_name)
        services.remove_material(first, actor=None)
        assert not stored.exists()


def test_clean_label():
    assert files.clean_label("C:\\Users\\ana\\Guía de ahorro.PDF") == "Guía de ahorro.pdf"
    assert files.clean_label("..") == "document.pdf"
    assert files.clean_label(None) == "document.pdf"
    assert files.clean_label("a\x00b<script>.pdf") == "abscript.pdf"
    assert files.path_of("../../config.py") is None


def test_enrolling_twice_at_once_is_refused_not_a_500(app, bolivia, monkeypatch):
    """Two managers enrol the same person at the same moment: neither sees the other's row,
    the unique index refuses the second, which gets the message."""
    with app.test_request_context(headers=EN):
        campaign = services.create_campaign(data(), actor=None)
        services.enrol(campaign, bolivia["case"].returnee_id, actor=None)
        row = db.session.execute(
            select(Case.id, Case.returnee_id).where(Case.id == bolivia["case"].id)
        ).one()
        monkeypatch.setattr(db.session, "scalar", lambda *args, **kwargs: None)
        with pytest.raises(Refusal, match="already enrolled"):
            services._enrol(campaign, row, actor=None, enrolled_on=None)
        monkeypatch.undo()
        assert count(CampaignEnrolment) == 1


def test_enrol_people_at_once(app, bolivia, make):
    others = [
        make.case(office_id=bolivia["office"].id, returnee_id=make.returnee(origin_country="BO"))
        for _ in range(3)
    ]
    with app.test_request_context(headers=EN):
        manager = _user(bolivia["manager"])
        campaign = services.create_campaign(data(), actor=manager)
        services.enrol(campaign, others[0].returnee_id, actor=manager)
        chosen = [case.returnee_id for case in others[:2]] + [bolivia["migrant"].returnee_id, "²"]
        # The migrant is not a case the Bolivian manager sees; the first is enrolled already.
        assert services.enrol_people(campaign, chosen, actor=manager) == 1
        # Everyone of the audience the manager sees.
        assert services.enrol_people(campaign, actor=manager) == 2
        assert services.enrol_people(campaign, actor=manager) == 0
        enrolled = set(
            db.session.scalars(
                select(CampaignEnrolment.returnee_id).where(
                    CampaignEnrolment.campaign_id == campaign.id
                )
            )
        )
        assert enrolled == {bolivia["case"].returnee_id} | {c.returnee_id for c in others}
        db.session.commit()
    assert audit_actions(app).count("savings_campaign.people_enrolled") == 2
