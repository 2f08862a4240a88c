"""Managers maintain support programmes: list with filters, create, edit, detail with texts per
locale, publish/unpublish, delete while draft. `run_action` and `list_args` are shared with
the good-practice views."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.countries import ORIGINS
from returnsvc.core.forms import show_refusal
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.regions import region_name
from returnsvc.extensions import db
from returnsvc.guides.models import PublicationStatus
from returnsvc.programmes import queries, services
from returnsvc.programmes.forms import ActionForm, ProgrammeForm, fill_texts, snapshot
from returnsvc.programmes.models import PROGRAMME_TEXT, ProgrammeKind, SupportProgramme
from returnsvc.programmes.publishing import ContentError

bp = Blueprint("programmes", __name__, url_prefix="/manage/programmes")

STALE = _l("Someone else changed it meanwhile. Look at it again, then repeat the action.")


def list_args(**allowed) -> dict:
    """Filters from the query string; a value that is not an allowed code counts as no filter."""
    return {
        name: (request.args.get(name, "") if request.args.get(name, "") in codes else "")
        for name, codes in allowed.items()
    }


def run_action(action, obj, done, back_url):
    """POST of publish/unpublish: the version the user saw, the service, a message, back."""
    form = ActionForm()
    try:
        changed = action(obj, version=form.version.data, actor=current_user)
    except StaleEdit:
        flash(STALE, "error")
    else:
        flash(done if changed else _l("Nothing was changed."), "success")
    return redirect(back_url)


@bp.context_processor
def _helpers():
    return {"region_names": lambda codes: ", ".join(region_name(code) for code in codes)}


def programme_or_404(programme_id: int) -> SupportProgramme:
    return db.get_or_404(SupportProgramme, programme_id)


def _locale() -> str:
    return str(get_locale())


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    filters = list_args(
        country=ORIGINS,
        kind={k.value for k in ProgrammeKind},
        status={s.value for s in PublicationStatus},
    )
    page = page_number()
    rows, has_more, locales = queries.list_programmes(_locale(), **filters, page=page)
    return render_template(
        "programmes/index.html",
        rows=rows,
        locales=locales,
        filters=filters,
        page=page,
        has_more=has_more,
        countries=ORIGINS,
        kinds=ProgrammeKind,
        statuses=PublicationStatus,
    )


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def create():
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = services.create_programme(form.programme_data(), actor=current_user)
        except ContentError as error:
            show_refusal(form, error)
        else:
            flash(_l("Programme created as a draft."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=None)


@bp.route("/<int:programme_id>")
@require_permission(Permission.MANAGE_GUIDES)
def detail(programme_id: int):
    programme = programme_or_404(programme_id)
    texts = PROGRAMME_TEXT.texts_of(programme.id)
    return render_template(
        "programmes/detail.html",
        programme=programme,
        texts=texts,
        name=_name(programme, texts),
        opportunities=queries.linked_opportunities(programme.id, _locale()),
        contact_kind=services.contact_kind(programme.contact),
        action_form=ActionForm(version=programme.version),
    )


@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def edit(programme_id: int):
    programme = programme_or_404(programme_id)
    texts = PROGRAMME_TEXT.texts_of(programme.id)
    form = ProgrammeForm(obj=programme)
    if request.method == "GET":
        form.version.data = programme.version
        fill_texts(form, texts, form.TEXTS)
    if form.validate_on_submit():
        try:
            changes = services.update_programme(
                programme, form.programme_data(), version=form.version.data, actor=current_user
            )
        except StaleEdit:
            back = url_for("programmes.edit", programme_id=programme.id)
            return conflict_response(form, snapshot(programme, texts, form.TEXTS), back_url=back)
        except ContentError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=programme)


@bp.route("/<int:programme_id>/publish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def publish(programme_id: int):
    programme = programme_or_404(programme_id)
    back = url_for("programmes.detail", programme_id=programme.id)
    return run_action(services.publish_programme, programme, _l("Programme published."), back)


@bp.route("/<int:programme_id>/unpublish", methods=["POST"])
@require_permission(Permission.MANAGE_GUIDES)
def unpublish(programme_id: int):
    programme = programme_or_404(programme_id)
    back = url_for("programmes.detail", programme_id=programme.id)
    done = _l("Programme unpublished: it is a draft again.")
    return run_action(services.unpublish_programme, programme, done, back)


@bp.route("/<int:programme_id>/delete", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def delete(programme_id: int):
    programme = programme_or_404(programme_id)
    form = ActionForm()
    if request.method == "GET":
        form.version.data = programme.version
    elif form.validate_on_submit():
        try:
            count = services.delete_programme(
                programme, version=form.version.data, actor=current_user
            )
        except StaleEdit:
            flash(STALE, "error")
        except ContentError as error:
            flash(error.message, "error")
        else:
            flash(_l("Programme deleted (%(count)d links removed).", count=count), "success")
            return redirect(url_for("programmes.index"))
        return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template(
        "programmes/confirm_delete.html",
        programme=programme,
        form=form,
        name=_name(programme, PROGRAMME_TEXT.texts_of(programme.id)),
        links=services.linked_count(programme.id),
    )


def _name(programme, texts: dict) -> str:
    own = texts.get(_locale()) or next(iter(texts.values()), {})
    return own.get("name") or programme.key
