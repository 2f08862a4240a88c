"""Referrals of a case to partners: the sharing-consent gate, the status flow and its refusals,
conflicts, access (IDOR, read-only roles, closed cases) and the audit trail."""

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, CaseAccess, CloseReason, Stage
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.partners import contributions, services
from returnsvc.partners.models import Partner, Referral, ReferralStatus
from tests.cases.helpers import other_client
from tests.helpers import audit_actions
from tests.plans.helpers import count_statements


def _setup(make, sign_in, consents=("service", "sharing", "statistics")):
    """An Ecuadorian office, its signed-in counsellor (English pages) and a case of theirs."""
    office = make.office("EC")
    me = sign_in("counsellor", office_id=office.id, locale="en")
    returnee_id = make.returnee(consents=consents)
    case = make.case(office_id=office.id, counsellor_id=me.id, returnee_id=returnee_id)
    return office, me, case


def _partner(app, name="SECAP Quito", country="EC", **data) -> int:
    values = {"name": name, "kind": "training", "country": country} | data
    with app.test_request_context():
        partner = services.create_partner(values, actor=None)
        db.session.commit()
        return partner.id


def _send(app, case_id, partner_id, purpose="Welding course") -> int:
    with app.test_request_context():
        referral = services.send_referral(
            db.session.get(Case, case_id),
            {"partner_id": partner_id, "purpose": purpose},
            actor=None,
        )
        db.session.commit()
        return referral.id


def _load(app, referral_id) -> Referral:
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        db.session.expunge_all()
        return referral


def _referrals(app, case_id) -> list[Referral]:
    with app.app_context():
        rows = db.session.scalars(select(Referral).where(Referral.case_id == case_id)).all()
        db.session.expunge_all()
        return list(rows)


def _step(app, referral_id, step, **data):
    """Move a referral with the service (as another counsellor would)."""
    with app.test_request_context():
        referral = db.session.get(Referral, referral_id)
        function = getattr(services, f"{step}_referral")
        if data:
            function(referral, data, actor=None, version=referral.version)
        else:
            function(referral, actor=None, version=referral.version)
        db.session.commit()


def _text(response) -> str:
    return response.get_data(as_text=True)


def _url(case_id, referral_id, step) -> str:
    return f"/cases/{case_id}/referrals/{referral_id}/{step}"


# --- sending --------------------------------------------------------------------------------


def test_counsellor_sends_a_referral(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    secap = _partner(app, "SECAP Quito", "EC")
    cruz_roja = _partner(app, "Cruz Roja Española", "ES", kind="other")
    _partner(app, "SENA Pereira", "CO")  # not in the case's countries
    _partner(app, "SECAP Cuenca", "EC", is_active=False)  # inactive
    page = _text(client.get(f"/cases/{case.id}/referrals/new"))
    assert "SECAP Quito" in page and "Cruz Roja Española" in page
    assert "SENA Pereira" not in page and "SECAP Cuenca" not in page
    # The country of return comes first.
    assert page.index("SECAP Quito") < page.index("Cruz Roja Española")

    response = client.post(
        f"/cases/{case.id}/referrals/new",
        data={"partner_id": str(secap), "purpose": "  Welding course, level 2  "},
    )
    assert response.status_code == 302
    [referral] = _referrals(app, case.id)
    assert response.headers["Location"].endswith(f"/referrals#referral-{referral.id}")
    assert referral.status is ReferralStatus.SENT and referral.partner_id == secap
    assert referral.purpose == "Welding course, level 2" and referral.sent_by_id == me.id
    tab = _text(client.get(f"/cases/{case.id}/referrals"))
    assert "SECAP Quito" in tab and "Welding course, level 2" in tab and ">Sent</span>" in tab
    assert audit_actions(app, actor_id=me.id)[-1] == "referral.sent"
    assert cruz_roja  # offered, not used


def test_referral_tab_is_in_the_access_log(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    client.get(f"/cases/{case.id}/referrals")
    with app.app_context():
        what = db.session.scalars(
            select(CaseAccess.what).where(
                CaseAccess.case_id == case.id, CaseAccess.user_id == me.id
            )
        ).all()
    assert "referrals" in what


def test_no_referral_without_the_sharing_consent(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in, consents=("service",))
    partner_id = _partner(app)
    tab = _text(client.get(f"/cases/{case.id}/referrals"))
    assert "has not consented to sharing" in tab
    assert f"/cases/{case.id}/referrals/new" not in tab
    assert "has not consented to sharing" in _text(client.get(f"/cases/{case.id}/referrals/new"))
    # A hand-made POST is refused by the service, with the reason.
    response = client.post(
        f"/cases/{case.id}/referrals/new",
        data={"partner_id": str(partner_id), "purpose": "Welding course"},
    )
    assert response.status_code == 200
    assert "has not consented to sharing" in _text(response)
    assert _referrals(app, case.id) == []
    assert "referral.sent" not in audit_actions(app, actor_id=me.id)
    # And for any other caller of the service.
    with app.test_request_context():
        with pytest.raises(Refusal):
            services.send_referral(
                db.session.get(Case, case.id),
                {"partner_id": partner_id, "purpose": "x"},
                actor=None,
            )


def test_withdrawn_consent_stops_new_referrals(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    partner_id = _partner(app)
    client.post(f"/cases/{case.id}/person/consents/sharing/withdraw")
    response = client.post(
        f"/cases/{case.id}/referrals/new",
        data={"partner_id": str(partner_id), "purpose": "Welding course"},
    )
    assert "has not consented to sharing" in _text(response)
    assert _referrals(app, case.id) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"partner_id": "", "purpose": "Course"}, "partner_id"),
        ({"partner_id": "abc", "purpose": "Course"}, "partner_id"),
        ({"partner_id": "999999", "purpose": "Course"}, "partner_id"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": "x" * 2001}, "purpose"),
    ],
)
def test_bad_referral_input_is_refused_next_to_the_field(app, client, make, sign_in, data, field):
    _, _, case = _setup(make, sign_in)
    partner_id = _partner(app)
    response = client.post(
        f"/cases/{case.id}/referrals/new", data={"partner_id": str(partner_id)} | data
    )
    assert response.status_code == 200
    assert f'id="{field}-error"' in _text(response)
    assert _referrals(app, case.id) == []


