"""The managers' pages of a kind of published content (support programmes, good practices):
core.pages' record pages told which kind of content (`ContentKind`: model, texts, form,
blueprint) and which service, the one-click publish/unpublish actions, and the filtered list.

    class EditProgramme(EditContent):
        kind = PROGRAMMES
        update = staticmethod(services.update_programme)

    add_page(bp, "/<int:programme_id>/edit", EditProgramme, MANAGE_GUIDES, endpoint="edit")

Each blueprint has the same endpoints (index, detail, create, edit, publish, unpublish,
delete) and templates (`<blueprint>/form.html`, `<blueprint>/confirm_delete.html`), which get
the record as `item`.
"""

from dataclasses import dataclass

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit
from returnsvc.core.flashes import flash
from returnsvc.core.forms import fill_texts
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import NOTHING_CHANGED, DeletePage, FormPage, RecordPage
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import (
    OWN_COUNTRY_ONLY,
    content_countries,
    editable_country_choices,
    may_edit_content,
    require_content_country,
)
from returnsvc.core.translated import TranslationTable
from returnsvc.extensions import db
from returnsvc.publishing.forms import ActionForm, snapshot
from returnsvc.publishing.models import PublicationStatus
from returnsvc.publishing.services import ContentError

STALE = _l("Someone else changed it meanwhile. Look at it again, then repeat the action.")
STATUS_FILTER = ("status", _l("Status"), _l("Drafts and published"), PublicationStatus.choices())


@dataclass(frozen=True)
class ContentKind:
    """One kind of managed content, as its pages need it."""

    blueprint: str  # "programmes": its endpoints and its templates' folder
    id_name: str  # the URL's id argument: "programme_id"
    model: type
    table: TranslationTable
    form_class: type  # the create and edit form, with per-locale texts (form.TEXTS)
    # The record's country (a code) or countries (a list; none = every country): the column,
    # the form field and the services' data key. Managers change their own country's only.
    country_field: str = "country"

    def url(self, view: str, item=None) -> str:
        ids = {self.id_name: item.id} if item is not None else {}
        return url_for(f"{self.blueprint}.{view}", **ids)

    def get_or_404(self, record_id: int):
        """The record, to read (every manager reads every country's content)."""
        return db.get_or_404(self.model, record_id)

    def editable(self, record_id: int):
        """The record, to change: 404 when there is none, 403 (audited) when it is of a
        country whose content the user may not change."""
        item = self.get_or_404(record_id)
        require_content_country(self.countries(item), target=item)
        return item

    def countries(self, item):
        return getattr(item, self.country_field)

    def may_edit(self, item) -> bool:
        """For the pages' controls: may the signed-in user change `item`."""
        return may_edit_content(self.countries(item))

    def limit_countries(self, form) -> None:
        """The form's country choices: only those the user may add content for."""
        field = form[self.country_field]
        field.choices = editable_country_choices(field.choices)

    def check_countries(self, data: dict) -> None:
        """Refuse (next to the country field) content for a country the user may not change:
        the form offers only theirs, so this is a hand-made request or a stale page."""
        value = data.get(self.country_field, "")
        if value != "" and not may_edit_content(value):
            raise ContentError(OWN_COUNTRY_ONLY, field=self.country_field)

    def title(self, item, texts: dict | None = None) -> str:
        """The title in the page's language, else the other one's, else the key."""
        texts = self.table.texts_of(item.id) if texts is None else texts
        own = texts.get(str(get_locale())) or next(iter(texts.values()), {})
        return own.get(self.table.required) or item.key


class ContentPage(RecordPage):
    """A page of one record of `kind` (`item`; None on the create page), rendered with the
    kind's template `page_template`."""

    kind: ContentKind
    page_template = "form"

    @property
    def template(self) -> str:
        return f"{self.kind.blueprint}/{self.page_template}.html"

    @property
    def form_class(self):
        return self.kind.form_class

    def load(self, **url_args) -> dict:
        """The record of the URL (edit and delete pages change it: only of the user's
        countries), or None on the create page."""
        record_id = url_args.get(self.kind.id_name)
        return {"item": self.kind.editable(record_id) if record_id is not None else None}


class CreateContent(ContentPage, FormPage):
    """The empty form; once saved, the new draft's page. `create(data, actor=)` is the service."""

    created: object  # the success message (a lazy string)

    def make_form(self, context: dict):
        form = self.form_class()
        self.kind.limit_countries(form)
        return form

    def save(self, form, context):
        data = form.content_data()
        self.kind.check_countries(data)
        return self.create(data, actor=current_user)

    def done_url(self, result, context) -> str:
        return self.kind.url("detail", result)

    def message(self, result, context):
        return self.created


class EditContent(ContentPage, FormPage):
    """The form filled from the stored record and texts. `update(item, data, version=,
    actor=)` is the service; it returns the changes."""

    def make_form(self, context: dict):
        item = context["item"]
        form = self.form_class(obj=item)
        self.kind.limit_countries(form)
        if request.method == "GET":
            form.version.data = item.version
            fill_texts(form, self.kind.table.texts_of(item.id), form.TEXTS)
        return form

    def save(self, form, context):
        item = context["item"]
        data = form.content_data()
        self.kind.check_countries(data)
        return self.update(item, data, version=form.version.data, actor=current_user)

    def done_url(self, result, context) -> str:
        return self.kind.url("detail", context["item"])

    def back_url(self, context) -> str:
        return self.kind.url("edit", context["item"])

    def stored(self, context):
        item = context["item"]
        return snapshot(item, self.kind.table.texts_of(item.id), self.form_class.TEXTS)


class DeleteContent(ContentPage, DeletePage):
    """Confirmation, then `remove(item, version=, actor=)` (drafts only: the service refuses
    published content, and the refusal leads back to the record)."""

    form_class = ActionForm
    page_template = "confirm_delete"
    deleted: object  # the success message (a lazy string)

    def render(self, form, context):
        title = self.kind.title(context["item"])
        return render_template(self.template, form=form, title=title, **context)

    def delete(self, form, context):
        return self.remove(context["item"], version=form.version.data, actor=current_user)

    def done_url(self, result, context) -> str:
        return self.kind.url("index")

    def refused_url(self, context) -> str:
        return self.kind.url("detail", context["item"])

    def message(self, result, context):
        return self.deleted


def change_status(kind: ContentKind, action, item, done):
    """A publish or unpublish button (a one-click POST with the version the user saw): the
    service, a message, back to the record. A stale version changes nothing. `item` comes
    from `kind.editable` (a status is a change like any other)."""
    form = ActionForm()
    try:
        changed = action(item, version=form.version.data, actor=current_user)
    except StaleEdit:
        flash(STALE, "error")
    else:
        flash(done if changed else NOTHING_CHANGED, "success")
    return redirect(kind.url("detail", item))


def filtered_list(query, template: str, filter_fields: list, more=None):
    """A filtered, paged list. filter_fields = [(name, label, "all" label, choices)]; a value
    in the query string that is not one of its choices counts as no filter, never an error.
    `query(locale, **filters, page=)` returns (rows, has_more, locales); `more(rows)`, if
    given, returns more for the template (about the rows shown). `can_create`: whether the
    user may add content of some country (a manager with no office may not)."""
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
        can_create=content_countries() != frozenset(),
        **(more(rows) if more else {}),
    )
