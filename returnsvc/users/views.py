"""Administrators manage accounts: list, create, edit role and office, deactivate, reset."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from returnsvc.auth import services
from returnsvc.auth.models import User
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import roll_back_request
from returnsvc.extensions import db
from returnsvc.users import queries
from returnsvc.users.forms import ConfirmForm, EditUserForm, NewUserForm, UserFilterForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.route("/")
@require_permission(Permission.MANAGE_USERS)
def index():
    filters = UserFilterForm(request.args)
    if not filters.validate():
        filters = UserFilterForm()
    page = page_number()
    users, has_next = queries.list_users(
        q=filters.q.data or "",
        role=filters.role.data or "",
        status=filters.status.data or "",
        page=page,
    )
    return render_template(
        "users/index.html", users=users, filters=filters, page=page, has_next=has_next
    )


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_USERS)
def create():
    form = NewUserForm()
    form.set_office_choices(queries.active_offices())
    if form.validate_on_submit():
        try:
            user = services.create_user(
                {
                    "email": form.email.data,
                    "full_name": form.full_name.data,
                    "role": form.role.data,
                    "office_id": form.office_id.data,
                    "preferred_locale": form.preferred_locale.data,
                },
                actor=current_user,
            )
        except services.AccountError as error:
            roll_back_request()
            form.email.errors.append(error.message)
        else:
            token = services.issue_password_link(user, purpose="setup", actor=current_user)
            flash(_l("Account created. Give the person this one-time link."), "success")
            return render_template("users/link.html", user=user, token=token, purpose="setup")
    return render_template("users/form.html", form=form, user=None)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_USERS)
def edit(user_id: int):
    user = user_or_404(user_id)
    form = EditUserForm(obj=user)
    form.set_office_choices(queries.active_offices())
    if request.method == "GET":
        form.role.data = user.role.value
        form.version.data = user.version
    if form.validate_on_submit():
        data = {
            "full_name": form.full_name.data.strip(),
            "role": form.role.data,
            "office_id": form.office_id.data,
            "preferred_locale": form.preferred_locale.data,
            "is_active": form.is_active.data,
        }
        try:
            changes = services.update_user(
                user, data, version=form.version.data, actor=current_user
            )
        except StaleEdit:
            return conflict_response(form, user, back_url=url_for("users.edit", user_id=user.id))
        except services.AccountError as error:
            roll_back_request()
            form.form_errors.append(error.message)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(url_for("users.edit", user_id=user.id))
    return render_template("users/form.html", form=form, user=user, reset_form=ConfirmForm())


@bp.route("/<int:user_id>/password-link", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    user = user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_l("To change your own password, use “Change password”."), "error")
        return redirect(url_for("users.edit", user_id=user.id))
    if not user.is_active:
        flash(_l("Activate the account before issuing a password link."), "error")
        return redirect(url_for("users.edit", user_id=user.id))
    token = services.issue_password_link(user, purpose="reset", actor=current_user)
    return render_template("users/link.html", user=user, token=token, purpose="reset")
