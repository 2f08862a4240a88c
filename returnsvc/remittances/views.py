"""Remittance costs: administrators keep the corridors' figures (list with history, one figure
by hand, a CSV file of them); everyone uses the calculator, signed in or not."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.core.flashes import flash
from returnsvc.core.permissions import Permission, public, require_permission
from returnsvc.core.refusals import roll_back_request
from returnsvc.remittances import calculator, queries, services
from returnsvc.remittances.forms import FigureForm, ImportForm, calculator_query
from returnsvc.remittances.periods import period_code
from returnsvc.remittances.reading import (
    COLUMNS,
    EXAMPLE,
    MAX_BYTES,
    MAX_ROWS,
    FileRefused,
    read_figures_file,
)

bp = Blueprint("remittances", __name__)
MANAGE = Permission.MANAGE_REMITTANCE_COSTS
# The problems page lists this many bad rows, then says how many more there are.
SHOWN_PROBLEMS = 200


@bp.app_template_filter("period")
def _period(figure) -> str:
    return period_code(figure.period_start, figure.period_end)


@bp.route("/manage/remittances/")
@require_permission(MANAGE)
def index():
    return render_template(
        "remittances/index.html",
        corridors=queries.corridors(),
        target=queries.current_target(local_today()),
    )


@bp.route("/manage/remittances/new", methods=["GET", "POST"])
@require_permission(MANAGE)
def create():
    form = FigureForm()
    if form.validate_on_submit():
        clean, problems = services.check_figure(form.figure_data())
        if problems:
            roll_back_request()
            for name, message in problems:
                form[name].errors = [*form[name].errors, message]
        else:
            _figure, outcome = services.record_figure(clean, actor=current_user)
            label = services.figure_label(clean)
            messages = {
                "created": _("Figure recorded: %(figure)s.", figure=label),
                "corrected": _(
                    "Figure corrected: %(figure)s (the earlier one is kept in the history).",
                    figure=label,
                ),
                "unchanged": _("Nothing changed: this figure was already recorded."),
            }
            flash(messages[outcome], "success")
            return redirect(url_for("remittances.index"))
    return render_template("remittances/form.html", form=form)


def _read_upload(storage) -> bytes:
    # One byte past the limit is enough to know the file is too large.
    return storage.stream.read(MAX_BYTES + 1)


@bp.route("/manage/remittances/import", methods=["GET", "POST"])
@require_permission(MANAGE)
def import_figures():
    form = ImportForm()
    context = {
        "form": form,
        "columns": COLUMNS,
        "example": EXAMPLE,
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
    }
    if form.validate_on_submit():
        try:
            reading = read_figures_file(_read_upload(form.file.data))
        except FileRefused as refusal:
            form.file.errors.append(refusal.message)
        else:
            if reading.problems:
                return render_template(
                    "remittances/import.html",
                    problems=reading.problems[:SHOWN_PROBLEMS],
                    more_problems=max(0, len(reading.problems) - SHOWN_PROBLEMS),
                    good_rows=len(reading.records),
                    **context,
                )
            result = services.import_figures(
                [record for _line, record in reading.records], actor=current_user
            )
            return render_template("remittances/imported.html", result=result)
    return render_template("remittances/import.html", problems=None, **context)


@bp.route("/remittances/calculator", endpoint="calculator")
@public
def calculator_page():
    countries = queries.receiving_countries()
    query = calculator_query(request.args, countries)
    figure = target = comparison = None
    if query.country:
        figure = queries.latest_figure(query.country)
    target = queries.current_target(local_today())
    if query.is_complete and figure is not None and target is not None:
        comparison = calculator.compare(
            query.amount, query.frequency, figure.cost_percent, target.cost_percent, query.rate
        )
    return render_template(
        "remittances/calculator.html",
        query=query,
        countries=countries,
        frequencies=list(calculator.Frequency),
        figure=figure,
        target=target,
        comparison=comparison,
        bars=calculator.bars(comparison) if comparison else [],
        currency=currency_of("ES"),
    )
