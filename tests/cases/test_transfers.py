import pytest
from sqlalchemy import select

from returnsvc.cases import transfers
from returnsvc.cases.models import Case, CaseTransfer, CloseReason, Stage, TransferStatus
from returnsvc.cases.services import CaseError
from returnsvc.extensions import db
from tests.cases.helpers import load_case, office_with_counsellor, other_client
from tests.helpers import audit_actions


def _pending(app, case_id):
    with app.app_context():
        return db.session.scalar(
            select(CaseTransfer).where(
                CaseTransfer.case_id == case_id, CaseTransfer.status == TransferStatus.PENDING
            )
        )


def test_transfer_madrid_to_quito_accepted(app, client, make, sign_in):
    madrid, _, case = office_with_counsellor(make, sign_in, city="Madrid")
    quito = make.office("EC", city="Quito")
    receiver = make.user("counsellor", office_id=quito.id)
    response = client.post(
        f"/cases/{case.id}/transfer", data={"to_office": str(quito.id), "reason": "Vuelve a Quito"}
    )
    assert response.status_code == 302
    transfer = _pending(app, case.id)
    assert transfer is not None
    # Until accepted, Madrid keeps the case and Quito only reads it.
    assert load_case(app, case.id).office_id == madrid.id
    quito_client = other_client(app, receiver)
    assert quito_client.get(f"/cases/{case.id}").status_code == 200
    assert case.reference in quito_client.get("/cases/").get_data(as_text=True)
    assert quito_client.post(f"/cases/{case.id}/assign", data={}).status_code == 403
    # Quito accepts and assigns its counsellor.
    response = quito_client.post(
        f"/cases/{case.id}/transfer/{transfer.id}/accept", data={"counsellor": str(receiver.id)}
    )
    assert response.status_code == 302
    moved = load_case(app, case.id)
    assert moved.office_id == quito.id and moved.counsellor_id == receiver.id
    # Madrid no longer sees it: it learns where it went, not what it holds.
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200
    assert quito.name in page.get_data(as_text=True)  # (the words are the lead's to translate)
    assert case.reference not in client.get("/cases/").get_data(as_text=True)
    assert "case.transfer_accepted" in audit_actions(app, target_id=str(case.id))


def test_transfer_declined_needs_a_reason_and_case_stays(app, client, make, sign_in):
    madrid, _, case = office_with_counsellor(make, sign_in)
    lima = make.office("PE", city="Lima")
    receiver = make.user("counsellor", office_id=lima.id)
    client.post(f"/cases/{case.id}/transfer", data={"to_office": str(lima.id), "reason": "x"})
    transfer = _pending(app, case.id)
    lima_client = other_client(app, receiver)
    lima_client.post(
        f"/cases/{case.id}/transfer/{transfer.id}/decline", data={"decline_reason": ""}
    )
    assert _pending(app, case.id) is not None
    lima_client.post(
        f"/cases/{case.id}/transfer/{transfer.id}/decline",
        data={"decline_reason": "No atendemos esa provincia"},
    )
    assert _pending(app, case.id) is None
    assert load_case(app, case.id).office_id == madrid.id
    assert lima_client.get(f"/cases/{case.id}").status_code == 404


def test_only_the_receiving_office_answers_and_sender_may_cancel(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    quito = make.office("EC", city="Quito")
    client.post(f"/cases/{case.id}/transfer", data={"to_office": str(quito.id), "reason": "x"})
    transfer = _pending(app, case.id)
    # The sending counsellor cannot accept their own request.
    client.post(f"/cases/{case.id}/transfer/{transfer.id}/accept", data={"counsellor": ""})
    assert _pending(app, case.id) is not None
    # A second request while one is pending is refused.
    client.post(f"/cases/{case.id}/transfer", data={"to_office": str(quito.id), "reason": "y"})
    with app.app_context():
        assert len(db.session.scalars(select(CaseTransfer)).all()) == 1
    client.post(f"/cases/{case.id}/transfer/{transfer.id}/cancel")
    assert _pending(app, case.id) is None


def test_transfer_ids_are_scoped_to_the_case(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    other_case = make.case(office_id=office.id, counsellor_id=me.id)
    quito = make.office("EC")
    client.post(
        f"/cases/{other_case.id}/transfer", data={"to_office": str(quito.id), "reason": "x"}
    )
    transfer = _pending(app, other_case.id)
    assert client.post(f"/cases/{case.id}/transfer/{transfer.id}/cancel").status_code == 404


def test_closing_a_case_cancels_its_pending_transfer_on_the_timeline(app, client, make, sign_in):
    madrid, _, case = office_with_counsellor(make, sign_in, city="Madrid")
    quito = make.office("EC", city="Quito", name="Oficina Quito")
    receiver = make.user("counsellor", office_id=quito.id)
    client.post(f"/cases/{case.id}/transfer", data={"to_office": str(quito.id), "reason": "x"})
    transfer = _pending(app, case.id)
    response = client.post(
        f"/cases/{case.id}/close",
        data={
            "close_reason": "withdrew",
            "version": str(load_case(app, case.id).version),
        },
    )
    assert response.status_code == 302
    assert _pending(app, case.id) is None
    with app.app_context():
        cancelled = db.session.get(CaseTransfer, transfer.id)
        assert cancelled.status is TransferStatus.CANCELLED
        assert cancelled.decided_at is not None
    assert "case.transfer_cancelled" in audit_actions(app, target_id=str(case.id))
    body = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Traslado a Oficina Quito cancelado" in body
    # Quito can no longer see the case, let alone accept it.
    quito_client = other_client(app, receiver)
    response = quito_client.post(
        f"/cases/{case.id}/transfer/{transfer.id}/accept", data={"counsellor": ""}
    )
    assert response.status_code == 404
    assert load_case(app, case.id).office_id == madrid.id


def test_a_pending_transfer_of_a_closed_case_cannot_be_accepted(app, make):
    """A transfer left pending on a closed case (closed before closing cancelled transfers)
    is refused with a clear message, and nothing is written."""
    madrid = make.office("ES", city="Madrid")
    quito = make.office("EC", city="Quito")
    receiver = make.user("counsellor", office_id=quito.id)
    case = make.case(office_id=madrid.id)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        transfer = CaseTransfer(
            case_id=row.id, from_office_id=madrid.id, to_office_id=quito.id, reason="x"
        )
        db.session.add(transfer)
        row.stage, row.closed_at, row.close_reason = Stage.CLOSED, row.opened_at, CloseReason.OTHER
        db.session.flush()
        with pytest.raises(CaseError) as refused:
            transfers.accept_transfer(transfer, counsellor=None, actor=make.load_user(receiver.id))
        assert "closed" in str(refused.value.message) or "cerrado" in str(refused.value.message)
        assert transfer.status is TransferStatus.PENDING and transfer.decided_at is None
        assert row.office_id == madrid.id
        db.session.rollback()
