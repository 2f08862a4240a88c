import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from returnsvc.cases import services, stages
from returnsvc.cases.models import Case, CaseTransition, CloseReason, Stage
from returnsvc.core.conflicts import StaleEdit
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from tests.cases.helpers import load_case, office_with_counsellor
from tests.helpers import audit_actions

ALL = list(Stage)


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_transition_table(app, make, current, target):
    """Every (current, target) pair: allowed ones move, the rest are refused, nothing written."""
    case = make.case()
    make.complete_profile(case.returnee_id)  # what assessment needs (skills' stage guard)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        row.stage = current  # put the case in `current` directly
        if current is Stage.CLOSED:
            row.closed_at, row.close_reason = row.opened_at, CloseReason.OTHER
        db.session.flush()
        version = row.version
        reason = CloseReason.EMPLOYED if target is Stage.CLOSED else None
        if stages.is_allowed(current, target):
            services.change_stage(row, target, version=version, actor=None, close_reason=reason)
            assert row.stage is target
            assert (row.closed_at is not None) == (target is Stage.CLOSED)
        else:
            with pytest.raises(services.CaseError):
                services.change_stage(row, target, version=version, actor=None, close_reason=reason)
            assert row.stage is current
        db.session.rollback()


def test_a_registered_case_is_assessed_only_with_a_complete_profile(app, client, make, sign_in):
    """Whatever page moves it (the stage page here, "mark assessed" on the profile): the
    stage service asks the skills profile's guard."""
    _, _, case = office_with_counsellor(make, sign_in, country="EC")
    response = client.post(
        f"/cases/{case.id}/stage",
        data={"stage": "assessed", "version": str(load_case(app, case.id).version)},
    )
    assert "El perfil todavía no está completo. Falta: experiencia laboral, competencias" in (
        response.get_data(as_text=True)
    )
    assert load_case(app, case.id).stage is Stage.REGISTERED
    make.complete_profile(case.returnee_id)
    response = client.post(
        f"/cases/{case.id}/stage",
        data={"stage": "assessed", "version": str(load_case(app, case.id).version)},
    )
    assert response.status_code == 302 and load_case(app, case.id).stage is Stage.ASSESSED


def test_every_stage_can_reach_closed_or_reopen():
    for stage in Stage:
        assert stages.allowed_next(stage), stage
    assert stages.TRANSITIONS[Stage.CLOSED] == {Stage.REOPENED}