def test_inactive_partners_and_open_duplicates_are_refused(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    partner_id = _partner(app)
    _send(app, case.id, partner_id)
    response = client.post(
        f"/cases/{case.id}/referrals/new",
        data={"partner_id": str(partner_id), "purpose": "Again"},
    )
    assert "already has an open referral to SECAP Quito" in _text(response)
    with app.test_request_context():
        partner = db.session.get(Partner, partner_id)
        partner.is_active = False
        db.session.commit()
        with pytest.raises(Refusal) as error:
            services.send_referral(
                db.session.get(Case, case.id),
                {"partner_id": partner_id, "purpose": "Again"},
                actor=None,
            )
        assert error.value.field == "partner_id"
    assert len(_referrals(app, case.id)) == 1


# --- the status flow ------------------------------------------------------------------------


def test_sent_accepted_completed(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    referral_id = _send(app, case.id, _partner(app))
    assert (
        client.post(_url(case.id, referral_id, "accept"), data={"version": "1"}).status_code == 302
    )
    accepted = _load(app, referral_id)
    assert accepted.status is ReferralStatus.ACCEPTED and accepted.responded_at is not None
    assert client.get(_url(case.id, referral_id, "complete")).status_code == 200
    # The outcome is required.
    response = client.post(
        _url(case.id, referral_id, "complete"), data={"outcome": " ", "version": "2"}
    )
    assert response.status_code == 200 and 'id="outcome-error"' in _text(response)
    response = client.post(
        _url(case.id, referral_id, "complete"),
        data={"outcome": "Finished the course with a certificate.", "version": "2"},
    )
    assert response.status_code == 302
    done = _load(app, referral_id)
    assert done.status is ReferralStatus.COMPLETED and done.completed_at is not None
    assert done.outcome == "Finished the course with a certificate."
    assert audit_actions(app, actor_id=me.id)[-2:] == ["referral.accepted", "referral.completed"]
    # Completed is final: nothing is offered any more.
    tab = _text(client.get(f"/cases/{case.id}/referrals"))
    assert _url(case.id, referral_id, "cancel") not in tab
    assert "Finished the course with a certificate." in tab


def test_decline_needs_a_reason(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    referral_id = _send(app, case.id, _partner(app))
    response = client.post(
        _url(case.id, referral_id, "decline"), data={"decline_reason": "", "version": "1"}
    )
    assert response.status_code == 200
    assert "Say why the partner declined the referral." in _text(response)
    assert _load(app, referral_id).status is ReferralStatus.SENT
    response = client.post(
        _url(case.id, referral_id, "decline"),
        data={"decline_reason": "The course is full until March.", "version": "1"},
    )
    assert response.status_code == 302
    declined = _load(app, referral_id)
    assert declined.status is ReferralStatus.DECLINED
    assert declined.decline_reason == "The course is full until March."
    assert audit_actions(app, actor_id=me.id)[-1] == "referral.declined"
    # Once declined, the same partner can be asked again.
    _send(app, case.id, declined.partner_id, purpose="The March course")


@pytest.mark.parametrize("first", ["sent", "accepted"])
def test_sent_or_accepted_referrals_can_be_cancelled(app, client, make, sign_in, first):
    _, me, case = _setup(make, sign_in)
    referral_id = _send(app, case.id, _partner(app))
    if first == "accepted":
        _step(app, referral_id, "accept")
    version = _load(app, referral_id).version
    response = client.post(_url(case.id, referral_id, "cancel"), data={"version": str(version)})
    assert response.status_code == 302
    assert _load(app, referral_id).status is ReferralStatus.CANCELLED
    assert audit_actions(app, actor_id=me.id)[-1] == "referral.cancelled"


@pytest.mark.parametrize(
    ("setup", "step", "data"),
    [
        ([], "complete", {"outcome": "Done"}),  # sent -> completed: must be accepted first
        (["accept"], "accept", {}),
        (["accept"], "decline", {"decline_reason": "Too late"}),
        ([("decline", {"decline_reason": "Full"})], "accept", {}),
        ([("decline", {"decline_reason": "Full"})], "cancel", {}),
        (["cancel"], "accept", {}),
        (["accept", ("complete", {"outcome": "Ok"})], "cancel", {}),
    ],
)
def test_invalid_transitions_are_refused_with_a_message(
    app, client, make, sign_in, setup, step, data
):
    _, me, case = _setup(make, sign_in)
    referral_id = _send(app, case.id, _partner(app))
    for previous in setup:
        name, values = previous if isinstance(previous, tuple) else (previous, {})
        _step(app, referral_id, name, **values)
    before = _load(app, referral_id)
    response = client.post(
        _url(case.id, referral_id, step),
        data={"version": str(before.version)} | data,
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "A referral that is “" in _text(response) and "cannot be marked" in _text(response)
    after = _load(app, referral_id)
    assert (after.status, after.version) == (before.status, before.version)
    assert not any(a.startswith("referral.") for a in audit_actions(app, actor_id=me.id))


def test_stale_step_shows_the_conflict_page(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    referral_id = _send(app, case.id, _partner(app))
    _step(app, referral_id, "accept")  # someone else, meanwhile; the page still says "sent"
    response = client.post(
        _url(case.id, referral_id, "cancel"), data={"version": "1", "status": "sent"}
    )
    assert response.status_code == 409
    assert "Accepted" in _text(response) and "Sent" in _text(response)
    assert _load(app, referral_id).status is ReferralStatus.ACCEPTED
    # An empty form carries no version: also a conflict, nothing changes.
    assert client.post(_url(case.id, referral_id, "accept")).status_code == 409


def test_audit_trail_keeps_free_text_out(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    partner_id = _partner(app)
    client.post(
        f"/cases/{case.id}/referrals/new",
        data={"partner_id": str(partner_id), "purpose": "Depression treatment"},
    )
    [referral] = _referrals(app, case.id)
    client.post(
        _url(case.id, referral.id, "decline"),
        data={"decline_reason": "No psychiatrist available", "version": "1"},
    )
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.actor_id == me.id, AuditEntry.action.like("referral.%"))
            .order_by(AuditEntry.id)
        ).all()
        assert [e.action for e in entries] == ["referral.sent", "referral.declined"]
        assert all(e.target_type == "referral" for e in entries)
        assert entries[1].changes["status"] == ["sent", "declined"]
        text = str([e.changes for e in entries])
        assert "Depression" not in text and "psychiatrist" not in text


# --- access ---------------------------------------------------------------------------------


def _writes(case_id, referral_id, partner_id):
    return [
        (f"/cases/{case_id}/referrals/new", {"partner_id": str(partner_id), "purpose": "x"}),
        (_url(case_id, referral_id, "accept"), {"version": "1"}),
        (_url(case_id, referral_id, "decline"), {"version": "1", "decline_reason": "x"}),
        (_url(case_id, referral_id, "complete"), {"version": "1", "outcome": "x"}),
        (_url(case_id, referral_id, "cancel"), {"version": "1"}),
    ]


def test_counsellor_of_another_office_gets_404(app, client, make, sign_in):
    office, _, case = _setup(make, sign_in)
    partner_id = _partner(app)
    referral_id = _send(app, case.id, partner_id)
    stranger = other_client(app, make.user("counsellor", office_id=make.office("EC").id))
    assert stranger.get(f"/cases/{case.id}/referrals").status_code == 404
    assert stranger.get(f"/cases/{case.id}/referrals/new").status_code == 404
    assert stranger.get(_url(case.id, referral_id, "decline")).status_code == 404
    for url, data in _writes(case.id, referral_id, partner_id):
        assert stranger.post(url, data=data).status_code == 404, url
    assert _load(app, referral_id).status is ReferralStatus.SENT
    assert len(_referrals(app, case.id)) == 1


def test_referral_ids_of_another_case_are_404(app, client, make, sign_in):
    office, me, case = _setup(make, sign_in)
    other_case = make.case(office_id=office.id, counsellor_id=me.id)  # also mine
    partner_id = _partner(app)
    foreign = _send(app, other_case.id, partner_id)
    assert client.get(_url(case.id, foreign, "decline")).status_code == 404
    assert client.get(_url(case.id, foreign, "complete")).status_code == 404
    for url, data in _writes(case.id, foreign, partner_id)[1:]:
        assert client.post(url, data=data).status_code == 404, url
    assert _load(app, foreign).status is ReferralStatus.SENT


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_read_only_roles_see_referrals_but_cannot_change_them(app, client, make, sign_in, role):
    office, _, case = _setup(make, sign_in)
    partner_id = _partner(app)
    referral_id = _send(app, case.id, partner_id)
    reader = other_client(
        app, make.user(role, office_id=office.id if role == "manager" else None, locale="en")
    )
    tab = _text(reader.get(f"/cases/{case.id}/referrals"))
    assert "SECAP Quito" in tab and "Welding course" in tab
    assert "/referrals/new" not in tab and "/accept" not in tab
    assert reader.get(f"/cases/{case.id}/referrals/new").status_code == 403
    for url, data in _writes(case.id, referral_id, partner_id):
        assert reader.post(url, data=data).status_code == 403, url
    assert _load(app, referral_id).status is ReferralStatus.SENT


def test_closed_case_referrals_are_read_only(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    partner_id = _partner(app)
    referral_id = _send(app, case.id, partner_id)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        case_services.change_stage(
            row, Stage.CLOSED, version=row.version, actor=None, close_reason=CloseReason.EMPLOYED
        )
        db.session.commit()
    tab = _text(client.get(f"/cases/{case.id}/referrals"))
    assert "Welding course" in tab and "/accept" not in tab
    for url, data in _writes(case.id, referral_id, partner_id):
        assert client.post(url, data=data).status_code == 409, url
    assert _load(app, referral_id).status is ReferralStatus.SENT
    with app.test_request_context():
        with pytest.raises(Refusal):
            services.cancel_referral(db.session.get(Referral, referral_id), actor=None, version=1)


def test_timeline_shows_the_referral(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    referral_id = _send(app, case.id, _partner(app))
    _step(app, referral_id, "accept")
    body = _text(client.get(f"/cases/{case.id}"))
    assert "Referred to SECAP Quito" in body and "Referral accepted by SECAP Quito" in body


def test_erasing_referral_text(app, make, tx):
    case = make.case()
    partner_id = _partner(app)
    referral_id = _send(app, case.id, partner_id, purpose="Private details")
    with app.test_request_context():
        contributions.ERASURE[0].erase(case.returnee_id, [case.id])
        db.session.commit()
    assert _load(app, referral_id).purpose == ""


def test_statements_per_referral_tab_do_not_grow_with_referrals(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    _send(app, case.id, _partner(app, "Partner 0"))
    client.get(f"/cases/{case.id}/referrals")  # warm-up
    with count_statements(app) as few:
        client.get(f"/cases/{case.id}/referrals")
    for n in range(1, 6):
        referral_id = _send(app, case.id, _partner(app, f"Partner {n}"))
        _step(app, referral_id, "accept")
    with count_statements(app) as many:
        body = _text(client.get(f"/cases/{case.id}/referrals"))
    assert "Partner 5" in body
    assert len(many) == len(few), many
