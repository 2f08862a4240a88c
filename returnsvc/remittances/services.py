"""Writing remittance-cost figures: one from the form, or a whole checked file.

Data is plain: {"sending_country", "receiving_country", "period" (a code: 2020Q3),
"reference_amount" (Decimal), "reference_currency", "cost_percent" (Decimal), "source_name",
"source_url"}. `check_figure` says everything wrong with it (the form and the CSV file share
it); the writers take checked data only. Figures are never overwritten: a new period is a new
row, a different value for a period already recorded is a correction (a new row, the old one
superseded), and the same values again change nothing. Every change is audited; services
flush, the request commits.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from returnsvc.audit.services import record
from returnsvc.core.countries import world_codes
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.remittances import queries
from returnsvc.remittances.calculator import MAX_RATE
from returnsvc.remittances.models import RemittanceFigure
from returnsvc.remittances.periods import parse_period, period_code

REFERENCE_CURRENCIES = ("USD", "EUR")
MAX_REFERENCE = Decimal("100000")
SOURCE_NAME_LENGTH = 300
SOURCE_URL_LENGTH = 500
_URL = re.compile(r"https?://[^\s/<>\"'.]+(\.[^\s/<>\"'.]+)+(/[^\s<>\"']*)?", re.I)
# The values that say what a figure is; the rest is its natural key.
VALUES = ("reference_amount", "cost_percent", "source_name", "source_url")


def check_figure(data: dict) -> tuple[dict, list[tuple[str, str]]]:
    """(clean data, problems): problems are (field, message in the user's language), empty
    when the figure can be recorded. Clean data holds period_start/period_end for "period"."""
    problems: list[tuple[str, str]] = []
    clean: dict = {}
    codes = world_codes()
    for name in ("sending_country", "receiving_country"):
        code = (data.get(name) or "").strip().upper()
        if code not in codes:
            problems.append((name, _("Give a country as its two-letter ISO code, e.g. ES.")))
        clean[name] = code
    if clean["sending_country"] == clean["receiving_country"] and clean["sending_country"]:
        problems.append(("receiving_country", _("The receiving country must be another one.")))
    period = parse_period(data.get("period") or "")
    if period is None:
        problems.append(
            ("period", _("Write the period as a quarter (2020Q3), a half year (2021H1) or a year."))
        )
    else:
        clean["period_start"], clean["period_end"] = period
    amount = data.get("reference_amount")
    if not _is_number(amount) or not 0 < amount <= MAX_REFERENCE or decimal_places(amount) > 2:
        problems.append(
            ("reference_amount", _("Give the reference amount, e.g. 200 (at most 2 decimals)."))
        )
    clean["reference_amount"] = amount
    currency = (data.get("reference_currency") or "").strip().upper()
    if currency not in REFERENCE_CURRENCIES:
        problems.append(
            (
                "reference_currency",
                _("Use one of: %(codes)s", codes=", ".join(REFERENCE_CURRENCIES)),
            )
        )
    clean["reference_currency"] = currency
    percent = data.get("cost_percent")
    if not _is_number(percent) or not 0 <= percent <= MAX_RATE or decimal_places(percent) > 2:
        problems.append(
            (
                "cost_percent",
                _("Give the average cost as a percentage from 0 to 99.99, e.g. 4.64."),
            )
        )
    clean["cost_percent"] = percent
    name = " ".join((data.get("source_name") or "").split())
    if not name or len(name) > SOURCE_NAME_LENGTH:
        problems.append(
            (
                "source_name",
                _("Name the source (at most %(num)d characters).", num=SOURCE_NAME_LENGTH),
            )
        )
    clean["source_name"] = name
    url = (data.get("source_url") or "").strip()
    if url and (len(url) > SOURCE_URL_LENGTH or not _URL.fullmatch(url)):
        problems.append(("source_url", _("Give a web address starting with https:// or none.")))
    clean["source_url"] = url
    return clean, problems


def _is_number(value) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _same(figure: RemittanceFigure, clean: dict) -> bool:
    return all(getattr(figure, name) == clean[name] for name in VALUES)


def _changes(clean: dict) -> dict:
    """The audit entry's detail of a figure (JSON: decimals as text, the period as its code)."""
    return {
        "sending_country": clean["sending_country"],
        "receiving_country": clean["receiving_country"],
        "period": period_code(clean["period_start"], clean["period_end"]),
        "reference_amount": str(clean["reference_amount"]),
        "reference_currency": clean["reference_currency"],
        "cost_percent": str(clean["cost_percent"]),
        "source_name": clean["source_name"],
        "source_url": clean["source_url"],
    }


def record_figure(clean: dict, *, actor, via: str = "form") -> tuple[RemittanceFigure, str]:
    """Record checked data: (the current figure, "created" | "corrected" | "unchanged")."""
    current = queries.current_figure_for(clean)
    if current is not None and _same(current, clean):
        return current, "unchanged"
    figure = RemittanceFigure(**clean, recorded_by_id=getattr(actor, "id", None))
    changes = {**_changes(clean), "via": via}
    outcome = "created"
    if current is not None:
        # The old row keeps its values: history. It stops being the current one first, so
        # the unique index over current figures holds at every statement.
        current.superseded_at = utcnow()
        db.session.flush()
        changes["corrects"] = {
            "id": current.id,
            "cost_percent": str(current.cost_percent),
            "reference_amount": str(current.reference_amount),
            "source_name": current.source_name,
            "source_url": current.source_url,
        }
        outcome = "corrected"
    db.session.add(figure)
    db.session.flush()
    record(f"remittance_figure.{outcome}", actor=actor, target=figure, changes=changes)
    return figure, outcome


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # "ES-EC 2020Q3 USD"
    corrected: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.corrected)


def figure_label(clean: dict) -> str:
    period = period_code(clean["period_start"], clean["period_end"])
    corridor = f"{clean['sending_country']}-{clean['receiving_country']}"
    return f"{corridor} {period} {clean['reference_currency']}"


def import_figures(records: list[dict], *, actor) -> ImportResult:
    """Record every figure of a checked file (reading.read_figures_file found no problem):
    each new one audited like a figure from the form; the same file twice changes nothing."""
    result = ImportResult()
    for clean in records:
        _figure, outcome = record_figure(clean, actor=actor, via="csv")
        if outcome == "unchanged":
            result.unchanged += 1
        else:
            getattr(result, outcome).append(figure_label(clean))
    return result
