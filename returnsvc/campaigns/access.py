"""Who runs which campaign, and whom they may enrol.

- Administrators: every campaign, every country.
- A manager of an origin country: that country's campaigns.
- A manager in Spain (the host country): the campaigns, of any origin country, whose audience
  is migrants in Spain; those are the people their offices see. The origin country's manager
  runs them too, and enrols nobody in them (they cannot see Spanish offices' cases).
- Counsellors: none. Enrolment stays with managers for now: a campaign is a programme-level
  decision whose targets and results a manager answers for, and a counsellor can already see
  (and act on) their own people's savings on the case. Opening it to counsellors later is a
  matter of this module and the permission table.

People are enrolled only from cases the enrolling user may see (cases.visibility), of the
campaign's origin country and audience; the campaign's page names only enrolled people whose
cases the viewer may see, and counts the others.
"""

from flask import abort
from sqlalchemy import and_, false, or_, select, true

from returnsvc.campaigns.models import Audience, SavingsCampaign
from returnsvc.cases.models import Case
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.core.countries import HOST, ORIGINS
from returnsvc.core.enums import Role
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Returnee


def _office_country(user) -> str | None:
    office = getattr(user, "office", None)
    return office.country if office is not None else None


def campaigns_clause(user):
    """A WHERE clause on SavingsCampaign: the campaigns `user` may run."""
    if user is None or not user.is_authenticated:
        return false()
    if user.role is Role.ADMIN:
        return true()
    country = _office_country(user) if user.role is Role.MANAGER else None
    if country == HOST:
        return SavingsCampaign.audience == Audience.MIGRANTS_IN_SPAIN
    if country in ORIGINS:
        return SavingsCampaign.country == country
    return false()


def campaign_or_404(campaign_id: int, user) -> SavingsCampaign:
    """The campaign if `user` may run it; 404 otherwise (another country's campaign reveals
    nothing, not even that it exists)."""
    campaign = db.session.scalar(
        select(SavingsCampaign).where(SavingsCampaign.id == campaign_id, campaigns_clause(user))
    )
    if campaign is None:
        abort(404)
    return campaign


def campaign_countries(user) -> tuple[str, ...]:
    """The origin countries `user` may create campaigns for."""
    if user is None or not user.is_authenticated:
        return ()
    if user.role is Role.ADMIN:
        return ORIGINS
    country = _office_country(user) if user.role is Role.MANAGER else None
    if country == HOST:
        return ORIGINS
    return (country,) if country in ORIGINS else ()


def campaign_audiences(user) -> tuple[Audience, ...]:
    """The audiences `user` may choose (a manager in Spain: migrants in Spain only)."""
    if user is not None and user.role is Role.MANAGER and _office_country(user) == HOST:
        return (Audience.MIGRANTS_IN_SPAIN,)
    return tuple(Audience)


def may_run(user, country: str, audience: Audience) -> bool:
    """Whether `user` may create (or change a campaign into) one of `country` and `audience`."""
    return country in campaign_countries(user) and audience in campaign_audiences(user)


def audience_clause(campaign: SavingsCampaign):
    """A WHERE clause on Case joined to Returnee: the cases of the campaign's audience (people
    of its origin country; of its office; or at an office in Spain)."""
    conditions = [Returnee.origin_country == campaign.country, Returnee.anonymised_at.is_(None)]
    if campaign.audience is Audience.OFFICE:
        conditions.append(Case.office_id == campaign.office_id)
    elif campaign.audience is Audience.MIGRANTS_IN_SPAIN:
        conditions.append(Case.office_id.in_(select(Office.id).where(Office.country == HOST)))
    return and_(*conditions)


def enrollable_cases(campaign: SavingsCampaign, user):
    """SELECT of (case id, returnee id) of the cases whose people `user` may enrol in
    `campaign` (None: no viewer check, for the CLI and demo data)."""
    stmt = (
        select(Case.id, Case.returnee_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(audience_clause(campaign))
    )
    if user is not None:
        stmt = stmt.where(visible_cases_clause(user))
    return stmt


def visible_person_clause(user, returnee_id_column):
    """A condition on a returnee id column: `user` may see one of that person's cases."""
    if user is not None and user.is_authenticated and user.role is Role.ADMIN:
        return true()
    return or_(
        select(Case.id)
        .where(Case.returnee_id == returnee_id_column, visible_cases_clause(user))
        .exists()
    )
