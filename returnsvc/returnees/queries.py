"""Reads on returnees: scoped lookups and the subject-access record."""

from flask import abort
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseTransfer, CaseTransition
from returnsvc.cases.visibility import can_read_confidential, visible_cases_clause
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.extensions import db
from returnsvc.partners.models import Referral
from returnsvc.plans.models import PlanGoal
from returnsvc.returnees.models import ConsentKind, Returnee
from returnsvc.skills.subject_data import profile_record


def returnee_or_404(returnee_id: int, user) -> Returnee:
    """A returnee the user may see: one with at least one case the user may see."""
    visible = select(Case.returnee_id).where(visible_cases_clause(user))
    returnee = db.session.scalar(
        select(Returnee).where(Returnee.id == returnee_id, Returnee.id.in_(visible))
    )
    if returnee is None:
        abort(404)
    return returnee


def cases_of(returnee: Returnee, user) -> list[Case]:
    return db.session.scalars(
        select(Case)
        .where(Case.returnee_id == returnee.id, visible_cases_clause(user))
        .order_by(Case.opened_at.desc())
    ).all()


def visible_case_ids(returnee_ids: list[int], user) -> dict[int, int]:
    """returnee id -> their newest case the user may see (one query for the whole list)."""
    if not returnee_ids:
        return {}
    rows = db.session.execute(
        select(Case.returnee_id, Case.id)
        .where(Case.returnee_id.in_(returnee_ids), visible_cases_clause(user))
        .order_by(Case.opened_at)
    ).all()
    return dict(rows)  # later (newer) rows win


def consent_recorders(returnee: Returnee) -> dict[str, str]:
    ids = {getattr(returnee, f"consent_{k.value}_by_id") for k in ConsentKind} - {None}
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    return {
        k.value: names.get(getattr(returnee, f"consent_{k.value}_by_id"), "") for k in ConsentKind
    }


def _iso(value):
    return value.isoformat() if value is not None else None


def _code(value):
    return getattr(value, "value", value)


def subject_record(returnee: Returnee, user) -> dict:
    """Everything held about the person, as plain data (the subject-access export).

    Confidential notes are included only for users who may read them; otherwise the export
    says how many were left out, so the owning office can complete the request.
    """
    migration = returnee.migration
    record = {
        "person": {
            "id": returnee.id,
            "given_names": returnee.given_names,
            "first_surname": returnee.first_surname,
            "second_surname": returnee.second_surname,
            "sex": _code(returnee.sex),
            "birth_date": _iso(returnee.birth_date),
            "nationality": returnee.nationality,
            "document": {
                "type": _code(returnee.document_type),
                "number": returnee.document_number,
                "issuing_country": returnee.document_country,
            },
            "phone": returnee.phone,
            "email": returnee.email,
            "origin_country": returnee.origin_country,
            "region_code": returnee.region_code,
            "city": returnee.city,
            "address": returnee.address,
            "household_size": returnee.household_size,
            "dependants": returnee.dependants,
            "education_level": _code(returnee.education_level),
            "languages": list(returnee.languages or []),
            "registered_at": _iso(returnee.created_at),
            "anonymised_at": _iso(returnee.anonymised_at),
        },
        "consents": {
            k.value: _iso(getattr(returnee, f"consent_{k.value}_at")) for k in ConsentKind
        },
        "migration_history": None
        if migration is None
        else {
            "host_country": migration.host_country,
            "departure_year": migration.departure_year,
            "years_abroad": migration.years_abroad,
            "planned_return_date": _iso(migration.planned_return_date),
            "actual_return_date": _iso(migration.actual_return_date),
            "return_programme": _code(migration.return_programme),
            "last_occupation_abroad": migration.last_occupation_abroad,
            "last_sector_abroad": migration.last_sector_abroad,
        },
        "skills_profile": profile_record(returnee.id),
        "cases": [],
    }
    for case in cases_of(returnee, user):
        record["cases"].append(_case_record(case, user))
    return record


def _case_record(case: Case, user) -> dict:
    with_confidential = can_read_confidential(case, user)
    notes = db.session.scalars(
        select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.occurred_at)
    ).all()
    shown = [n for n in notes if with_confidential or not n.is_confidential]
    goals = db.session.scalars(select(PlanGoal).where(PlanGoal.case_id == case.id)).all()
    return {
        "reference": case.reference,
        "office": case.office.name,
        "stage": _code(case.stage),
        "opened_at": _iso(case.opened_at),
        "closed_at": _iso(case.closed_at),
        "close_reason": _code(case.close_reason),
        "stage_history": [
            {"from": _code(t.from_stage), "to": _code(t.to_stage), "at": _iso(t.occurred_at)}
            for t in db.session.scalars(
                select(CaseTransition)
                .where(CaseTransition.case_id == case.id)
                .order_by(CaseTransition.occurred_at)
            )
        ],
        "transfers": [
            {
                "to_office": t.to_office.name,
                "status": _code(t.status),
                "requested_at": _iso(t.requested_at),
            }
            for t in db.session.scalars(select(CaseTransfer).where(CaseTransfer.case_id == case.id))
        ],
        "notes": [
            {
                "kind": _code(n.kind),
                "at": _iso(n.occurred_at),
                "text": n.body,
                "confidential": n.is_confidential,
            }
            for n in shown
        ],
        "confidential_notes_not_included": len(notes) - len(shown),
        "appointments": [
            {
                "at": _iso(a.starts_at),
                "location": a.location,
                "purpose": a.purpose,
                "attended": a.attended,
            }
            for a in db.session.scalars(
                select(Appointment)
                .where(Appointment.case_id == case.id)
                .order_by(Appointment.starts_at)
            )
        ],
        "tasks": [
            {"title": t.title, "due": _iso(t.due_date), "done_at": _iso(t.done_at)}
            for t in db.session.scalars(select(Task).where(Task.case_id == case.id))
        ],
        "plan": [
            {
                "dimension": _code(g.dimension),
                "goal": g.title,
                "status": _code(g.status),
                "actions": [
                    {
                        "title": a.title,
                        "responsible": a.responsible,
                        "due": _iso(a.due_date),
                        "status": _code(a.status),
                    }
                    for a in g.actions
                ],
            }
            for g in goals
        ],
        "referrals": [
            {
                "partner": r.partner.name,
                "purpose": r.purpose,
                "status": _code(r.status),
                "sent_at": _iso(r.sent_at),
            }
            for r in db.session.scalars(select(Referral).where(Referral.case_id == case.id))
        ],
    }
