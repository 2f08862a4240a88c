"""Managers maintain good practices: list with filters, create, edit, detail rendering the
article per locale, publish/unpublish, delete while draft. The pages are publishing.pages'
(core.pages underneath)."""

from flask import Blueprint, render_template

from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.practices import queries, services
from returnsvc.practices.forms import PracticeForm
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice, PracticeTheme
from returnsvc.publishing import pages
from returnsvc.publishing.forms import ActionForm

bp = Blueprint("practices", __name__, url_prefix="/manage/practices")
MANAGE = Permission.MANAGE_GUIDES
PRACTICES = pages.ContentKind(
    "practices", "practice_id", GoodPractice, PRACTICE_TEXT, PracticeForm, country_field="countries"
)


@bp.context_processor
def _helpers():
    return {"themes": PracticeTheme}


@bp.route("/")
@require_permission(MANAGE)
def index():
    filter_fields = [
        ("country", _l("Country"), _l("All countries"), country_choices(ORIGINS)),
        ("theme", _l("Theme"), _l("All themes"), PracticeTheme.choices()),
        pages.STATUS_FILTER,
    ]
    return pages.filtered_list(queries.list_practices, "practices/index.html", filter_fields)


class CreatePractice(pages.CreateContent):
    kind = PRACTICES
    create = staticmethod(services.create_practice)
    created = _l("Good practice created as a draft.")


class EditPractice(pages.EditContent):
    kind = PRACTICES
    update = staticmethod(services.update_practice)


class DeletePractice(pages.DeleteContent):
    kind = PRACTICES
    remove = staticmethod(services.delete_practice)
    deleted = _l("Good practice deleted.")


add_page(bp, "/new", CreatePractice, MANAGE, endpoint="create")
add_page(bp, "/<int:practice_id>/edit", EditPractice, MANAGE, endpoint="edit")
add_page(bp, "/<int:practice_id>/delete", DeletePractice, MANAGE, endpoint="delete")


@bp.route("/<int:practice_id>")
@require_permission(MANAGE)
def detail(practice_id: int):
    practice = PRACTICES.get_or_404(practice_id)
    texts = PRACTICE_TEXT.texts_of(practice.id)
    return render_template(
        "practices/detail.html",
        item=practice,
        texts=texts,
        title=PRACTICES.title(practice, texts),
        action_form=ActionForm(version=practice.version),
        can_edit=PRACTICES.may_edit(practice),
    )


@bp.route("/<int:practice_id>/publish", methods=["POST"])
@require_permission(MANAGE)
def publish(practice_id: int):
    done = _l("Good practice published.")
    practice = PRACTICES.editable(practice_id)
    return pages.change_status(PRACTICES, services.publish_practice, practice, done)


@bp.route("/<int:practice_id>/unpublish", methods=["POST"])
@require_permission(MANAGE)
def unpublish(practice_id: int):
    done = _l("Good practice unpublished: it is a draft again.")
    practice = PRACTICES.editable(practice_id)
    return pages.change_status(PRACTICES, services.unpublish_practice, practice, done)
