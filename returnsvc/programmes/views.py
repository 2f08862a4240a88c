"""Managers maintain support programmes: list with filters, create, edit, detail with texts per
locale, publish/unpublish, delete while draft.

The steps every page of this kind takes (create, edit with conflicts, publish/unpublish,
confirmed deletion) are written once here, over a `Pages` description, and the good-practice
views use them too."""

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.forms import fill_texts, show_refusal
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.regions import region_name
from returnsvc.core.translated import TranslationTable
from returnsvc.extensions import db
from returnsvc.guides.models import PublicationStatus
from returnsvc.programmes import queries, services
from returnsvc.programmes.forms import ActionForm, ProgrammeForm, snapshot
from returnsvc.programmes.models import PROGRAMME_TEXT, ProgrammeKind, SupportProgramme
from returnsvc.programmes.publishing import ContentError

bp = Blueprint("programmes", __name__, url_prefix="/manage/programmes")

STALE = _l("Someone else changed it meanwhile. Look at it again, then repeat the action.")


@dataclass(frozen=True)
class Pages:
    """One kind of managed content, as the shared page steps need it."""

    endpoint: str  # the blueprint: "programmes"
    id_name: str  # the URL's id argument: "programme_id"
    table: TranslationTable

    def url(self, view: str, obj=None) -> str:
        ids = {self.id_name: obj.id} if obj is not None else {}
        return url_for(f"{self.endpoint}.{view}", **ids)

    def title(self, obj, texts: dict | None = None) -> str:
        """The title in the page's language, else the other one's, else the key."""
        texts = self.table.texts_of(obj.id) if texts is None else texts
        own = texts.get(str(get_locale())) or next(iter(texts.values()), {})
        return own.get(self.table.required) or obj.key


def list_page(query, template: str, filter_fields: list):
    """A filtered, paged list. filter_fields = [(name, label, "all" label, choices)]; a value
    in the query string that is not one of its choices counts as no filter, never an error."""
    filters = {}
    for name, _label, _all, choices in filter_fields:
        value = request.args.get(name, "")
        filters[name] = value if value in {code for code, _ in choices} else ""
    page = page_number()
    rows, has_more, locales = query(str(get_locale()), **filters, page=page)
    return render_template(
        template,
        rows=rows,
        locales=locales,
        filters=filters,
        filter_fields=filter_fields,
        page=page,
        has_more=has_more,
    )


def create_page(pages: Pages, form, create, done, template: str):
    if form.validate_on_submit():
        try:
            obj = create(form.content_data(), actor=current_user)
        except ContentError as error:
            show_refusal(form, error)
        else:
            flash(done, "success")
            return redirect(pages.url("detail", obj))
    return render_template(template, form=form, item=None)


def edit_page(pages: Pages, obj, form_cls, update, template: str):
    """The edit form: stored texts on GET; on POST the service, a conflict page when someone
    saved in between, or the refusal next to its field."""
    texts = pages.table.texts_of(obj.id)
    form = form_cls(obj=obj)
    if request.method == "GET":
        form.version.data = obj.version
        fill_texts(form, texts, form.TEXTS)
    if form.validate_on_submit():
        try:
            changes = update(
                obj, form.content_data(), version=form.version.data, actor=current_user
            )
        except StaleEdit:
            stored = snapshot(obj, texts, form.TEXTS)
            return conflict_response(form, stored, back_url=pages.url("edit", obj))
        except ContentError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(pages.url("detail", obj))
    return render_template(template, form=form, item=obj)


def run_action(pages: Pages, action, obj, done):
    """POST of publish/unpublish: the version the user saw, the service, a message, back."""
    form = ActionForm()
    try:
        changed = action(obj, version=form.version.data, actor=current_user)
    except StaleEdit:
        flash(STALE, "error")
    else:
        flash(done if changed else _l("Nothing was changed."), "success")
    return redirect(pages.url("detail", obj))


def delete_page(pages: Pages, obj, delete, done, template: str, **context):
    """GET: the confirmation page; POST: delete (drafts only), with `done(result)` flashed."""
    form = ActionForm()
    if request.method == "GET":
        form.version.data = obj.version
    elif form.validate_on_submit():
        try:
            result = delete(obj, version=form.version.data, actor=current_user)
        except StaleEdit:
            flash(STALE, "error")
        except ContentError as error:
            flash(error.message, "error")
        else:
            flash(done(result), "success")
            return redirect(pages.url("index"))
        return redirect(pages.url("detail", obj))
    return render_template(template, item=obj, form=form, title=pages.title(obj), **context)


STATUS_FILTER = ("status", _l("Status"), _l("Drafts and published"), PublicationStatus.choices())
PAGES = Pages("programmes", "programme_id", PROGRAMME_TEXT)


@bp.context_processor
def _helpers():
    return {"region_names": lambda codes: ", ".join(region_name(code) for code in codes)}


def programme_or_404(programme_id: int) -> SupportProgramme:
    return db.get_or_404(SupportProgramme, programme_id)


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    filter_fields = [
        ("country", _l("Country"), _l("All countries"), country_choices(ORIGINS)),
        ("kind", _l("Kind of programme"), _l("All kinds"), ProgrammeKind.choices()),
        STATUS_FILTER,
    ]
    return list_page(queries.list_programmes, "programmes/index.html", filter_fields)


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def create():
    done = _l("Programme created as a draft.")
    return create_page(
        PAGES, ProgrammeForm(), services.create_programme, done, "programmes/form.html"
    )


@bp.route("/<int:programme_id>")
@require_permission(Permission.MANAGE_GUIDES)
def detail(programme_id: int):
    programme = programme_or_404(programme_id)
    texts = PROGRAMME_TEXT.texts_of(programme.id)
    return render_template(
        "programmes/detail.html",
        item=programme,
        texts=texts,
        title=PAGES.title(programme, texts),
        opportunities=queries.linked_opportunities(programme.id, str(get_locale())),
        contact_kind=services.contact_kind(programme.contact),
        action_form=ActionForm(version=programme.version),
    )


@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def edit(programme_id: int):
    programme = programme_or_404(programme_id)
    return edit_page(
        PAGES, programme, ProgrammeForm, services.update_programme, "programmes/form.html"
    )


@bp.route("/<int:programme_id>/publish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def publish(programme_id: int):
    done = _l("Programme published.")
    return run_action(PAGES, services.publish_programme, programme_or_404(programme_id), done)


@bp.route("/<int:programme_id>/unpublish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def unpublish(programme_id: int):
    done = _l("Programme unpublished: it is a draft again.")
    return run_action(PAGES, services.unpublish_programme, programme_or_404(programme_id), done)


@bp.route("/<int:programme_id>/delete", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def delete(programme_id: int):
    programme = programme_or_404(programme_id)
    return delete_page(
        PAGES,
        programme,
        services.delete_programme,
        lambda count: _l("Programme deleted (%(count)d links removed).", count=count),
        "programmes/confirm_delete.html",
        links=services.linked_count(programme.id),
    )
