"""The Portal access tab of a case: the state of the person's access, and the invitation and
revocation forms (counsellors: GIVE_PORTAL_ACCESS; the case through the scoped loaders, so
only cases of their office: 404 for others, 403 read-only for a case being transferred to
them, 409 for a closed case when inviting).

An invitation answers its POST directly with the link and its QR code, never through a
redirect: the raw token is in that one response (Cache-Control: no-store) and nowhere else.
"""

import io

import segno
from flask import Blueprint, abort, make_response, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.visibility import can_work_on
from returnsvc.cases.workspace import contribute
from returnsvc.core.flashes import flash
from returnsvc.core.forms import show_refusal
from returnsvc.core.i18n import in_locale, message_with
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.mail import mail_configured
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.core.request_cycle import commit_before_outside_effect
from returnsvc.invitations import contributions, queries, services
from returnsvc.invitations.forms import InviteForm, RevokeForm

bp = Blueprint("invitations", __name__, url_prefix="/cases")
contribute(bp, contributions)

_GIVE = Permission.GIVE_PORTAL_ACCESS


@bp.route("/<int:case_id>/portal-access")
@require_permission(_GIVE)
def portal_access(case_id: int):
    case = viewed_case(case_id, "portal_access")
    access = queries.portal_access(case.returnee)
    form = InviteForm()
    if access.account is not None:
        form.email.data = access.account.email
        form.preferred_locale.data = access.account.preferred_locale
    else:
        form.email.data = case.returnee.email
    return _tab(case, access, form)


def _tab(case, access, form):
    return render_template(
        "invitations/tab.html",
        case=case,
        access=access,
        form=form,
        revoke_form=RevokeForm(),
        writable=can_work_on(case, current_user),
        mail_configured=mail_configured(),
    )


@bp.route("/<int:case_id>/portal-access/invite", methods=["POST"])
@require_permission(_GIVE)
def invite(case_id: int):
    case = workable_case(case_id)
    form = InviteForm()
    if form.validate_on_submit():
        data = {"email": form.email.data, "preferred_locale": form.preferred_locale.data}
        try:
            invitation = services.invite_to_portal(case, data, actor=current_user)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            return _handed_over(case, invitation)
    return _tab(case, queries.portal_access(case.returnee), form)


def _handed_over(case, invitation):
    """The one page that shows the link: a sheet for the person in their language (the link,
    its QR code, until when it works, how to sign in afterwards) to print or send."""
    mailed = None
    if mail_configured():
        # The invitation is committed before its link leaves in an e-mail.
        commit_before_outside_effect()
        mailed = services.mail_invitation(invitation, case, actor=current_user)
        if mailed:
            flash(
                message_with(
                    _l("The invitation was e-mailed to %(email)s."), email=invitation.account.email
                ),
                "success",
            )
        else:
            flash(
                _l(
                    "The invitation could not be e-mailed. Give the person the link or the "
                    "QR code below instead."
                ),
                "warning",
            )
    link = invitation.link
    with in_locale(invitation.locale):
        sheet = render_template(
            "invitations/_sheet.html",
            invitation=invitation,
            link=link,
            qr=qr_svg(link),
        )
    response = make_response(
        render_template(
            "invitations/link.html",
            case=case,
            invitation=invitation,
            link=link,
            # Rendered from our template with its values escaped, in the person's language.
            sheet=Markup(sheet),
            mailed=mailed,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


@bp.route("/<int:case_id>/portal-access/revoke", methods=["POST"])
@require_permission(_GIVE)
def revoke(case_id: int):
    # A closed case may still have a person who signs in: revoking needs no open case.
    case = workable_case(case_id, allow_closed=True)
    if not RevokeForm().validate_on_submit():
        abort(400)
    try:
        services.revoke_portal_access(case, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(
            _l(
                "Portal access revoked: the person has been signed out and can no longer sign "
                "in. A new invitation gives it back."
            ),
            "success",
        )
    return redirect(url_for("invitations.portal_access", case_id=case.id))


def qr_svg(text: str) -> Markup:
    """`text` as a QR code drawn as inline SVG (segno; error correction M, which survives a
    creased printout), one unit per module with the quiet zone, sized by CSS. No script,
    no image request, nothing the CSP would refuse."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,
    )
    # segno's own markup around our link, whose characters it escapes (&amp;); no user text.
    return Markup(out.getvalue().decode("ascii"))
