"""Reading remittance-cost figures: the managers' list, the calculator's figure and target.
Each function is one statement."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, select

from returnsvc.core.countries import HOST
from returnsvc.extensions import db
from returnsvc.remittances.models import RemittanceCostTarget, RemittanceFigure

# The calculator's figure: the SDG indicator 10.c.1 is the cost of sending USD 200, so a
# period's USD 200 figure is preferred to another reference (EUR 345) of the same period.
PREFERRED_REFERENCE = "USD"
# More figures than the list could ever show: ~20 corridors x 4 a year x 50 years.
MAX_LISTED = 5_000


@dataclass
class Corridor:
    sending_country: str
    receiving_country: str
    current: list = field(default_factory=list)  # current figures of the latest period
    history: list = field(default_factory=list)  # every figure, newest period first


def corridors() -> list[Corridor]:
    """Every corridor with its latest period's current figures and its whole history
    (superseded figures included), by sending then receiving country."""
    stmt = (
        select(RemittanceFigure)
        .order_by(
            RemittanceFigure.sending_country,
            RemittanceFigure.receiving_country,
            RemittanceFigure.period_end.desc(),
            RemittanceFigure.reference_currency.desc(),  # USD before EUR
            RemittanceFigure.recorded_at.desc(),
            RemittanceFigure.id.desc(),
        )
        .limit(MAX_LISTED)
    )
    found: dict[tuple[str, str], Corridor] = {}
    for figure in db.session.scalars(stmt):
        key = (figure.sending_country, figure.receiving_country)
        corridor = found.setdefault(key, Corridor(*key))
        corridor.history.append(figure)
        if figure.superseded_at is None and (
            not corridor.current or corridor.current[0].period_end == figure.period_end
        ):
            corridor.current.append(figure)
    return list(found.values())


def current_figure_for(clean: dict) -> RemittanceFigure | None:
    """The current figure with the natural key of `clean` (a checked figure), if any."""
    stmt = select(RemittanceFigure).where(
        RemittanceFigure.sending_country == clean["sending_country"],
        RemittanceFigure.receiving_country == clean["receiving_country"],
        RemittanceFigure.period_start == clean["period_start"],
        RemittanceFigure.period_end == clean["period_end"],
        RemittanceFigure.reference_currency == clean["reference_currency"],
        RemittanceFigure.superseded_at.is_(None),
    )
    return db.session.scalars(stmt).first()


def latest_figure(receiving: str, sending: str = HOST) -> RemittanceFigure | None:
    """The corridor's figure of its latest period (USD 200 preferred), or None."""
    stmt = (
        select(RemittanceFigure)
        .where(
            RemittanceFigure.receiving_country == receiving,
            RemittanceFigure.sending_country == sending,
            RemittanceFigure.superseded_at.is_(None),
        )
        .order_by(
            RemittanceFigure.period_end.desc(),
            case((RemittanceFigure.reference_currency == PREFERRED_REFERENCE, 0), else_=1),
            RemittanceFigure.id.desc(),
        )
        .limit(1)
    )
    return db.session.scalars(stmt).first()


def receiving_countries(sending: str = HOST) -> list[str]:
    """The countries the calculator can compare: those with a current figure from `sending`."""
    stmt = (
        select(RemittanceFigure.receiving_country)
        .where(
            RemittanceFigure.sending_country == sending,
            RemittanceFigure.superseded_at.is_(None),
        )
        .distinct()
        .order_by(RemittanceFigure.receiving_country)
    )
    return list(db.session.scalars(stmt))


def current_target(today: date) -> RemittanceCostTarget | None:
    """The target in force on `today` (the latest one in force from that day or before)."""
    stmt = (
        select(RemittanceCostTarget)
        .where(RemittanceCostTarget.effective_from <= today)
        .order_by(RemittanceCostTarget.effective_from.desc())
        .limit(1)
    )
    return db.session.scalars(stmt).first()
