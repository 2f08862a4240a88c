"""Case list, the case page (summary panels and timeline), stages, assignment, transfers and the
access log. The tabs, panels and timeline events of the case features come from the workspace
registry (cases.workspace): this module names no feature."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases import contributions, listing, queries, services, stages, transfers
from returnsvc.cases.forms import (
    AcceptTransferForm,
    AssignForm,
    CaseFilterForm,
    CloseForm,
    DeclineTransferForm,
    StageForm,
    TransferForm,
)
from returnsvc.cases.loaders import (
    CaseClosed,
    CaseMoved,
    case_or_404,
    viewed_case,
    workable_case,
)
from returnsvc.cases.models import Case, CaseTransfer, CloseReason, Stage, TransferStatus
from returnsvc.cases.page import summary_page
from returnsvc.cases.tabs import case_tabs
from returnsvc.cases.timeline import Cursor, case_timeline
from returnsvc.cases.visibility import can_work_on
from returnsvc.cases.workspace import contribute
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.errors import render_error
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.numbers import BIGINT_MAX
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.paging import number_arg, page_number
from returnsvc.core.permissions import Permission, has_permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.core.regions import region_name
from returnsvc.core.templating import locale_code
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind

bp = Blueprint("cases", __name__, url_prefix="/cases")
SUMMARY_EVENTS = 10  # the summary shows the latest events; the timeline page pages the rest
contribute(bp, contributions)


@bp.app_context_processor
def case_helpers():
    return {
        "case_tabs": case_tabs,
        "can_work_on": lambda case: can_work_on(case, current_user._get_current_object()),
        "region_name": region_name,
    }


@bp.app_errorhandler(CaseClosed)
def case_closed(error: CaseClosed):
    return render_error(
        409, _l("Reopen it before making changes."), title=_l("This case is closed")
    )


@bp.app_errorhandler(CaseMoved)
def case_moved(error: CaseMoved):
    """Where a case handed over by the user's office went, and when; nothing it holds now.
    A page to read (200) when asked for one; a write to it is refused (409)."""
    transfer = error.transfer
    reference = db.session.scalar(select(Case.reference).where(Case.id == transfer.case_id))
    page = render_template(
        "cases/moved.html",
        reference=reference,
        office=transfer.to_office,
        decided_at=transfer.decided_at,
    )
    return page, 200 if request.method in ("GET", "HEAD") else 409


@bp.route("/")
@require_permission(Permission.VIEW_CASES)
def index():
    user = current_user._get_current_object()
    offices = listing.offices_for_filter(user)
    counsellors = queries.counsellors_of(user.office_id) if user.office_id else []
    form = CaseFilterForm(request.args)
    form.set_choices(offices, counsellors)
    filters = form.applied()
    if filters.get("office") and int(filters["office"]) not in {o.id for o in offices}:
        filters.pop("office")
    page = page_number()
    rows, has_next = listing.case_list_page(user, filters, page)
    return render_template(
        "cases/index.html",
        form=form,
        cases=listing.case_lines(rows, locale_code()),
        page=page,
        has_next=has_next,
        prev_url=url_for("cases.index", **filters, page=page - 1) if page > 1 else None,
        next_url=url_for("cases.index", **filters, page=page + 1) if has_next else None,
        incoming=listing.incoming_transfers(user),
    )


@bp.route("/<int:case_id>")
@require_permission(Permission.VIEW_CASES)
def detail(case_id: int):
    """The summary tab: the case, every registered panel and the latest events of the
    timeline, read in one statement (cases.page)."""
    user = current_user._get_current_object()
    page = summary_page(case_id, user, SUMMARY_EVENTS)
    case = page.case
    transfer = next(p.data for p in page.panels if p.name == "stages")["transfer"]
    context = {
        "case": case,
        "panels": page.panels,
        "events": page.events,
        "older": page.older,
        "transfer": transfer,
        "can_work": can_work_on(case, user),
    }
    if transfer is not None and _answers_transfer(transfer["to_office_id"]):
        accept_form = AcceptTransferForm()
        accept_form.set_choices(queries.counsellors_of(transfer["to_office_id"]))
        context.update(accept_form=accept_form, decline_form=DeclineTransferForm())
    return render_template("cases/detail.html", **context)


@bp.route("/<int:case_id>/assignment")
@require_permission(Permission.WORK_ON_CASES)
def assignment(case_id: int):
    """Assign the case within the office, or ask another office to take it over (one
    statement gives the counsellors and offices to choose from)."""
    case = workable_case(case_id)
    services.record_case_view(case, current_user, "assignment")
    counsellors, offices, transfer_pending = queries.assignment_choices(case)
    assign_form = AssignForm(version=case.version, counsellor=str(case.counsellor_id or ""))
    assign_form.set_choices(counsellors)
    transfer_form = None
    if not transfer_pending:
        transfer_form = TransferForm()
        transfer_form.set_choices(offices)
    return render_template(
        "cases/assignment.html",
        case=case,
        assign_form=assign_form,
        transfer_form=transfer_form,
    )


@bp.route("/<int:case_id>/timeline")
@require_permission(Permission.VIEW_CASES)
def timeline(case_id: int):
    """Older events: the timeline page after the cursor of a "show older" link."""
    case = viewed_case(case_id, "timeline")
    before = Cursor.parse(request.args.get("before"))
    events, older = case_timeline(case, current_user, before)
    return render_template(
        "cases/timeline.html", case=case, events=events, older=older, is_first=before is None
    )


def _answers_transfer(to_office_id: int) -> bool:
    """Counsellors of the receiving office answer a transfer."""
    return (
        has_permission(current_user, Permission.WORK_ON_CASES)
        and current_user.office_id == to_office_id
    )


def _other_offices(case) -> list:
    """The transfer form's choices: the other active offices."""
    rows = db.session.execute(
        select(Office.id, Office.name, Office.country)
        .where(Office.is_active, Office.id != case.office_id)
        .order_by(Office.country, Office.name)
    )
    return [queries.OfficeChoice(*row) for row in rows]


