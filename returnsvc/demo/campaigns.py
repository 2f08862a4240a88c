"""Demo savings campaigns (issue #16): one per origin country, run by that country's demo
manager, and one run from Madrid for Ecuadorians still in Spain; each with a web link to the
country's banking supervisor (its financial-education pages) and everyone of its audience
enrolled on its first day, so that its results show the demo plans' deposits.

`seed_demo_campaigns` skips a campaign whose name its country already has (it can run again).
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.campaigns import services as campaigns
from returnsvc.campaigns.models import SavingsCampaign
from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.enterprise.queries import months_after
from returnsvc.extensions import db
from returnsvc.offices.models import Office


@dataclass(frozen=True)
class DemoCampaign:
    manager: str  # the demo manager's e-mail before the @
    country: str
    name: str
    description: str
    audience: str
    channel: str
    target_plans: int
    target_amount: Decimal  # in the country's currency
    link: tuple[str, str]  # (title, url) of the supervisor's financial-education pages
    office_city: str = ""  # for an audience of one office


DEMO_CAMPAIGNS = (
    DemoCampaign(
        "manager.bo", "BO", "Ahorra para tu regreso",
        "Talleres en Cochabamba y Santa Cruz: abrir una cuenta de ahorro, enviar menos caro, "
        "fijar una meta para la vivienda o el negocio.",
        "country", "workshop", 4, Decimal(40000),
        ("Educación financiera (ASFI)", "https://www.asfi.gob.bo/"),
    ),
    DemoCampaign(
        "manager.co", "CO", "Tu remesa, tu capital",
        "Cuñas de radio en el Eje Cafetero y asesoría en la agencia de Pereira para ahorrar "
        "una parte de cada envío.",
        "office", "radio_tv", 3, Decimal(9_000_000),
        ("Educación financiera (Superintendencia Financiera)",
         "https://www.superfinanciera.gov.co/"),
        office_city="Pereira",
    ),
    DemoCampaign(
        "manager.ec", "EC", "Ahorro con propósito",
        "Encuentros con asociaciones de migrantes retornados en Azuay y Guayas.",
        "country", "association_event", 5, Decimal(15000),
        ("Educación financiera (Superintendencia de Bancos)", "https://www.superbancos.gob.ec/"),
    ),
    DemoCampaign(
        "manager.pe", "PE", "Mi ahorro, mi negocio",
        "Mensajes en redes sociales y un taller en Lima sobre ahorro para el capital del "
        "negocio.",
        "country", "social_media", 3, Decimal(20000),
        ("Educación financiera (SBS)", "https://www.sbs.gob.pe/"),
    ),
    DemoCampaign(
        "manager.es", "EC", "Ahorrar desde España para volver",
        "Jornada en el consulado de Ecuador en Madrid: cuánto cuesta enviar dinero y cómo "
        "abrir una cuenta de ahorro en Ecuador antes de volver.",
        "migrants_in_spain", "consulate_event", 5, Decimal(10000),
        ("Educación financiera (Superintendencia de Bancos)", "https://www.superbancos.gob.ec/"),
    ),
)  # fmt: skip

# The demo plans start a year ago (demo/savings.py): the campaigns start with them, so that
# their results count the plans opened as well as the deposits.
STARTED_MONTHS_AGO = 12
LASTS_MONTHS = 15


def seed_demo_campaigns() -> int:
    """Create the demo campaigns (DEMO_CAMPAIGNS) whose managers exist. Flushes."""
    starts_on = months_after(local_today().replace(day=1), -STARTED_MONTHS_AGO)
    created = 0
    for spec in DEMO_CAMPAIGNS:
        manager = _demo_manager(spec.manager)
        if manager is None or _exists(spec):
            continue
        data = {
            "country": spec.country,
            "name": spec.name,
            "description": spec.description,
            "audience": spec.audience,
            "channel": spec.channel,
            "starts_on": starts_on,
            "ends_on": months_after(starts_on, LASTS_MONTHS),
            "target_plans": spec.target_plans,
            "target_amount": spec.target_amount,
            "target_currency": currency_of(spec.country),
        }
        if spec.office_city:
            data["office_id"] = _office_in(spec.country, spec.office_city)
        campaign = campaigns.create_campaign(data, actor=manager)
        title, url = spec.link
        campaigns.add_link(campaign, {"title": title, "url": url}, actor=manager)
        campaigns.enrol_people(campaign, None, actor=manager, enrolled_on=starts_on)
        created += 1
    db.session.flush()
    return created


def _demo_manager(key: str) -> User | None:
    return db.session.scalar(
        select(User).where(User.is_demo.is_(True), User.email == f"{key}@demo.returnsvc.org")
    )


def _exists(spec: DemoCampaign) -> bool:
    return (
        db.session.scalar(
            select(SavingsCampaign.id).where(
                SavingsCampaign.country == spec.country, SavingsCampaign.name == spec.name
            )
        )
        is not None
    )


def _office_in(country: str, city: str) -> int | None:
    return db.session.scalar(
        select(Office.id).where(Office.country == country, Office.city == city).limit(1)
    )
