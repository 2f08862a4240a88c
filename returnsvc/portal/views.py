"""The portal's pages: the home (/my) and each registered portal section (/my/<key>).

Every page reads the signed-in person's own record and case (portal.access); a section's
data comes from the feature that registered it (cases.workspace.PortalSection)."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from returnsvc.auth.sessions import account_of
from returnsvc.cases.services import record_case_view
from returnsvc.cases.workspace import workspace
from returnsvc.core.flashes import flash
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.portal import queries
from returnsvc.portal.access import own_case, own_returnee

bp = Blueprint("portal", __name__, url_prefix="/my")

# A key is a short slug; anything else is no section (404 before any lookup).
_KEY_MAX = 40


def _own():
    """(account, returnee, case) of the signed-in person; returnee None when the account is
    not (or no longer) linked to a record."""
    account = account_of(current_user)
    returnee = own_returnee(account)
    case = own_case(returnee) if returnee is not None else None
    return account, returnee, case


def _loaded_sections(case, returnee, account):
    """[(section, what it loaded)] of the registered sections that have something."""
    loaded = []
    for section in workspace().portal_sections:
        data = section.load(case, returnee, account)
        if data is not None:
            loaded.append((section, data))
    return loaded


@bp.route("")
@require_permission(Permission.FOLLOW_OWN_CASE)
def home():
    account, returnee, case = _own()
    if returnee is None:
        return render_template("portal/not_linked.html")
    if case is not None:
        record_case_view(case, account, "portal")
    sections = _loaded_sections(case, returnee, account)
    return render_template(
        "portal/home.html",
        returnee=returnee,
        case=case,
        facts=queries.home_facts(case, returnee),
        sections=sections,
        menu=[section for section, _ in sections],
    )


@bp.route("/<key>", methods=["GET", "POST"])
@require_permission(Permission.FOLLOW_OWN_CASE)
def section(key: str):
    if len(key) > _KEY_MAX:
        abort(404)
    account, returnee, case = _own()
    if returnee is None:
        abort(404)
    sections = _loaded_sections(case, returnee, account)
    found = next(((s, data) for s, data in sections if s.key == key), None)
    if found is None:
        abort(404)
    section_, data = found
    if request.method == "POST":
        if section_.action is None:
            abort(405)
        try:
            message = section_.action(case, returnee, account)
        except Refusal as refusal:
            # Shown again at once with the reason, not redirected: what the person typed stays
            # in the form (as on the staff's pages), and nothing was written.
            flash_refusal(refusal)
        else:
            if message:
                flash(message, "success")
            return redirect(url_for("portal.section", key=key))
    if case is not None:
        record_case_view(case, account, f"portal:{key}")
    return render_template(
        "portal/section.html",
        section=data,
        current=section_,
        case=case,
        returnee=returnee,
        menu=[s for s, _ in sections],
    )
