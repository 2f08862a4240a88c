"""Managers maintain good practices: list with filters, create, edit, detail rendering the
article per locale, publish/unpublish, delete while draft. The shared view steps come from
programmes.views."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.countries import ORIGINS
from returnsvc.core.forms import show_refusal
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.extensions import db
from returnsvc.guides.models import PublicationStatus
from returnsvc.practices import queries, services
from returnsvc.practices.forms import PracticeForm
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice, PracticeTheme
from returnsvc.programmes.forms import ActionForm, fill_texts, snapshot
from returnsvc.programmes.publishing import ContentError
from returnsvc.programmes.views import STALE, list_args, run_action

bp = Blueprint("practices", __name__, url_prefix="/manage/practices")


@bp.context_processor
def _helpers():
    return {"themes": PracticeTheme}


def practice_or_404(practice_id: int) -> GoodPractice:
    return db.get_or_404(GoodPractice, practice_id)


def _title(practice, texts: dict) -> str:
    own = texts.get(str(get_locale())) or next(iter(texts.values()), {})
    return own.get("title") or practice.key


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    filters = list_args(
        country=ORIGINS,
        theme={t.value for t in PracticeTheme},
        status={s.value for s in PublicationStatus},
    )
    page = page_number()
    rows, has_more, locales = queries.list_practices(str(get_locale()), **filters, page=page)
    return render_template(
        "practices/index.html",
        rows=rows,
        locales=locales,
        filters=filters,
        page=page,
        has_more=has_more,
        countries=ORIGINS,
        statuses=PublicationStatus,
    )


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def create():
    form = PracticeForm()
    if form.validate_on_submit():
        try:
            practice = services.create_practice(form.practice_data(), actor=current_user)
        except ContentError as error:
            show_refusal(form, error)
        else:
            flash(_l("Good practice created as a draft."), "success")
            return redirect(url_for("practices.detail", practice_id=practice.id))
    return render_template("practices/form.html", form=form, practice=None)


@bp.route("/<int:practice_id>")
@require_permission(Permission.MANAGE_GUIDES)
def detail(practice_id: int):
    practice = practice_or_404(practice_id)
    texts = PRACTICE_TEXT.texts_of(practice.id)
    return render_template(
        "practices/detail.html",
        practice=practice,
        texts=texts,
        title=_title(practice, texts),
        action_form=ActionForm(version=practice.version),
    )


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def edit(practice_id: int):
    practice = practice_or_404(practice_id)
    texts = PRACTICE_TEXT.texts_of(practice.id)
    form = PracticeForm(obj=practice)
    if request.method == "GET":
        form.version.data = practice.version
        fill_texts(form, texts, form.TEXTS)
    if form.validate_on_submit():
        try:
            changes = services.update_practice(
                practice, form.practice_data(), version=form.version.data, actor=current_user
            )
        except StaleEdit:
            back = url_for("practices.edit", practice_id=practice.id)
            return conflict_response(form, snapshot(practice, texts, form.TEXTS), back_url=back)
        except ContentError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(url_for("practices.detail", practice_id=practice.id))
    return render_template("practices/form.html", form=form, practice=practice)


@bp.route("/<int:practice_id>/publish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def publish(practice_id: int):
    practice = practice_or_404(practice_id)
    back = url_for("practices.detail", practice_id=practice.id)
    return run_action(services.publish_practice, practice, _l("Good practice published."), back)


@bp.route("/<int:practice_id>/unpublish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def unpublish(practice_id: int):
    practice = practice_or_404(practice_id)
    back = url_for("practices.detail", practice_id=practice.id)
    done = _l("Good practice unpublished: it is a draft again.")
    return run_action(services.unpublish_practice, practice, done, back)


@bp.route("/<int:practice_id>/delete", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def delete(practice_id: int):
    practice = practice_or_404(practice_id)
    form = ActionForm()
    if request.method == "GET":
        form.version.data = practice.version
    elif form.validate_on_submit():
        try:
            services.delete_practice(practice, version=form.version.data, actor=current_user)
        except StaleEdit:
            flash(STALE, "error")
        except ContentError as error:
            flash(error.message, "error")
        else:
            flash(_l("Good practice deleted."), "success")
            return redirect(url_for("practices.index"))
        return redirect(url_for("practices.detail", practice_id=practice.id))
    title = _title(practice, PRACTICE_TEXT.texts_of(practice.id))
    return render_template(
        "practices/confirm_delete.html", practice=practice, form=form, title=title
    )
