"""What the portal home reads about the person's own case: the stage in plain words and who
holds it, and the explorer's query prefilled with their country, region and occupation. (What
needs the person comes from the registered sections: portal/home.html.)"""

from dataclasses import dataclass

from sqlalchemy import select

from returnsvc.cases.models import Case, Stage
from returnsvc.core.countries import ORIGINS
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.regions import is_region_of
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import WorkExperience

# The stage in plain words for the person (never the staff's code): where they are, and what
# comes next.
STAGE_IN_PLAIN_WORDS = {
    Stage.REGISTERED: (
        _l("We have your details"),
        _l("Your counsellor will meet you to talk about your work, your skills and your plans."),
    ),
    Stage.ASSESSED: (
        _l("We know your skills"),
        _l("Next, you and your counsellor agree a plan: what you want and the steps to get it."),
    ),
    Stage.PLAN_AGREED: (
        _l("You have a plan"),
        _l("Now you work on the steps of your plan, with your counsellor's help."),
    ),
    Stage.IN_SUPPORT: (
        _l("You are getting support"),
        _l("Training, looking for work or your business: your counsellor is with you."),
    ),
    Stage.FOLLOW_UP: (
        _l("We keep in touch"),
        _l("Your counsellor asks from time to time how you are doing."),
    ),
    Stage.CLOSED: (
        _l("Your case is closed"),
        _l("If you need help again, write to the office or visit it."),
    ),
    Stage.REOPENED: (
        _l("Your case is open again"),
        _l("Your counsellor will contact you to see what you need now."),
    ),
}


@dataclass(frozen=True)
class HomeFacts:
    # None before any case.
    stage_title: object
    stage_next: object
    counsellor: str | None
    office: str | None
    office_city: str | None
    # The explorer's query string for the person (explorer_args).
    explorer: dict


def home_facts(case: Case | None, returnee: Returnee) -> HomeFacts:
    """Where the case is, in plain words, and who holds it (None each before any case), and
    the explorer's query for the person."""
    explorer = explorer_args(returnee)
    if case is None:
        return HomeFacts(None, None, None, None, None, explorer)
    title, next_step = STAGE_IN_PLAIN_WORDS[case.stage]
    counsellor = case.counsellor
    office = case.office
    return HomeFacts(
        stage_title=title,
        stage_next=next_step,
        counsellor=counsellor.full_name if counsellor is not None else None,
        office=office.name if office is not None else None,
        office_city=office.city if office is not None else None,
        explorer=explorer,
    )


def main_occupation(returnee_id: int) -> str | None:
    """The ISCO-08 unit group of the person's main work experience: the one the skills
    profile lists first (latest worked, then longest), or None."""
    return db.session.scalar(
        select(WorkExperience.isco_code)
        .where(WorkExperience.returnee_id == returnee_id)
        .order_by(
            WorkExperience.last_year_worked.desc().nulls_last(),
            WorkExperience.years_experience.desc().nulls_last(),
            WorkExperience.id,
        )
        .limit(1)
    )


def explorer_args(returnee: Returnee) -> dict:
    """The explorer's query (explorer.views.explore: country, region, occupation) for the
    person: their country of return, their region in it, their main occupation. Values the
    explorer would refuse are left out ({} for a country it does not cover)."""
    country = returnee.origin_country
    if country not in ORIGINS:
        return {}
    args = {"country": country}
    if returnee.region_code and is_region_of(returnee.region_code, country):
        args["region"] = returnee.region_code
    occupation = main_occupation(returnee.id)
    if occupation:
        args["occupation"] = occupation
    return args
