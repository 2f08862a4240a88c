"""Managers export an edition as CSV, import a CSV into it, and read the format page."""

from flask import Blueprint, Response, render_template
from flask_babel import get_locale
from flask_login import current_user

from returnsvc.core.countries import currency_of
from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.guide_files import queries, services
from returnsvc.guide_files.examples import EXAMPLES
from returnsvc.guide_files.forms import ImportForm
from returnsvc.guide_files.reading import MAX_BYTES, MAX_ROWS, FileRefused, read_edition_file
from returnsvc.guides.models import DemandLevel, RiskLevel
from returnsvc.guides.queries import edition_or_404, edition_to_change
from returnsvc.publishing.models import PublicationStatus

bp = Blueprint("guide_files", __name__, url_prefix="/manage/guides")

# The problems page lists this many bad rows, then says how many more there are.
SHOWN_PROBLEMS = 200


@bp.route("/<int:edition_id>/export.csv")
@require_permission(Permission.MANAGE_GUIDES)
def export_edition(edition_id: int):
    edition = edition_or_404(edition_id)
    data, rows = queries.export_csv(edition)
    services.record_export(edition, rows, actor=current_user)
    return Response(
        data,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{queries.export_filename(edition)}"',
            "Cache-Control": "no-store",
        },
    )


def _read_upload(storage) -> bytes:
    # One byte past the limit is enough to know the file is too large.
    return storage.stream.read(MAX_BYTES + 1)


@bp.route("/<int:edition_id>/import", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def import_edition(edition_id: int):
    edition = edition_to_change(edition_id)
    form = ImportForm()
    context = {
        "edition": edition,
        "title": queries.edition_title(edition, str(get_locale())),
        "form": form,
        "is_published": edition.status == PublicationStatus.PUBLISHED,
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
    }
    if form.validate_on_submit():
        try:
            reading = read_edition_file(_read_upload(form.file.data), edition)
        except FileRefused as refusal:
            form.file.errors.append(refusal.message)
        else:
            if reading.problems:
                return render_template(
                    "guide_files/import.html",
                    problems=reading.problems[:SHOWN_PROBLEMS],
                    more_problems=max(0, len(reading.problems) - SHOWN_PROBLEMS),
                    good_rows=len(reading.records),
                    **context,
                )
            result = services.import_edition(
                edition, [record for _line, record in reading.records], actor=current_user
            )
            return render_template("guide_files/imported.html", result=result, **context)
    return render_template("guide_files/import.html", problems=None, **context)


@bp.route("/csv-format")
@require_permission(Permission.MANAGE_GUIDES)
def help():
    return render_template(
        "guide_files/help.html",
        examples=EXAMPLES,
        code_lists=(
            ("isic_section", IsicSection),
            ("demand_level", DemandLevel),
            ("risk_level", RiskLevel),
            ("min_education", EducationLevel),
        ),
        currencies=[(code, currency_of(code)) for code in ("BO", "CO", "EC", "PE")],
        max_mb=MAX_BYTES // (1024 * 1024),
        max_rows=MAX_ROWS,
    )
