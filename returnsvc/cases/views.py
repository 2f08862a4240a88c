"""Case list, case page (summary and timeline), stages, assignment, transfers, access log."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases import queries, services, stages, timeline
from returnsvc.cases.forms import (
    AcceptTransferForm,
    AssignForm,
    CaseFilterForm,
    DeclineTransferForm,
    StageForm,
    TransferForm,
)
from returnsvc.cases.loaders import CaseClosed, case_or_404, viewed_case, workable_case
from returnsvc.cases.models import CaseTransfer, TransferStatus
from returnsvc.cases.tabs import case_tabs
from returnsvc.cases.visibility import can_work_on
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.db import utcnow
from returnsvc.core.errors import render_error
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.regions import region_name
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.app_context_processor
def case_helpers():
    return {
        "case_tabs": case_tabs,
        "can_work_on": lambda case: can_work_on(case, current_user),
        "region_name": region_name,
        "stage_label_map": lambda: {stage: str(stage.label) for stage in stages.ORDER},
    }


@bp.app_errorhandler(CaseClosed)
def case_closed(error: CaseClosed):
    return render_error(
        409, _l("Reopen it before making changes."), title=_l("This case is closed")
    )


@bp.route("/")
@require_permission(Permission.VIEW_CASES)
def index():
    offices = queries.offices_for_filter(current_user)
    office_ids = {o.id for o in offices}
    counsellors = queries.counsellors_of(current_user.office_id) if current_user.office_id else []
    form = CaseFilterForm(request.args)
    form.set_choices(offices, counsellors)
    filters = form.applied()
    if filters.get("office") and int(filters["office"]) not in office_ids:
        filters.pop("office")
    page = page_number()
    cases, has_next = queries.case_list_page(current_user, filters, page)
    args = {k: v for k, v in filters.items()}
    return render_template(
        "cases/index.html",
        form=form,
        cases=cases,
        page=page,
        has_next=has_next,
        prev_url=url_for("cases.index", **args, page=page - 1) if page > 1 else None,
        next_url=url_for("cases.index", **args, page=page + 1) if has_next else None,
        incoming=queries.incoming_transfers(current_user),
    )


@bp.route("/<int:case_id>")
@require_permission(Permission.VIEW_CASES)
def detail(case_id: int):
    case = viewed_case(case_id, "summary")
    transfer = queries.pending_transfer_of(case)
    history = queries.case_history(case)
    context = {
        "case": case,
        "timeline": timeline.case_timeline(case, current_user, history),
        "stages_spent": queries.time_in_stages(history, utcnow()),
        "transfer": transfer,
    }
    if can_work_on(case, current_user):
        stage_form = StageForm(version=case.version)
        stage_form.set_choices(case.stage)
        context.update(stage_form=stage_form)
        # Assigning and transferring are offered on open cases only, transferring only when no
        # transfer is pending: their choices are not read otherwise.
        if case.is_open:
            assign_form = AssignForm(version=case.version, counsellor=str(case.counsellor_id or ""))
            assign_form.set_choices(queries.counsellors_of(case.office_id))
            context.update(assign_form=assign_form)
        if case.is_open and transfer is None:
            transfer_form = TransferForm()
            transfer_form.set_choices(_other_offices(case))
            context.update(transfer_form=transfer_form)
    if transfer is not None and _answers_transfers(transfer):
        accept_form = AcceptTransferForm()
        accept_form.set_choices(queries.counsellors_of(transfer.to_office_id))
        context.update(accept_form=accept_form, decline_form=DeclineTransferForm())
    return render_template("cases/detail.html", **context)


def _other_offices(case) -> list:
    """The transfer form's choices: rows with the id, name and country of the other offices."""
    return db.session.execute(
        select(Office.id, Office.name, Office.country)
        .where(Office.is_active, Office.id != case.office_id)
        .order_by(Office.country, Office.name)
    ).all()


def _answers_transfers(transfer: CaseTransfer) -> bool:
    return (
        current_user.role.value == "counsellor" and current_user.office_id == transfer.to_office_id
    )


