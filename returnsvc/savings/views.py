"""The Savings tab of a case: the person's savings plans with their balance, progress to the
goal, recommended monthly deposit, the months in which less than it went in, and the latest
entries; a plan's page with its whole ledger, a page at a time; the pages that open, change
and close plans and record and reverse entries (their classes in savings.pages, what they look
up in savings.lookups) are registered here.

Every page hangs under the case URL: the case is loaded through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed), and every plan or entry id is looked up
within that case only (another case's id answers 404). Counsellors of the owning office write;
managers and administrators read.
"""

from flask import Blueprint, abort, render_template
from flask_babel import format_decimal

from returnsvc.cases.loaders import viewed_case
from returnsvc.cases.workspace import contribute
from returnsvc.core.clock import local_today
from returnsvc.core.numbers import BIGINT_MAX
from returnsvc.core.pages import add_page
from returnsvc.core.paging import number_arg
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.savings import contributions, queries
from returnsvc.savings.pages import (
    ENTRY_KINDS,
    ChangePlan,
    ClosePlan,
    OpenPlan,
    RecordEntry,
    ReverseEntry,
)

bp = Blueprint("savings", __name__, url_prefix="/cases")
contribute(bp, contributions)

_WRITE = Permission.WORK_ON_CASES


def rate_text(value) -> str:
    """An exchange rate as the page's language writes it, with every decimal it has (a
    remittance's rate keeps eight)."""
    return format_decimal(value, format="#,##0.########") if value is not None else ""


@bp.route("/<int:case_id>/savings")
@require_permission(Permission.VIEW_CASES)
def case_savings(case_id: int):
    case = viewed_case(case_id, "savings")
    today = local_today()
    return render_template(
        "savings/tab.html", case=case, views=queries.plans_of(case.id, today), today=today
    )


@bp.route("/<int:case_id>/savings/<int:plan_id>")
@require_permission(Permission.VIEW_CASES)
def plan(case_id: int, plan_id: int):
    """A plan with its ledger, newest first, PER_PAGE entries a page (?start=<entry id>)."""
    case = viewed_case(case_id, "savings")
    today = local_today()
    # The plan is read within the case, with its balance (another case's id: none, 404).
    views = queries.plans_of(case.id, today, plan_id=plan_id, latest=False)
    if not views:
        abort(404)
    start = number_arg("start", maximum=BIGINT_MAX)
    return render_template(
        "savings/plan.html",
        case=case,
        view=views[0],
        today=today,
        page=queries.ledger_page(views[0].plan, start),
        rate=rate_text,
    )


# --- form pages (savings.pages) ---------------------------------------------------------------

_PLAN = "/<int:case_id>/savings/<int:plan_id>"
add_page(bp, "/<int:case_id>/savings/new", OpenPlan, _WRITE, endpoint="open_plan")
add_page(bp, f"{_PLAN}/edit", ChangePlan, _WRITE, endpoint="change_plan")
add_page(bp, f"{_PLAN}/close", ClosePlan, _WRITE, endpoint="close_plan")
add_page(
    bp,
    f"{_PLAN}/entries/new/<any({', '.join(ENTRY_KINDS)}):kind>",
    RecordEntry,
    _WRITE,
    endpoint="record_entry",
)
add_page(
    bp,
    "/<int:case_id>/savings/entries/<int:entry_id>/reverse",
    ReverseEntry,
    _WRITE,
    endpoint="reverse_entry",
)
