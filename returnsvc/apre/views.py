"""The APRE tab of a case: the benefit recognised, its two payments (expected and received)
and where their money went, the return deadline and the end of the commitment not to return
to Spain, with the rule they come from; the pages that write them (apre.pages) are registered
here.

Every page hangs under the case URL: the case is loaded through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed), and every payment id is looked up within that
case only. Counsellors of the owning office write; managers and administrators read.
"""

from flask import Blueprint, render_template

from returnsvc.apre import contributions, queries, services
from returnsvc.apre.pages import (
    EarmarkBusiness,
    EarmarkSavings,
    EditApre,
    RecordPayment,
    StartApre,
)
from returnsvc.cases.loaders import viewed_case
from returnsvc.cases.workspace import contribute
from returnsvc.core.clock import local_today
from returnsvc.core.pages import add_page
from returnsvc.core.permissions import Permission, require_permission

bp = Blueprint("apre", __name__, url_prefix="/cases")
contribute(bp, contributions)

_WRITE = Permission.WORK_ON_CASES


@bp.route("/<int:case_id>/apre")
@require_permission(Permission.VIEW_CASES)
def case_apre(case_id: int):
    case = viewed_case(case_id, "apre")
    return render_template(
        "apre/tab.html",
        case=case,
        is_apre=services.is_apre_case(case),
        view=queries.apre_of(case.id),
        today=local_today(),
    )


_APRE = "/<int:case_id>/apre"
_PAYMENT = f"{_APRE}/payments/<int:payment_id>"
add_page(bp, f"{_APRE}/new", StartApre, _WRITE, endpoint="start_apre")
add_page(bp, f"{_APRE}/edit", EditApre, _WRITE, endpoint="edit_apre")
add_page(bp, f"{_PAYMENT}/received", RecordPayment, _WRITE, endpoint="record_payment")
add_page(bp, f"{_PAYMENT}/savings", EarmarkSavings, _WRITE, endpoint="earmark_savings")
add_page(bp, f"{_PAYMENT}/business", EarmarkBusiness, _WRITE, endpoint="earmark_business")
