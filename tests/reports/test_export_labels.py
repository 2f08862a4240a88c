"""The figures' exports speak the reader's language (#18): every column of every registered
figure's export is a label, translated; the values that name something (a stage, a reason, a
sex, a kind of partner, a result) are labels too, never the codes the database keeps.

Walked over the demo data (`seed demo`), so that the figures have rows to label."""

import re
from datetime import timedelta

import pytest
from flask_babel.speaklater import LazyString
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.cases.workspace import workspace
from returnsvc.core.clock import local_today
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import in_locale
from returnsvc.extensions import db
from returnsvc.reports import exports
from returnsvc.reports.filters import parse_filters, scope_of
from tests.cases.helpers import other_client
from tests.reports.export_helpers import csv_sections

# Labels written the same in English and Spanish.
SAME_IN_BOTH = {"Total", "Sector", "PAR30", "Formal", "Informal"}
# Text a code would be: lower-case words joined by "_" ("people_saving"), or one lower-case word
# ("deposited", "all").
CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def _period() -> dict:
    today = local_today()
    return {"from": (today - timedelta(days=3 * 365)).isoformat(), "to": today.isoformat()}


@pytest.fixture
def seeded(app, make):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    return make.user("admin")


def _in_both(item) -> tuple[str, str]:
    """How an export writes a header cell in Spanish and in English."""
    with in_locale("es"):
        spanish = exports.header_label(item)
    with in_locale("en"):
        english = exports.header_label(item)
    return spanish, english


def _translated(spanish: str, english: str) -> bool:
    return spanish != english or english in SAME_IN_BOTH


def test_every_figures_export_has_translated_labels(app, seeded):
    with app.test_request_context(), in_locale("es"):
        admin = db.session.get(User, seeded.id)
        scope = scope_of(parse_filters(MultiDict(_period()), admin), admin)
        exported = [f for f in workspace().report_figures if f.export is not None]
        assert len(exported) >= 10  # every feature of the dashboard is installed here
        labelled_values = 0
        for figure in exported:
            header, rows = figure.export(figure.compute(scope))
            for item in header:
                # A header is a label; a bare code only if exports knows its label.
                assert not isinstance(item, str) or item in exports.COLUMN_LABELS, (
                    figure.key,
                    item,
                )
                spanish, english = _in_both(item)
                assert "_" not in spanish and "_" not in english, (figure.key, english)
                assert _translated(spanish, english), (figure.key, english)
            for row in rows:
                assert len(row) == len(header), (figure.key, row)
                for value in row:
                    if isinstance(value, (LabelledEnum, LazyString)):
                        labelled_values += 1
                        spanish, english = _in_both(value)
                        assert _translated(spanish, english), (figure.key, english)
                    elif isinstance(value, str):
                        # Text written as it is: names, currencies, months; never a code.
                        assert not CODE.fullmatch(value), (figure.key, value)
        assert labelled_values > 100  # the demo's figures have rows


def test_the_figures_csv_in_spanish(app, client, make, sign_in, seeded):
    sign_in("admin", locale="es")
    spanish = csv_sections(client.post("/reports/exports/figures.csv", query_string=_period()).data)
    english_client = other_client(app, make.user("admin", locale="en"))
    english = csv_sections(
        english_client.post("/reports/exports/figures.csv", query_string=_period()).data
    )
    assert list(spanish)[0] == "Filtros" and list(english)[0] == "Filters"
    assert len(spanish) == len(english) >= 11
    assert spanish["Casos por etapa"][0] == ["Etapa", "Mujeres", "Hombres", "Otro o no indicado",
                                             "Total"]  # fmt: skip
    for (title, rows), (english_title, english_rows) in zip(
        list(spanish.items())[1:], list(english.items())[1:], strict=True
    ):
        assert title != english_title
        for cell, english_cell in zip(rows[0], english_rows[0], strict=True):
            assert "_" not in cell
            assert _translated(cell, english_cell), (title, english_cell)
        # The first column names the rows: translated where it is a label.
        names = {row[0] for row in rows[1:]}
        assert not {name for name in names if CODE.fullmatch(name)}, title
