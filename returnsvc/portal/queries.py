"""What the portal home reads about the person's own case."""

from dataclasses import dataclass

from returnsvc.cases.models import Case, Stage
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.returnees.models import Returnee

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
    stage_title: object
    stage_next: object
    counsellor: str | None
    office: str | None
    office_city: str | None


def home_facts(case: Case | None, returnee: Returnee) -> HomeFacts | None:
    """Where the case is, in plain words, and who holds it (None before any case)."""
    if case is None:
        return None
    title, next_step = STAGE_IN_PLAIN_WORDS[case.stage]
    counsellor = case.counsellor
    office = case.office
    return HomeFacts(
        stage_title=title,
        stage_next=next_step,
        counsellor=counsellor.full_name if counsellor is not None else None,
        office=office.name if office is not None else None,
        office_city=office.city if office is not None else None,
    )
