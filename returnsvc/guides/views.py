"""Managers maintain guide editions: list, create, edit, publish, unpublish, delete, copy.
The entries of an edition have their pages in entry_views (same blueprint). Record pages are
core.pages' classes; publish and unpublish are one-click actions."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import _, get_locale
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, check_version
from returnsvc.core.countries import ORIGINS
from returnsvc.core.flashes import flash
from returnsvc.core.forms import fill_texts, texts_of_form
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import language_name
from returnsvc.core.pages import DeletePage, FormPage, RecordPage, add_page
from returnsvc.core.permissions import (
    OWN_COUNTRY_ONLY,
    Permission,
    content_countries,
    editable_country_choices,
    may_edit_content,
    require_permission,
)
from returnsvc.core.refusals import flash_refusal
from returnsvc.guides import entry_views, queries, services, skill_views
from returnsvc.guides.forms import CopyForm, EditionForm
from returnsvc.guides.models import EDITION_TEXT, GuideEdition, GuideKind
from returnsvc.guides.programme_links import OPPORTUNITY_LINKS
from returnsvc.guides.queries import edition_or_404, edition_to_change
from returnsvc.programmes.links import register_links
from returnsvc.publishing.forms import ActionForm, snapshot
from returnsvc.publishing.models import PublicationStatus

bp = Blueprint("guides", __name__, url_prefix="/manage/guides")
MANAGE = Permission.MANAGE_GUIDES


def edition_url(edition: GuideEdition) -> str:
    return url_for("guides.edition", edition_id=edition.id)


def _enum_arg(enum_cls, name: str):
    try:
        return enum_cls(request.args.get(name, ""))
    except ValueError:
        return None  # unknown filter values are ignored, never an error


@bp.route("/")
@require_permission(MANAGE)
def index():
    country = request.args.get("country", "")
    country = country if country in ORIGINS else ""
    kind, status = _enum_arg(GuideKind, "kind"), _enum_arg(PublicationStatus, "status")
    rows = queries.list_editions(str(get_locale()), country=country, kind=kind, status=status)
    return render_template(
        "guides/index.html",
        rows=rows,
        filters={"country": country, "kind": kind, "status": status},
        countries=ORIGINS,
        kinds=GuideKind,
        statuses=PublicationStatus,
        limit=queries.INDEX_LIMIT,
        can_create=content_countries() != frozenset(),
        may_edit=may_edit_content,
    )


class EditionPage(RecordPage):
    """A page that changes one edition (`edition`; None on the create page): only editions of
    the user's countries (edition_to_change), and only those countries to choose from."""

    template = "guides/edition_form.html"
    form_class = EditionForm

    def load(self, edition_id=None) -> dict:
        return {"edition": edition_to_change(edition_id) if edition_id is not None else None}

    def done_url(self, result, context) -> str:
        return edition_url(context["edition"] or result)

    @staticmethod
    def data(form) -> dict:
        """The edition form's data; a country the user may not add content for is refused
        next to the field (the form offers only theirs: a hand-made or stale request)."""
        if form.country.data and not may_edit_content(form.country.data):
            raise services.GuideError(OWN_COUNTRY_ONLY, field="country")
        return {
            "country": form.country.data,
            "kind": form.kind.data,
            "edition_date": form.edition_date.data,
            "texts": texts_of_form(form, form.TEXTS),
        }


class CreateEdition(EditionPage, FormPage):
    def make_form(self, context):
        form = EditionForm()
        form.country.choices = editable_country_choices(form.country.choices)
        return form

    def save(self, form, context):
        return services.create_edition(self.data(form), actor=current_user)

    def message(self, result, context):
        return _l("Edition created as a draft.")


class EditEdition(EditionPage, FormPage):
    def make_form(self, context):
        edition = context["edition"]
        form = EditionForm(obj=edition)
        form.country.choices = editable_country_choices(form.country.choices)
        if request.method == "GET":
            form.version.data = edition.version
            form.kind.data = edition.kind.value
            fill_texts(form, EDITION_TEXT.texts_of(edition.id), form.TEXTS)
        return form

    def save(self, form, context):
        edition = context["edition"]
        data = self.data(form)
        return services.update_edition(edition, data, version=form.version.data, actor=current_user)

    def back_url(self, context) -> str:
        return url_for("guides.edit", edition_id=context["edition"].id)

    def stored(self, context):
        edition = context["edition"]
        return snapshot(edition, EDITION_TEXT.texts_of(edition.id), EditionForm.TEXTS)


