"""Managers maintain guide editions: list, create, edit, publish, unpublish, delete, copy.
The entries of an edition have their pages in entry_views (same blueprint)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import _, get_locale
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, check_version, conflict_response
from returnsvc.core.countries import ORIGINS
from returnsvc.core.forms import fill_texts, show_refusal, texts_of_form
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.extensions import db
from returnsvc.guides import entry_views, queries, services
from returnsvc.guides.forms import (
    ConfirmForm,
    CopyForm,
    EditionForm,
    stored_values,
)
from returnsvc.guides.models import EDITION_TEXT, GuideEdition, GuideKind, PublicationStatus

bp = Blueprint("guides", __name__, url_prefix="/manage/guides")
MANAGE = require_permission(Permission.MANAGE_GUIDES)


def edition_or_404(edition_id: int) -> GuideEdition:
    return db.get_or_404(GuideEdition, edition_id)


def _enum_arg(enum_cls, name: str):
    try:
        return enum_cls(request.args.get(name, ""))
    except ValueError:
        return None  # unknown filter values are ignored, never an error


@bp.route("/")
@MANAGE
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
    )


def _edition_data(form) -> dict:
    return {
        "country": form.country.data,
        "kind": form.kind.data,
        "edition_date": form.edition_date.data,
        "texts": texts_of_form(form, form.text_spec),
    }


@bp.route("/new", methods=["GET", "POST"])
@MANAGE
def create():
    form = EditionForm()
    if form.validate_on_submit():
        try:
            edition = services.create_edition(_edition_data(form), actor=current_user)
        except services.GuideError as error:
            show_refusal(form, error)
        else:
            flash(_("Edition created as a draft."), "success")
            return redirect(url_for("guides.edition", edition_id=edition.id))
    return render_template("guides/edition_form.html", form=form, edition=None)


@bp.route("/<int:edition_id>/edit", methods=["GET", "POST"])
@MANAGE
def edit(edition_id: int):
    edition = edition_or_404(edition_id)
    form = EditionForm(obj=edition)
    if request.method == "GET":
        form.version.data = edition.version
        form.kind.data = edition.kind.value
        fill_texts(form, EDITION_TEXT.texts_of(edition.id), form.text_spec)
    if form.validate_on_submit():
        try:
            changes = services.update_edition(
                edition, _edition_data(form), version=form.version.data, actor=current_user
            )
        except StaleEdit:
            back = url_for("guides.edit", edition_id=edition.id)
            stored = stored_values(form, edition, EDITION_TEXT.texts_of(edition.id))
            return conflict_response(form, stored, back_url=back)
        except services.GuideError as error:
            show_refusal(form, error)
        else:
            flash(_("Changes saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("guides.edition", edition_id=edition.id))
    return render_template("guides/edition_form.html", form=form, edition=edition)


@bp.route("/<int:edition_id>")
@MANAGE
def edition(edition_id: int):
    edition = edition_or_404(edition_id)
    locale = str(get_locale())
    form = ConfirmForm()
    form.version.data = edition.version
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
        form=form,
    )


def _state_change(edition_id: int, operation, done_message):
    edition = edition_or_404(edition_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(url_for("guides.edition", edition_id=edition.id))
    try:
        # A page always sends the version it showed; without one nothing changes.
        check_version(edition, form.version.data)
        result = operation(edition, actor=current_user, version=form.version.data)
    except StaleEdit:
        flash(_("Someone changed this edition meanwhile. Check it and try again."), "error")
    except services.GuideError as error:
        flash(str(error.message), "error")
    else:
        flash(done_message, "success")
        for locale in result or ():
            flash(
                _("Not everything is translated into %(language)s yet.", language=_lang(locale)),
                "warning",
            )
    return redirect(url_for("guides.edition", edition_id=edition.id))


def _lang(locale: str) -> str:
    return _("Spanish") if locale == "es" else _("English")


@bp.route("/<int:edition_id>/publish", methods=["POST"])
@MANAGE
def publish(edition_id: int):
    return _state_change(edition_id, services.publish_edition, _("The edition is published."))


@bp.route("/<int:edition_id>/unpublish", methods=["POST"])
@MANAGE
def unpublish(edition_id: int):
    return _state_change(
        edition_id, services.unpublish_edition, _("The edition is a draft again: no longer public.")
    )


@bp.route("/<int:edition_id>/delete", methods=["GET", "POST"])
@MANAGE
def delete(edition_id: int):
    edition = edition_or_404(edition_id)
    form = ConfirmForm()
    if request.method == "GET":
        form.version.data = edition.version
    elif form.validate_on_submit():
        try:
            check_version(edition, form.version.data)  # required from a page
            services.delete_edition(edition, actor=current_user, version=form.version.data)
        except StaleEdit:
            form.form_errors.append(_("Someone changed this edition meanwhile. Check it first."))
        except services.GuideError as error:
            form.form_errors.append(error.message)
        else:
            flash(_("Edition deleted."), "success")
            return redirect(url_for("guides.index"))
    return render_template(
        "guides/confirm_delete.html",
        form=form,
        edition=edition,
        heading=_("Delete this edition?"),
        explanation=_("The edition and all its entries are deleted. This cannot be undone."),
        action=url_for("guides.delete", edition_id=edition.id),
        blocked=edition.status is not PublicationStatus.DRAFT,
    )


@bp.route("/<int:edition_id>/copy", methods=["GET", "POST"])
@MANAGE
def copy(edition_id: int):
    edition = edition_or_404(edition_id)
    form = CopyForm()
    if form.validate_on_submit():
        try:
            new = services.copy_edition(
                edition, {"edition_date": form.edition_date.data}, actor=current_user
            )
        except services.GuideError as error:
            show_refusal(form, error)
        else:
            flash(_("New draft edition created from the previous one."), "success")
            return redirect(url_for("guides.edition", edition_id=new.id))
    return render_template("guides/copy_form.html", form=form, edition=edition)


entry_views.register(bp, edition_or_404)