def _back(case) -> str:
    return url_for("cases.detail", case_id=case.id)


class ChangeStage(FormPage):
    """Move the case along the transition table, the next step first (closed cases only to
    reopen); closing is CloseCase's page."""

    template = "cases/stage.html"

    def load(self, case_id):
        case = workable_case(case_id, allow_closed=True)
        services.record_case_view(case, current_user, "stage")
        return {"case": case, "item": case, "can_close": stages.can_close(case.stage)}

    def make_form(self, context):
        case = context["case"]
        form = StageForm(version=case.version) if request.method == "GET" else StageForm()
        form.set_choices(case.stage)
        if request.method == "GET" and form.stage.choices:
            form.stage.data = form.stage.choices[0].value  # the next step forward
        return form

    def save(self, form, context):
        return services.change_stage(
            context["case"],
            form.stage.data,
            version=form.version.data,
            actor=current_user,
            note=form.note.data or "",
        )

    def message(self, result, context):
        return message_with(_("Stage changed to “%(stage)s”."), stage=context["case"].stage.label)

    def done_url(self, result, context):
        return _back(context["case"])


add_page(bp, "/<int:case_id>/stage", ChangeStage, Permission.WORK_ON_CASES, "change_stage")


class CloseCase(FormPage):
    """Close an open case, saying why."""

    template = "cases/close.html"

    def load(self, case_id):
        case = workable_case(case_id)
        services.record_case_view(case, current_user, "close")
        return {"case": case, "item": case}

    def make_form(self, context):
        case = context["case"]
        form = CloseForm(version=case.version) if request.method == "GET" else CloseForm()
        form.set_choices()
        return form

    def save(self, form, context):
        return services.change_stage(
            context["case"],
            Stage.CLOSED,
            version=form.version.data,
            actor=current_user,
            close_reason=CloseReason(form.close_reason.data),
            note=form.note.data or "",
        )

    def message(self, result, context):
        return _l("The case is closed.")

    def done_url(self, result, context):
        return _back(context["case"])


add_page(bp, "/<int:case_id>/close", CloseCase, Permission.WORK_ON_CASES, "close_case")


@bp.route("/<int:case_id>/assign", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def assign(case_id: int):
    case = workable_case(case_id)
    form = AssignForm()
    form.set_choices(queries.counsellors_of(case.office_id))
    if not form.validate_on_submit():
        flash(_l("Choose a counsellor of this office."), "error")
        return redirect(_back(case))
    counsellor = db.session.get(User, int(form.counsellor.data)) if form.counsellor.data else None
    try:
        services.assign_counsellor(case, counsellor, version=form.version.data, actor=current_user)
    except StaleEdit:
        return conflict_response(form, case, back_url=_back(case))
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(_l("Counsellor assigned."), "success")
    return redirect(_back(case))


@bp.route("/<int:case_id>/transfer", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def request_transfer(case_id: int):
    case = workable_case(case_id)
    form = TransferForm()
    form.set_choices(_other_offices(case))
    if not form.validate_on_submit():
        flash(_l("Choose the receiving office and say why."), "error")
        return redirect(_back(case))
    office = db.session.get(Office, int(form.to_office.data))
    try:
        transfers.request_transfer(case, office, reason=form.reason.data, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        message = _(
            "Transfer requested. The case stays with your office until %(office)s accepts it."
        )
        flash(message_with(message, office=office.name), "success")
    return redirect(_back(case))


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
        transfers.accept_transfer(transfer, counsellor=counsellor, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
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
        transfers.decline_transfer(transfer, reason=form.decline_reason.data, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
        return redirect(url_for("cases.detail", case_id=case_id))
    flash(_l("Transfer declined; the case stays with the sending office."), "success")
    return redirect(url_for("cases.index"))


@bp.route("/<int:case_id>/transfer/<int:transfer_id>/cancel", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def cancel_transfer(case_id: int, transfer_id: int):
    workable_case(case_id)
    transfer = _transfer_or_404(case_id, transfer_id)
    try:
        transfers.cancel_transfer(transfer, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(_l("Transfer request withdrawn."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.route("/<int:case_id>/access-log")
@require_permission(Permission.VIEW_CASE_ACCESS_LOG)
def access_log(case_id: int):
    case = viewed_case(case_id, "access_log")
    entries, next_before = queries.access_log_page(
        case, number_arg("before", maximum=BIGINT_MAX)
    )
    return render_template(
        "cases/access_log.html", case=case, entries=entries, next_before=next_before
    )


# Names for templates (the transition table's order).
bp.add_app_template_global(stages.ORDER, "STAGE_ORDER")
bp.add_app_template_global(TransferStatus, "TransferStatus")
bp.add_app_template_global(ConsentKind, "ConsentKind")
