"""Reading campaigns for their pages: bounded statements per page, whatever the rows shown."""

from sqlalchemy import func, select

from returnsvc.campaigns import access
from returnsvc.campaigns.models import CampaignEnrolment, CampaignMaterial, SavingsCampaign
from returnsvc.cases.models import Case
from returnsvc.core.db import inline
from returnsvc.core.paging import cut_page
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Returnee

PAGE_SIZE = 50
PEOPLE_SHOWN = 200
MATCHES_SHOWN = 20


def list_campaigns(user, *, page: int = 1):
    """(rows, has_more): the campaigns `user` runs, latest first, each with how many people
    are enrolled (one statement)."""
    enrolled = (
        select(func.count())
        .where(CampaignEnrolment.campaign_id == SavingsCampaign.id)
        .correlate(SavingsCampaign)
        .scalar_subquery()
    )
    stmt = (
        select(SavingsCampaign, enrolled.label("enrolled"), Office.name.label("office_name"))
        .outerjoin(Office, Office.id == SavingsCampaign.office_id)
        .where(access.campaigns_clause(user))
        .order_by(SavingsCampaign.starts_on.desc(), SavingsCampaign.id.desc())
        .limit(inline(PAGE_SIZE + 1))
        .offset(inline((page - 1) * PAGE_SIZE))
    )
    return cut_page(db.session.execute(stmt), PAGE_SIZE)


def office_name(office_id: int | None) -> str:
    if office_id is None:
        return ""
    return db.session.scalar(select(Office.name).where(Office.id == office_id)) or ""


def office_choices(countries) -> list[tuple[int, str, str]]:
    """(id, name, country) of the active offices of `countries`, for the campaign form."""
    if not countries:
        return []
    rows = db.session.execute(
        select(Office.id, Office.name, Office.country)
        .where(Office.country.in_(list(countries)), Office.is_active.is_(True))
        .order_by(Office.country, Office.name, Office.id)
    )
    return [tuple(row) for row in rows]


def materials_of(campaign: SavingsCampaign) -> list[CampaignMaterial]:
    return list(
        db.session.scalars(
            select(CampaignMaterial)
            .where(CampaignMaterial.campaign_id == campaign.id)
            .order_by(CampaignMaterial.id)
        )
    )


def material_or_404(campaign: SavingsCampaign, material_id: int) -> CampaignMaterial | None:
    return db.session.scalar(
        select(CampaignMaterial).where(
            CampaignMaterial.id == material_id, CampaignMaterial.campaign_id == campaign.id
        )
    )


def enrolled_people(campaign: SavingsCampaign, user):
    """(rows, hidden): the enrolled people whose cases `user` may see (at most PEOPLE_SHOWN,
    by name), each with enrolled_on, name columns, sex and a case reference of theirs; and how
    many enrolled people are not shown (others' offices, or beyond the limit). Two statements."""
    visible = access.visible_person_clause(user, CampaignEnrolment.returnee_id)
    reference = (
        select(func.min(Case.reference))
        .where(Case.returnee_id == CampaignEnrolment.returnee_id)
        .correlate(CampaignEnrolment)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            CampaignEnrolment.returnee_id,
            CampaignEnrolment.enrolled_on,
            Returnee.given_names,
            Returnee.first_surname,
            Returnee.second_surname,
            Returnee.anonymised_at,
            Returnee.sex,
            reference.label("reference"),
        )
        .join(Returnee, Returnee.id == CampaignEnrolment.returnee_id)
        .where(CampaignEnrolment.campaign_id == campaign.id, visible)
        .order_by(Returnee.first_surname, Returnee.given_names, Returnee.id)
        .limit(inline(PEOPLE_SHOWN))
    ).all()
    total = db.session.scalar(
        select(func.count())
        .select_from(CampaignEnrolment)
        .where(CampaignEnrolment.campaign_id == campaign.id)
    )
    return rows, total - len(rows)


def enrolment_of(campaign: SavingsCampaign, returnee_id: int, user) -> CampaignEnrolment | None:
    """The person's enrolment if `user` may see them (None otherwise)."""
    return db.session.scalar(
        select(CampaignEnrolment).where(
            CampaignEnrolment.campaign_id == campaign.id,
            CampaignEnrolment.returnee_id == returnee_id,
            access.visible_person_clause(user, CampaignEnrolment.returnee_id),
        )
    )


def search_people(campaign: SavingsCampaign, user, words: str):
    """People of the campaign's audience whose cases `user` may see, matching every word of
    `words` (accents and case ignored), not enrolled yet: at most MATCHES_SHOWN, each with a
    case reference (one statement)."""
    terms = [term for term in fold(words).split() if term][:5]
    if not terms:
        return []
    enrolled = select(CampaignEnrolment.returnee_id).where(
        CampaignEnrolment.campaign_id == campaign.id
    )
    stmt = (
        access.enrollable_cases(campaign, user)
        .with_only_columns(
            Returnee.id,
            Returnee.given_names,
            Returnee.first_surname,
            Returnee.second_surname,
            Returnee.anonymised_at,
            Returnee.sex,
            func.min(Case.reference).label("reference"),
        )
        .where(Returnee.id.not_in(enrolled))
        .group_by(Returnee.id)
        .order_by(Returnee.first_surname, Returnee.given_names, Returnee.id)
        .limit(inline(MATCHES_SHOWN))
    )
    for term in terms:
        escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
        stmt = stmt.where(Returnee.search_text.like(f"%{escaped}%", escape="/"))
    return db.session.execute(stmt).all()
