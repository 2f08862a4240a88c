"""Sign in, sign out, change password, set a password through a one-time link."""

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_url, login_user, logout_user

from returnsvc.auth import services
from returnsvc.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    SetPasswordForm,
    SignInForm,
    SignOutForm,
)
from returnsvc.auth.sessions import account_of, start_session
from returnsvc.auth.throttling import (
    failed_forms_throttled,
    refused_links_throttled,
    requests_throttled,
)
from returnsvc.core.enums import Role
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import SESSION_KEY as LOCALE_KEY
from returnsvc.core.i18n import in_locale
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.mail import compose, mail_configured, send_after_response
from returnsvc.core.permissions import Permission, public, require_permission
from returnsvc.core.refusals import roll_back_request
from returnsvc.core.security import public_url, safe_next

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__, url_prefix="/account")


def _begin_session(user) -> None:
    # A fresh session on every sign-in (no fixation); keep only the language choice.
    locale = session.get(LOCALE_KEY)
    session.clear()
    if locale:
        session[LOCALE_KEY] = locale
    login_user(user)
    start_session()


def ask_to_sign_in():
    """Flask-Login's unauthorized handler: its own flashes into the cookie (core.flashes)."""
    flash(_l("Please sign in to open this page."), "info")
    return redirect(login_url("auth.login", next_url=request.url))


def _sign_in_failed_message():
    # One message for a wrong password, an unknown e-mail, an inactive and a locked account:
    # which of them it was would tell a stranger that the account exists.
    cfg = current_app.config
    return _l(
        "The e-mail address or the password is not correct. After %(max)d failed attempts an "
        "account is locked for %(minutes)d minutes.",
        max=cfg["LOGIN_MAX_FAILURES"],
        minutes=int(cfg["LOGIN_LOCKOUT"].total_seconds() // 60),
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@failed_forms_throttled
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data)
        if result.ok:
            _begin_session(result.user)
            return redirect(safe_next(form.next.data, url_for("home.home")))
        form.form_errors.append(_sign_in_failed_message())
    return render_template("auth/login.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@public
def logout():
    form = SignOutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        # The person keeps reading in the language they chose.
        locale = str(get_locale())
        services.sign_out(account_of(current_user))
        logout_user()
        session.clear()
        session[LOCALE_KEY] = locale
        flash(_l("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@require_permission(Permission.CHANGE_OWN_PASSWORD)
@failed_forms_throttled
def change_password():
    user = account_of(current_user)
    form = ChangePasswordForm()
    form.account = user
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except services.WrongCurrentPassword as wrong:
            # Not rolled back: the failure counts towards the lock-out (nothing else was
            # written). A lock ends every session, this one included.
            if wrong.locked:
                logout_user()
                session.clear()
                flash(_sign_in_failed_message(), "error")
                return redirect(url_for("auth.login"))
            form.current_password.errors.append(wrong.message)
        except services.AccountError as error:
            roll_back_request()
            form.current_password.errors.append(error.message)
        else:
            _begin_session(user)  # other sessions ended with the old session version
            flash(_l("Your password has been changed. Other sessions were signed out."), "success")
            return redirect(url_for("home.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/password-link/<token>", methods=["GET", "POST"])
@public
@refused_links_throttled
def set_password(token: str):
    if len(token) > 100:
        abort(404)
    link = services.find_usable_link(token)
    if link is None:
        return render_template("auth/link_invalid.html"), 410
    form = SetPasswordForm()
    form.account = link.user
    if form.validate_on_submit():
        user = services.use_password_link(link, form.new_password.data)
        if current_user.is_authenticated:
            logout_user()
        _begin_session(user)
        flash(_l("Your password has been set. Welcome!"), "success")
        return redirect(_landing_of(user))
    return render_template(
        "auth/set_password.html", form=form, account=link.user, purpose=link.purpose
    )


def _landing_of(user) -> str:
    """Where a person lands once signed in through a link: a returnee on their portal (named,
    not imported: auth sits below it), everyone else on their home page."""
    if user.role is Role.RETURNEE and "portal.home" in current_app.view_functions:
        return url_for("portal.home")
    return url_for("home.home")


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@requests_throttled
def forgot_password():
    """A new password link by e-mail. The answer is the same page whether an account has the
    address or not, and the e-mail leaves after the answer (send_after_response), so neither
    the words nor the time taken tell who has an account. Without e-mail configured the page
    says whom to ask instead."""
    configured = mail_configured()
    form = ForgotPasswordForm()
    if configured and form.validate_on_submit():
        found = services.request_password_reset(form.email.data)
        response = make_response(
            render_template("auth/forgot_password.html", form=None, configured=True, sent=True)
        )
        if found is not None:
            message = _reset_mail(*found)
            if message is not None:
                send_after_response(response, message)
        return response
    return render_template(
        "auth/forgot_password.html",
        form=form if configured else None,
        configured=configured,
        sent=False,
    )


def _reset_mail(user, token: str):
    """The e-mail with a reset link, in the account's own language (None: it cannot be
    written, which is logged; the page answers the same)."""
    hours = int(services.link_lifetime("reset").total_seconds() // 3600)
    with in_locale(user.preferred_locale):
        service = current_app.config["SERVICE_NAME"]
        subject = _("Choose a new password for %(service)s", service=service)
        body = render_template(
            "auth/reset_mail.txt",
            user=user,
            service=service,
            link=public_url("auth.set_password", token=token),
            hours=hours,
        )
    try:
        return compose(user.email, subject, body)
    except ValueError:
        log.warning("reset mail not written for account %s: address not usable", user.id)
        return None
