"""Managers maintain good practices: list with filters, create, edit, detail rendering the
article per locale, publish/unpublish, delete while draft. The shared page steps come from
programmes.views."""

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.extensions import db
from returnsvc.practices import queries, services
from returnsvc.practices.forms import PracticeForm
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice, PracticeTheme
from returnsvc.programmes.forms import ActionForm
from returnsvc.programmes.views import (
    STATUS_FILTER,
    Pages,
    create_page,
    delete_page,
    edit_page,
    list_page,
    run_action,
)

bp = Blueprint("practices", __name__, url_prefix="/manage/practices")
PAGES = Pages("practices", "practice_id", PRACTICE_TEXT)


@bp.context_processor
def _helpers():
    return {"themes": PracticeTheme}


def practice_or_404(practice_id: int) -> GoodPractice:
    return db.get_or_404(GoodPractice, practice_id)


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    filter_fields = [
        ("country", _l("Country"), _l("All countries"), country_choices(ORIGINS)),
        ("theme", _l("Theme"), _l("All themes"), PracticeTheme.choices()),
        STATUS_FILTER,
    ]
    return list_page(queries.list_practices, "practices/index.html", filter_fields)


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def create():
    done = _l("Good practice created as a draft.")
    return create_page(PAGES, PracticeForm(), services.create_practice, done, "practices/form.html")


@bp.route("/<int:practice_id>")
@require_permission(Permission.MANAGE_GUIDES)
def detail(practice_id: int):
    practice = practice_or_404(practice_id)
    texts = PRACTICE_TEXT.texts_of(practice.id)
    return render_template(
        "practices/detail.html",
        item=practice,
        texts=texts,
        title=PAGES.title(practice, texts),
        action_form=ActionForm(version=practice.version),
    )


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def edit(practice_id: int):
    practice = practice_or_404(practice_id)
    return edit_page(PAGES, practice, PracticeForm, services.update_practice, "practices/form.html")


@bp.route("/<int:practice_id>/publish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def publish(practice_id: int):
    done = _l("Good practice published.")
    return run_action(PAGES, services.publish_practice, practice_or_404(practice_id), done)


@bp.route("/<int:practice_id>/unpublish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def unpublish(practice_id: int):
    done = _l("Good practice unpublished: it is a draft again.")
    return run_action(PAGES, services.unpublish_practice, practice_or_404(practice_id), done)


@bp.route("/<int:practice_id>/delete", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def delete(practice_id: int):
    return delete_page(
        PAGES,
        practice_or_404(practice_id),
        services.delete_practice,
        lambda _: _l("Good practice deleted."),
        "practices/confirm_delete.html",
    )
