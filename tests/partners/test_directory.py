"""The partner directory: list with filters and pagination, create and edit with validation,
duplicate names, conflicts, permissions, the demo partners."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.partners import queries, services
from returnsvc.partners.demo import DEMO_PARTNERS, seed_demo_partners
from returnsvc.partners.models import Partner, PartnerKind
from tests.cases.helpers import other_client
from tests.helpers import audit_actions


def _partner(app, **data) -> int:
    values = {"name": "SENA Pereira", "kind": "training", "country": "CO"} | data
    with app.test_request_context():
        partner = services.create_partner(values, actor=None)
        db.session.commit()
        return partner.id


def _load(app, partner_id) -> Partner:
    with app.app_context():
        partner = db.session.get(Partner, partner_id)
        db.session.expunge(partner)
        return partner


def _form(**changes) -> dict:
    data = {
        "name": "Cooperativa Jardín Azuayo",
        "kind": "microfinance",
        "country": "EC",
        "region_code": "EC-A",
        "city": "Cuenca",
        "contact_name": "Diego Peralta",
        "email": "creditos@example.org",
        "phone": "+593 7 283 4000",
        "services": "Savings accounts and micro-loans.",
        "is_active": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _names(response) -> list[str]:
    return re.findall(r'<a href="/partners/\d+">([^<]+)</a>', response.get_data(as_text=True))


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Partner))


# --- create and edit ----------------------------------------------------------------------


def test_manager_creates_and_edits_a_partner(app, client, make, sign_in):
    me = sign_in("manager", office_id=make.office("EC").id, locale="en")
    assert client.get("/partners/new").status_code == 200
    response = client.post("/partners/new", data=_form(name="  Cooperativa   Jardín Azuayo "))
    assert response.status_code == 302
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id).where(Partner.country == "EC"))
    partner = _load(app, partner_id)
    assert partner.name == "Cooperativa Jardín Azuayo"
    assert partner.kind is PartnerKind.MICROFINANCE and partner.region_code == "EC-A"
    assert partner.is_active and not partner.is_demo
    page = client.get(f"/partners/{partner_id}").get_data(as_text=True)
    assert "Cooperativa Jardín Azuayo" in page and "Azuay" in page and "Ecuador" in page

    response = client.post(
        f"/partners/{partner_id}/edit",
        data=_form(city="Gualaceo", is_active=None, version=str(partner.version)),
    )
    assert response.status_code == 302
    edited = _load(app, partner_id)
    assert edited.city == "Gualaceo" and edited.is_active is False
    assert edited.version == partner.version + 1
    assert audit_actions(app, actor_id=me.id)[-2:] == ["partner.created", "partner.updated"]


def test_new_partner_form_starts_in_the_managers_country(app, client, make, sign_in):
    sign_in("manager", office_id=make.office("PE").id, locale="en")
    body = client.get("/partners/new").get_data(as_text=True)
    assert re.search(r'<option selected value="PE">', body)


def test_region_must_belong_to_the_country(app, client, make, sign_in):
    sign_in("admin", locale="en")
    response = client.post("/partners/new", data=_form(country="PE", region_code="EC-A"))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="region_code-error"' in body and "This region is not in the chosen country." in body
    # The other values are kept.
    assert "Diego Peralta" in body and "Savings accounts and micro-loans." in body
    assert _count(app) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "   "),
        ("kind", "bank"),
        ("country", "FR"),
        ("country", ""),
        ("region_code", "XX-1"),
        ("email", "not an address"),
        ("phone", "call me maybe"),
        ("name", "x" * 201),
        ("services", "x" * 5001),
    ],
)
def test_bad_input_is_refused_next_to_the_field(app, client, make, sign_in, field, value):
    sign_in("admin", locale="en")
    response = client.post("/partners/new", data=_form(**{field: value}))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _count(app) == 0


def test_duplicate_name_in_the_same_country_is_refused(app, client, make, sign_in):
    sign_in("admin", locale="en")  # partners of two countries: an editor of every country
    _partner(app, name="Cooperativa Jardín Azuayo", country="EC")
    response = client.post("/partners/new", data=_form(name="COOPERATIVA jardín azuayo"))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="name-error"' in body
    assert "There is already a partner called “COOPERATIVA jardín azuayo” in Ecuador." in body
    assert _count(app) == 1
    # The same name in another country is another organisation.
    assert client.post("/partners/new", data=_form(country="PE", region_code="")).status_code == 302
    # Renaming onto an existing name is refused too.
    other = _partner(app, name="Banco Pichincha Microfinanzas", country="EC")
    response = client.post(
        f"/partners/{other}/edit", data=_form(name="cooperativa jardín azuayo", version="1")
    )
    assert response.status_code == 200 and 'id="name-error"' in response.get_data(as_text=True)
    assert _load(app, other).name == "Banco Pichincha Microfinanzas"


def test_the_unique_index_backs_the_check(app, tx):
    """Two saves at once both pass the check; the second still gets the message, no 500."""
    _partner(app, name="Mibanco Arequipa", country="PE")
    with app.test_request_context():
        original = services._check_unique
        services._check_unique = lambda clean, exclude_id=None: None
        try:
            with pytest.raises(Refusal) as error:
                services.create_partner(
                    {"name": "MIBANCO arequipa", "kind": "microfinance", "country": "PE"},
                    actor=None,
                )
        finally:
            services._check_unique = original
        assert error.value.field == "name"
        # The session is still usable after the refused insert.
        assert db.session.scalar(select(func.count()).select_from(Partner)) == 1


def test_stale_partner_edit_shows_both_versions(app, client, make, sign_in):
    sign_in("manager", office_id=make.office("CO").id, locale="en")
    partner_id = _partner(app, name="SENA Pereira", country="CO", city="Pereira")
    with app.test_request_context():
        partner = db.session.get(Partner, partner_id)
        services.update_partner(
            partner,
            {"name": "SENA Pereira", "kind": "training", "country": "CO", "city": "Dosquebradas"},
            actor=None,
            version=1,
        )
        db.session.commit()
    response = client.post(
        f"/partners/{partner_id}/edit",
        data=_form(
            name="SENA Pereira",
            kind="training",
            country="CO",
            region_code="",
            city="Santa Rosa de Cabal",
            version="1",
        ),
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Dosquebradas" in body and "Santa Rosa de Cabal" in body
    assert _load(app, partner_id).city == "Dosquebradas"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(max_size=250),
    city=st.text(max_size=130),
    phone=st.text(max_size=50),
    email=st.text(max_size=40),
    region=st.sampled_from(["", "EC-A", "CO-DC", "nonsense"]),
)
def test_any_input_gives_a_page_never_a_500(app, client, make, name, city, phone, email, region):
    admin = make.user("admin")
    browser = other_client(app, admin)
    response = browser.post(
        "/partners/new",
        data=_form(name=name, city=city, phone=phone, email=email, region_code=region),
    )
    # 400 only for a NUL character, refused before any form code runs.
    assert response.status_code in (200, 302, 400)
    assert response.status_code != 400 or "\x00" in name + city + phone + email


# --- the list -----------------------------------------------------------------------------


def test_list_filters_by_country_kind_status_and_name(app, client, make, sign_in):
    sign_in("counsellor", locale="en")
    _partner(app, name="SENA Pereira", kind="training", country="CO")
    _partner(app, name="Bancóldex", kind="microfinance", country="CO")
    _partner(app, name="SENATI Lima", kind="training", country="PE")
    _partner(app, name="Old Training Centre", kind="training", country="PE", is_active=False)
    assert _names(client.get("/partners/")) == ["Bancóldex", "SENA Pereira", "SENATI Lima"]
    assert _names(client.get("/partners/?country=PE")) == ["SENATI Lima"]
    assert _names(client.get("/partners/?kind=training")) == ["SENA Pereira", "SENATI Lima"]
    assert _names(client.get("/partners/?status=inactive")) == ["Old Training Centre"]
    assert len(_names(client.get("/partners/?status=all"))) == 4
    # Words in any order, accents and case ignored.
    assert _names(client.get("/partners/?q=bancoldex")) == ["Bancóldex"]
    assert _names(client.get("/partners/?q=lima+senati")) == ["SENATI Lima"]
    assert _names(client.get("/partners/?q=100%25")) == []
    # Bad filter values are not applied (and never a 500).
    assert len(_names(client.get("/partners/?country=FR&kind=bank&status=x&page=abc"))) == 3


def test_list_pages_without_counting(app, client, make, sign_in, monkeypatch):
    sign_in("counsellor", locale="en")
    for n in range(5):
        _partner(app, name=f"Partner {n}", country="BO", kind="other")
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    first = client.get("/partners/?country=BO")
    assert _names(first) == ["Partner 0", "Partner 1"]
    [next_url] = re.findall(r'rel="next" href="([^"]+)"', first.get_data(as_text=True))
    assert "country=BO" in next_url and "page=2" in next_url
    last = client.get("/partners/?country=BO&page=3")
    assert _names(last) == ["Partner 4"]
    assert 'rel="next"' not in last.get_data(as_text=True)
    assert "There are no more partners." in client.get("/partners/?page=9").get_data(as_text=True)


# --- permissions --------------------------------------------------------------------------


def test_counsellors_read_but_cannot_manage(app, client, make, sign_in):
    sign_in("counsellor", locale="en")
    partner_id = _partner(app)
    assert client.get("/partners/").status_code == 200
    body = client.get(f"/partners/{partner_id}").get_data(as_text=True)
    assert "/edit" not in body
    assert client.get("/partners/new").status_code == 403
    assert client.post("/partners/new", data=_form()).status_code == 403
    response = client.post(f"/partners/{partner_id}/edit", data=_form(version="1"))
    assert response.status_code == 403
    assert _load(app, partner_id).name == "SENA Pereira"
    assert "authorisation.denied" in audit_actions(app)


def test_returnees_have_no_access(app, client, make, sign_in):
    sign_in("returnee")
    assert client.get("/partners/").status_code == 403
    assert client.get(f"/partners/{_partner(app)}").status_code == 403


def test_unknown_partner_is_404(app, client, make, sign_in):
    sign_in("admin")
    assert client.get("/partners/999999").status_code == 404
    assert client.get("/partners/999999/edit").status_code == 404


# --- demo data ----------------------------------------------------------------------------


def test_demo_partners_cover_every_country_and_can_be_seeded_twice(app, tx):
    with app.test_request_context():
        first = seed_demo_partners()
        second = seed_demo_partners()
        assert [p.id for p in first] == [p.id for p in second]
        assert all(p.is_demo and p.is_active for p in first)
        by_country = {}
        for p in first:
            by_country.setdefault(p.country, []).append(p)
        assert {c: len(ps) for c, ps in by_country.items()} == {
            "ES": 3,
            # ... and a bank or savings cooperative in each origin country (demo savings).
            "BO": 4,
            "CO": 4,
            "EC": 4,
            "PE": 4,
        }
    assert len(DEMO_PARTNERS) == 19


def test_accent_folding_tables_match():
    assert len(queries._ACCENTED) == len(queries._PLAIN)


def test_nul_characters_never_reach_the_database(app, client, make, sign_in):
    sign_in("admin", locale="en")
    response = client.post("/partners/new", data=_form(name="Jardín\x00 Azuayo", services="a\x00b"))
    assert response.status_code == 400
    assert client.get("/partners/?q=jard%00in").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Partner.name)) is None


def test_a_manager_edits_only_their_own_countrys_partners(app, client, make, sign_in):
    """A Bolivian manager reads a Spanish partner but cannot change it (403, audited, nothing
    written) and sees no Edit button; new partners are offered and saved for Bolivia only."""
    me = sign_in("manager", office_id=make.office("BO").id, locale="en")
    spanish = _partner(app, name="Cruz Roja Madrid", country="ES")
    page = client.get(f"/partners/{spanish}").get_data(as_text=True)
    assert "Cruz Roja Madrid" in page and f"/partners/{spanish}/edit" not in page
    assert client.get(f"/partners/{spanish}/edit").status_code == 403
    response = client.post(
        f"/partners/{spanish}/edit",
        data=_form(name="Cruz Roja Madrid", country="ES", region_code="", version="1"),
    )
    assert response.status_code == 403
    assert _load(app, spanish).city != "Cuenca"
    assert "authorisation.denied" in audit_actions(app, actor_id=me.id)
    form = client.get("/partners/new").get_data(as_text=True)
    assert 'value="BO"' in form and 'value="ES"' not in form and 'value="EC"' not in form
    response = client.post("/partners/new", data=_form())  # Ecuador, not offered
    assert response.status_code == 200 and 'id="country-error"' in response.get_data(as_text=True)
    assert _count(app) == 1
    # An administrator edits every country's partners.
    admin_client = app.test_client()
    admin = make.user("admin")
    admin_client.post("/account/sign-in", data={"email": admin.email, "password": admin.password})
    assert admin_client.get(f"/partners/{spanish}/edit").status_code == 200