@bp.route("/<int:case_id>/stage", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def change_stage(case_id: int):
    case = workable_case(case_id, allow_closed=True)
    form = StageForm()
    form.set_choices(case.stage)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("cases.detail", case_id=case.id))
    try:
        services.change_stage(
            case,
            form.stage.data,
            version=form.version.data,
            actor=current_user,
            close_reason=form.close_reason.data or None,
            note=form.note.data or "",
        )
    except StaleEdit:
        return conflict_response(form, case, back_url=url_for("cases.detail", case_id=case.id))
    except services.CaseError as error:
        flash(error.message, "error")
    else:
        flash(_l("Stage changed to “%(stage)s”.", stage=case.stage.label), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/assign", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def assign(case_id: int):
    case = workable_case(case_id)
    form = AssignForm()
    form.set_choices(queries.counsellors_of(case.office_id))
    if form.validate_on_submit():
        counsellor = (
            db.session.get(User, int(form.counsellor.data)) if form.counsellor.data else None
        )
        try:
            services.assign_counsellor(
                case, counsellor, version=form.version.data, actor=current_user
            )
        except StaleEdit:
            return conflict_response(form, case, back_url=url_for("cases.detail", case_id=case.id))
        except services.CaseError as error:
            flash(error.message, "error")
        else:
            flash(_l("Counsellor assigned."), "success")
    else:
        flash(_l("Choose a counsellor of this office."), "error")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/transfer", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def request_transfer(case_id: int):
    case = workable_case(case_id)
    form = TransferForm()
    form.set_choices(_other_offices(case))
    if form.validate_on_submit():
        office = db.session.get(Office, int(form.to_office.data))
        try:
            services.request_transfer(case, office, reason=form.reason.data, actor=current_user)
        except services.CaseError as error:
            flash(error.message, "error")
        else:
            flash(
                _l(
                    "Transfer requested. The case stays with your office until %(office)s "
                    "accepts it.",
                    office=office.name,
                ),
                "success",
            )
    else:
        flash(_l("Choose the receiving office and say why."), "error")
    return redirect(url_for("cases.detail", case_id=case.id))


def _transfer_or_404(case_id: int, transfer_id: int) -> CaseTransfer:
    case = case_or_404(case_id)
    transfer = db.session.get(CaseTransfer, transfer_id)
    if transfer is None or transfer.case_id != case.id:
        abort(404)
    return transfer


@bp.route("/<int:case_id>/transfer/<int:transfer_id>/accept", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def accept_transfer(case_id: int, transfer_id: int):
    transfer = _transfer_or_404(case_id, transfer_id)
    form = AcceptTransferForm()
    form.set_choices(queries.counsellors_of(transfer.to_office_id))
    if not form.validate_on_submit():
        abort(400)
    counsellor = db.session.get(User, int(form.counsellor.data)) if form.counsellor.data else None
    try:
        services.accept_transfer(transfer, counsellor=counsellor, actor=current_user)
    except services.CaseError as error:
        flash(error.message, "error")
    else:
        flash(_l("The case now belongs to your office."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.route("/<int:case_id>/transfer/<int:transfer_id>/decline", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def decline_transfer(case_id: int, transfer_id: int):
    transfer = _transfer_or_404(case_id, transfer_id)
    form = DeclineTransferForm()
    if not form.validate_on_submit():
        flash(_l("Say why the transfer is declined."), "error")
        return redirect(url_for("cases.detail", case_id=case_id))
    try:
        services.decline_transfer(transfer, reason=form.decline_reason.data, actor=current_user)
    except services.CaseError as error:
        flash(error.message, "error")
        return redirect(url_for("cases.detail", case_id=case_id))
    flash(_l("Transfer declined; the case stays with the sending office."), "success")
    return redirect(url_for("cases.index"))


@bp.route("/<int:case_id>/transfer/<int:transfer_id>/cancel", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def cancel_transfer(case_id: int, transfer_id: int):
    workable_case(case_id)
    transfer = _transfer_or_404(case_id, transfer_id)
    try:
        services.cancel_transfer(transfer, actor=current_user)
    except services.CaseError as error:
        flash(error.message, "error")
    else:
        flash(_l("Transfer request withdrawn."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.route("/<int:case_id>/access-log")
@require_permission(Permission.VIEW_CASE_ACCESS_LOG)
def access_log(case_id: int):
    case = viewed_case(case_id, "access_log")
    before = request.args.get("before", "")
    before_id = int(before) if before.isdigit() and len(before) < 19 else None
    entries, next_before = queries.access_log_page(case, before_id)
    return render_template(
        "cases/access_log.html", case=case, entries=entries, next_before=next_before
    )


# Stage names for templates (the transition table's order).
bp.add_app_template_global(stages.ORDER, "STAGE_ORDER")
bp.add_app_template_global(TransferStatus, "TransferStatus")
bp.add_app_template_global(ConsentKind, "ConsentKind")
