"""Business opportunities link to support programmes (the `opportunity_programme` table). The
programme pages show and count those links, and a programme may not move to another country
while opportunities of its country link to it: guides tell programmes so by registering this
source (programmes.links), since programmes, the lower package, know nothing of guides."""

from flask_babel import ngettext
from sqlalchemy import func, select

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.guides.models import (
    EDITION_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    GuideEdition,
    opportunity_programme,
)
from returnsvc.programmes.links import LinkSource
from returnsvc.publishing.services import ContentError

_PROGRAMME = opportunity_programme.c.programme_id


def opportunity_counts(programme_ids) -> dict[int, int]:
    """{programme id: how many business opportunities link to it}: one statement."""
    stmt = (
        select(_PROGRAMME, func.count())
        .where(_PROGRAMME.in_(list(programme_ids)))
        .group_by(_PROGRAMME)
    )
    return dict(db.session.execute(stmt).all())


def linked_opportunities(programme_id: int, locale: str) -> list:
    """The business opportunities linking to a programme, each with its edition."""
    stmt = (
        select(
            BusinessOpportunity.id,
            BusinessOpportunity.key,
            GuideEdition.id.label("edition_id"),
            GuideEdition.country,
            GuideEdition.edition_date,
            GuideEdition.status,
        )
        .join(
            opportunity_programme,
            opportunity_programme.c.opportunity_id == BusinessOpportunity.id,
        )
        .join(GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id)
        .where(_PROGRAMME == programme_id)
    )
    stmt, title = OPPORTUNITY_TEXT.joined(stmt, BusinessOpportunity.id, locale)
    stmt, edition = EDITION_TEXT.joined(stmt, GuideEdition.id, locale)
    stmt = stmt.add_columns(
        title.title.label("title"), edition.title.label("edition_title")
    ).order_by(GuideEdition.edition_date.desc(), BusinessOpportunity.key)
    return db.session.execute(stmt).all()


def foreign_links(programme_id: int, country: str) -> int:
    """How many linked opportunities sit in editions of a country other than `country`."""
    return db.session.scalar(
        select(func.count())
        .select_from(opportunity_programme)
        .join(BusinessOpportunity, BusinessOpportunity.id == opportunity_programme.c.opportunity_id)
        .join(GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id)
        .where(_PROGRAMME == programme_id, GuideEdition.country != country)
    )


def check_country(programme_id: int, country: str) -> None:
    """A programme only serves opportunities of its own country: it may not move elsewhere
    while opportunities of another country than the new one link to it."""
    if foreign_links(programme_id, country):
        raise ContentError(
            _l(
                "The country cannot change: business opportunities of another country "
                "link to this programme. Remove those links first."
            ),
            field="country",
        )


def removal(count: int) -> str:
    return ngettext(
        "%(num)d business opportunity links to it; that link is removed too.",
        "%(num)d business opportunities link to it; those links are removed too.",
        count,
    )


OPPORTUNITY_LINKS = LinkSource(
    name="opportunities",
    heading=_l("Linked opportunities"),
    counts=opportunity_counts,
    template="guides/_programme_links.html",
    listing=linked_opportunities,
    removal=removal,
    check_country=check_country,
)
