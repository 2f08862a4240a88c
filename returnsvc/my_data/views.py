"""My data's own URLs: the download of the person's own record (the portal's sections cannot
stream a file), and a counsellor's answer to a correction request, shown on the case page.

The download reads the record linked to the signed-in account (returnees.returnee_of_account),
never an id from the request; the answers hang under the case URL, loaded through the scoped
loaders (404 when invisible, 403 when read-only, 409 when closed), the request looked up
within the case's person only."""

from flask import Blueprint, Response, abort, redirect, url_for
from flask_login import current_user

from returnsvc.auth.sessions import account_of
from returnsvc.cases.loaders import workable_case
from returnsvc.cases.subject import subject_json
from returnsvc.cases.workspace import contribute
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.my_data import contributions, queries, services
from returnsvc.my_data.forms import RejectCorrectionForm
from returnsvc.returnees.queries import returnee_of_account

bp = Blueprint("my_data", __name__)
contribute(bp, contributions)


@bp.route("/my/data/download")
@require_permission(Permission.FOLLOW_OWN_CASE)
def download():
    """The person's subject-access record as JSON (as the staff export writes it), over all
    their cases, read as the person may read it."""
    account = account_of(current_user)
    returnee = returnee_of_account(account)
    if returnee is None:
        abort(404)
    case_ids = queries.own_case_ids(returnee)
    data = queries.own_subject_record(returnee, account, case_ids)
    services.record_own_download(returnee, case_ids, actor=account)
    response = Response(subject_json(data), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


_CORRECTION = "/cases/<int:case_id>/contact-corrections/<int:correction_id>"


@bp.route(f"{_CORRECTION}/approve", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def approve_correction(case_id: int, correction_id: int):
    case = workable_case(case_id)
    correction = queries.correction_or_404(case, correction_id)
    try:
        services.approve_correction(case, correction, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(_l("The person's contact details are corrected."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route(f"{_CORRECTION}/reject", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def reject_correction(case_id: int, correction_id: int):
    case = workable_case(case_id)
    correction = queries.correction_or_404(case, correction_id)
    form = RejectCorrectionForm()
    if not form.validate_on_submit():
        flash(_l("The reason is too long: write at most 1,000 characters."), "error")
        return redirect(url_for("cases.detail", case_id=case.id))
    try:
        services.reject_correction(case, correction, form.reason.data, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(_l("The request is answered: the details stay as they are."), "success")
    return redirect(url_for("cases.detail", case_id=case.id))
