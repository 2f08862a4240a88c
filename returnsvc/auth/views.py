"""Sign in, sign out, change password, set a password through a one-time link."""

import math

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_login import current_user, login_user, logout_user

from returnsvc.auth import services
from returnsvc.auth.forms import ChangePasswordForm, SetPasswordForm, SignInForm, SignOutForm
from returnsvc.auth.sessions import account_of, start_session
from returnsvc.core.db import utcnow
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import SESSION_KEY as LOCALE_KEY
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.permissions import Permission, public, require_permission
from returnsvc.core.refusals import roll_back_request
from returnsvc.core.security import safe_next

bp = Blueprint("auth", __name__, url_prefix="/account")


def _begin_session(user) -> None:
    # A fresh session on every sign-in (no fixation); keep only the language choice.
    locale = session.get(LOCALE_KEY)
    session.clear()
    if locale:
        session[LOCALE_KEY] = locale
    login_user(user)
    start_session()


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data)
        if result.ok:
            _begin_session(result.user)
            return redirect(safe_next(form.next.data, url_for("home.home")))
        if result.locked_until is not None:
            # Minutes rather than a clock time: the reader may be in Quito, Lima or Madrid.
            minutes = math.ceil((result.locked_until - utcnow()).total_seconds() / 60)
            form.form_errors.append(
                ngettext(
                    "Too many failed attempts. This account is locked; try again in "
                    "%(num)d minute.",
                    "Too many failed attempts. This account is locked; try again in "
                    "%(num)d minutes.",
                    max(minutes, 1),
                )
            )
        else:
            form.form_errors.append(_l("The e-mail address or the password is not correct."))
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
def change_password():
    user = account_of(current_user)
    form = ChangePasswordForm()
    form.account = user
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
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
        return redirect(url_for("home.home"))
    return render_template("auth/set_password.html", form=form, account=link.user)
