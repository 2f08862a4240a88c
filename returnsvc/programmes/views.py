"""Managers maintain support programmes: list with filters, create, edit, detail with texts per
locale and the records linking to it, publish/unpublish, delete while draft. The pages are
publishing.pages' (core.pages underneath)."""

from flask import Blueprint, render_template
from flask_babel import get_locale, ngettext

from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.regions import region_name
from returnsvc.programmes import links, queries, services
from returnsvc.programmes.forms import ProgrammeForm
from returnsvc.programmes.models import PROGRAMME_TEXT, ProgrammeKind, SupportProgramme
from returnsvc.publishing import pages
from returnsvc.publishing.forms import ActionForm

bp = Blueprint("programmes", __name__, url_prefix="/manage/programmes")
MANAGE = Permission.MANAGE_GUIDES
PROGRAMMES = pages.ContentKind(
    "programmes", "programme_id", SupportProgramme, PROGRAMME_TEXT, ProgrammeForm
)


@bp.context_processor
def _helpers():
    return {"region_names": lambda codes: ", ".join(region_name(code) for code in codes)}


@bp.route("/")
@require_permission(MANAGE)
def index():
    filter_fields = [
        ("country", _l("Country"), _l("All countries"), country_choices(ORIGINS)),
        ("kind", _l("Kind of programme"), _l("All kinds"), ProgrammeKind.choices()),
        pages.STATUS_FILTER,
    ]
    return pages.filtered_list(
        queries.list_programmes, "programmes/index.html", filter_fields, more=_link_columns
    )


def _link_columns(rows) -> dict:
    """One column per kind of record linking to programmes: (source, {programme id: links})."""
    counts = links.link_counts([row.SupportProgramme.id for row in rows])
    return {"link_columns": [(source, counts[source.name]) for source in links.link_sources()]}


class CreateProgramme(pages.CreateContent):
    kind = PROGRAMMES
    create = staticmethod(services.create_programme)
    created = _l("Programme created as a draft.")


class EditProgramme(pages.EditContent):
    kind = PROGRAMMES
    update = staticmethod(services.update_programme)


class DeleteProgramme(pages.DeleteContent):
    kind = PROGRAMMES
    remove = staticmethod(services.delete_programme)

    def render(self, form, context):
        item = context["item"]
        counts = links.link_counts([item.id])
        context["removals"] = [
            source.removal(counts[source.name].get(item.id, 0)) for source in links.link_sources()
        ]
        return super().render(form, context)

    def message(self, result, context):
        return ngettext(
            "Programme deleted (%(num)d link removed).",
            "Programme deleted (%(num)d links removed).",
            result,
        )


add_page(bp, "/new", CreateProgramme, MANAGE, endpoint="create")
add_page(bp, "/<int:programme_id>/edit", EditProgramme, MANAGE, endpoint="edit")
add_page(bp, "/<int:programme_id>/delete", DeleteProgramme, MANAGE, endpoint="delete")


@bp.route("/<int:programme_id>")
@require_permission(MANAGE)
def detail(programme_id: int):
    programme = PROGRAMMES.get_or_404(programme_id)
    texts = PROGRAMME_TEXT.texts_of(programme.id)
    locale = str(get_locale())
    return render_template(
        "programmes/detail.html",
        item=programme,
        texts=texts,
        title=PROGRAMMES.title(programme, texts),
        link_sections=[
            (source, source.listing(programme.id, locale)) for source in links.link_sources()
        ],
        contact_kind=services.contact_kind(programme.contact),
        action_form=ActionForm(version=programme.version),
        can_edit=PROGRAMMES.may_edit(programme),
    )


@bp.route("/<int:programme_id>/publish", methods=["POST"])
@require_permission(MANAGE)
def publish(programme_id: int):
    programme = PROGRAMMES.editable(programme_id)
    done = _l("Programme published.")
    return pages.change_status(PROGRAMMES, services.publish_programme, programme, done)


@bp.route("/<int:programme_id>/unpublish", methods=["POST"])
@require_permission(MANAGE)
def unpublish(programme_id: int):
    programme = PROGRAMMES.editable(programme_id)
    done = _l("Programme unpublished: it is a draft again.")
    return pages.change_status(PROGRAMMES, services.unpublish_programme, programme, done)