class CopyEdition(EditionPage, FormPage):
    """A new draft edition from this one, with a new date."""

    template = "guides/copy_form.html"
    form_class = CopyForm

    def save(self, form, context):
        data = {"edition_date": form.edition_date.data}
        return services.copy_edition(context["edition"], data, actor=current_user)

    def done_url(self, result, context) -> str:
        return edition_url(result)

    def message(self, result, context):
        return _l("New draft edition created from the previous one.")


class DeleteEdition(EditionPage, DeletePage):
    """Only a draft edition is deleted (with its entries); a published one is refused."""

    template = "guides/confirm_delete.html"
    form_class = ActionForm

    def stored(self, context):
        return context["edition"]

    def render(self, form, context):
        edition = context["edition"]
        return render_template(
            self.template,
            form=form,
            edition=edition,
            heading=_("Delete this edition?"),
            explanation=_("The edition and all its entries are deleted. This cannot be undone."),
            action=url_for("guides.delete", edition_id=edition.id),
            blocked=edition.status is not PublicationStatus.DRAFT,
        )

    def delete(self, form, context):
        edition = context["edition"]
        # The service checks a version only when given one (the CLI gives none); a page
        # always sends the one it showed, and without it nothing is deleted.
        check_version(edition, form.version.data)
        services.delete_edition(edition, actor=current_user, version=form.version.data)

    def done_url(self, result, context) -> str:
        return url_for("guides.index")

    def message(self, result, context):
        return _l("Edition deleted.")


add_page(bp, "/new", CreateEdition, MANAGE, endpoint="create")
add_page(bp, "/<int:edition_id>/edit", EditEdition, MANAGE, endpoint="edit")
add_page(bp, "/<int:edition_id>/copy", CopyEdition, MANAGE, endpoint="copy")
add_page(bp, "/<int:edition_id>/delete", DeleteEdition, MANAGE, endpoint="delete")


@bp.route("/<int:edition_id>")
@require_permission(MANAGE)
def edition(edition_id: int):
    edition = edition_or_404(edition_id)
    locale = str(get_locale())
    texts = EDITION_TEXT.texts_of(edition.id)
    after = request.args.get("after", "")[:80]  # a key; anything else simply matches nothing
    entries, next_after = queries.edition_entries(edition, locale, after)
    own = texts.get(locale) or next(iter(texts.values()), {})
    return render_template(
        "guides/edition.html",
        edition=edition,
        texts=texts,
        title=own.get("title", ""),
        entries=entries,
        next_after=next_after,
        after=after,
        total=queries.entry_total(edition),
        form=ActionForm(version=edition.version),
        can_edit=may_edit_content(edition.country),
    )


def _state_change(edition_id: int, operation, done_message):
    edition = edition_to_change(edition_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(edition_url(edition))
    try:
        # A page always sends the version it showed; without one nothing changes.
        check_version(edition, form.version.data)
        result = operation(edition, actor=current_user, version=form.version.data)
    except StaleEdit:
        flash(_("Someone changed this edition meanwhile. Check it and try again."), "error")
    except services.GuideError as error:
        flash_refusal(error)
    else:
        flash(done_message, "success")
        for locale in result or ():
            language = language_name(locale, capitalise=False)
            message = _("Not everything is translated into %(language)s yet.", language=language)
            flash(message, "warning")
    return redirect(edition_url(edition))


@bp.route("/<int:edition_id>/publish", methods=["POST"])
@require_permission(MANAGE)
def publish(edition_id: int):
    return _state_change(edition_id, services.publish_edition, _("The edition is published."))


@bp.route("/<int:edition_id>/unpublish", methods=["POST"])
@require_permission(MANAGE)
def unpublish(edition_id: int):
    return _state_change(
        edition_id, services.unpublish_edition, _("The edition is a draft again: no longer public.")
    )


entry_views.register(bp)
skill_views.register(bp)
register_links(bp, OPPORTUNITY_LINKS)