def test_stage_changes_through_the_page_record_who_and_when(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    make.complete_profile(case.returnee_id)
    version = load_case(app, case.id).version
    response = client.post(
        f"/cases/{case.id}/stage", data={"stage": "assessed", "version": str(version)}
    )
    assert response.status_code == 302
    version += 1
    response = client.post(
        f"/cases/{case.id}/stage", data={"stage": "follow_up", "version": str(version)}
    )
    # Not in the table: not one of the choices, shown next to the field.
    assert response.status_code == 200
    assert "Nueva etapa: Opción inválida." in response.get_data(as_text=True)
    assert load_case(app, case.id).stage is Stage.ASSESSED
    # Closing is not a step of the stage page: it has its own page, which asks why.
    response = client.post(
        f"/cases/{case.id}/stage",
        data={"stage": "closed", "close_reason": "employed", "version": str(version)},
    )
    assert response.status_code == 200 and load_case(app, case.id).stage is Stage.ASSESSED
    response = client.post(f"/cases/{case.id}/close", data={"version": str(version)})
    assert response.status_code == 200
    assert "Indique por qué se cierra el caso" in response.get_data(as_text=True)
    assert load_case(app, case.id).stage is Stage.ASSESSED
    client.post(
        f"/cases/{case.id}/close", data={"close_reason": "employed", "version": str(version)}
    )
    closed = load_case(app, case.id)
    assert closed.stage is Stage.CLOSED and closed.close_reason is CloseReason.EMPLOYED
    with app.app_context():
        history = db.session.scalars(
            select(CaseTransition)
            .where(CaseTransition.case_id == case.id)
            .order_by(CaseTransition.id)
        ).all()
        assert [(t.from_stage, t.to_stage) for t in history] == [
            (None, Stage.REGISTERED),
            (Stage.REGISTERED, Stage.ASSESSED),
            (Stage.ASSESSED, Stage.CLOSED),
        ]
        assert all(t.actor_id == me.id for t in history[1:])
    assert audit_actions(app, target_id=str(case.id)).count("case.stage_changed") == 2
    # A closed case refuses other writes (409) but can be reopened.
    assert client.post(f"/cases/{case.id}/assign", data={"counsellor": ""}).status_code == 409
    client.post(
        f"/cases/{case.id}/stage", data={"stage": "reopened", "version": str(closed.version)}
    )
    assert load_case(app, case.id).stage is Stage.REOPENED


def test_time_in_stage_is_queryable(app, make):
    from returnsvc.cases.page import summary_page
    from returnsvc.core.db import utcnow

    case = make.case()
    make.complete_profile(case.returnee_id)
    admin = make.load_user(make.user("admin").id)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        services.change_stage(row, Stage.ASSESSED, version=row.version, actor=None)
        first = db.session.scalars(
            select(CaseTransition)
            .where(CaseTransition.case_id == case.id)
            .order_by(CaseTransition.id)
        ).all()
        first[0].occurred_at = utcnow() - timedelta(days=10)
        first[1].occurred_at = utcnow() - timedelta(days=3)
        db.session.flush()
        panels = summary_page(case.id, admin, 10).panels
        spans = next(p.data for p in panels if p.name == "stages")["spans"]
        assert [(s["stage"], s["days"]) for s in spans] == [
            (Stage.REGISTERED, 7),
            (Stage.ASSESSED, 3),
        ]


def test_stale_stage_change_shows_the_conflict_page(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    make.complete_profile(case.returnee_id)
    stale = load_case(app, case.id).version
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        services.change_stage(row, Stage.ASSESSED, version=row.version, actor=None)
        db.session.commit()
    response = client.post(
        f"/cases/{case.id}/close", data={"close_reason": "withdrew", "version": str(stale)}
    )
    assert response.status_code == 409
    assert load_case(app, case.id).stage is Stage.ASSESSED


def test_one_open_case_per_returnee(app, make):
    case = make.case()
    with app.test_request_context():
        returnee = db.session.get(Returnee, case.returnee_id)
        office = db.session.get(Case, case.id).office
        with pytest.raises(services.CaseError):
            services.open_case(returnee, office=office, counsellor=None, actor=None)
        with pytest.raises(StaleEdit):
            services.change_stage(
                db.session.get(Case, case.id), Stage.ASSESSED, version=999, actor=None
            )


def test_reassign_within_the_office_only(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    colleague = make.user("counsellor", office_id=office.id)
    stranger = make.user("counsellor")
    version = load_case(app, case.id).version
    client.post(
        f"/cases/{case.id}/assign", data={"counsellor": str(stranger.id), "version": str(version)}
    )
    assert load_case(app, case.id).counsellor_id == me.id
    client.post(
        f"/cases/{case.id}/assign", data={"counsellor": str(colleague.id), "version": str(version)}
    )
    assert load_case(app, case.id).counsellor_id == colleague.id
    assert "case.assigned" in audit_actions(app, target_id=str(case.id))


def _select(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)


def _set_stage(app, case_id: int, stage: Stage) -> None:
    with app.app_context():
        db.session.get(Case, case_id).stage = stage
        db.session.commit()


@pytest.mark.parametrize(
    ("current", "first"),
    [
        (Stage.REGISTERED, Stage.ASSESSED),
        (Stage.ASSESSED, Stage.PLAN_AGREED),
        (Stage.PLAN_AGREED, Stage.IN_SUPPORT),
        (Stage.IN_SUPPORT, Stage.FOLLOW_UP),
        (Stage.FOLLOW_UP, Stage.IN_SUPPORT),
        (Stage.REOPENED, Stage.PLAN_AGREED),
    ],
)
def test_the_stage_page_offers_the_next_step_forward_first(
    app, client, make, sign_in, current, first
):
    """From "plan agreed" the page proposes "in support", not the step back to "assessed";
    closing is not among the stages, and the page asks for no closure reason."""
    _, _, case = office_with_counsellor(make, sign_in)
    _set_stage(app, case.id, current)
    page = client.get(f"/cases/{case.id}/stage").get_data(as_text=True)
    stage = _select(page, "stage")
    values = re.findall(r'value="([^"]*)"', stage)
    assert values[0] == first.value
    assert re.findall(r'<option selected value="([^"]*)"', stage) == [first.value]
    assert "closed" not in values
    assert 'name="close_reason"' not in page and "Motivo del cierre" not in page
    assert f'href="/cases/{case.id}/close"' in page


def test_steps_back_come_after_the_steps_forward():
    assert stages.next_stages(Stage.PLAN_AGREED) == [Stage.IN_SUPPORT, Stage.ASSESSED]
    assert stages.next_stages(Stage.IN_SUPPORT) == [Stage.FOLLOW_UP, Stage.PLAN_AGREED]
    assert stages.next_stages(Stage.CLOSED) == [Stage.REOPENED]
    for stage in Stage:
        assert set(stages.next_stages(stage)) == stages.TRANSITIONS[stage] - {Stage.CLOSED}


def test_the_close_page_asks_why_and_closes(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    _set_stage(app, case.id, Stage.PLAN_AGREED)
    page = client.get(f"/cases/{case.id}/close").get_data(as_text=True)
    reason = _select(page, "close_reason")
    assert re.findall(r'<option selected value="([^"]*)"', reason) in ([], [""])
    version = load_case(app, case.id).version
    response = client.post(
        f"/cases/{case.id}/close",
        data={"close_reason": "re_migrated", "note": "Vuelve a emigrar", "version": str(version)},
    )
    assert response.status_code == 302
    closed = load_case(app, case.id)
    assert closed.stage is Stage.CLOSED and closed.close_reason is CloseReason.RE_MIGRATED
    # A closed case has no close page (it is reopened from the stage page).
    assert client.get(f"/cases/{case.id}/close").status_code == 409
    page = client.get(f"/cases/{case.id}/stage").get_data(as_text=True)
    assert re.findall(r'value="([^"]*)"', _select(page, "stage")) == ["reopened"]
    assert f'href="/cases/{case.id}/close"' not in page
