"""The case lifecycle in one place: which stage may follow which.

registered -> assessed -> plan_agreed -> in_support -> follow_up -> closed
(a step back is allowed where work is redone; any open stage may close; closed -> reopened)

"Assessed" is the intake step (skills "mark assessed", from "registered"; or a step back from an
agreed plan when the assessment is redone). A reopened case takes up its plan, support or
follow-up again: the skills profile belongs to the person and outlives the case, so the case is
not sent back to "assessed" straight from "reopened", past the profile's own check.
"""

from returnsvc.cases.models import Stage

TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.REGISTERED: frozenset({Stage.ASSESSED, Stage.CLOSED}),
    Stage.ASSESSED: frozenset({Stage.PLAN_AGREED, Stage.CLOSED}),
    Stage.PLAN_AGREED: frozenset({Stage.IN_SUPPORT, Stage.ASSESSED, Stage.CLOSED}),
    Stage.IN_SUPPORT: frozenset({Stage.FOLLOW_UP, Stage.PLAN_AGREED, Stage.CLOSED}),
    Stage.FOLLOW_UP: frozenset({Stage.IN_SUPPORT, Stage.CLOSED}),
    Stage.CLOSED: frozenset({Stage.REOPENED}),
    Stage.REOPENED: frozenset({Stage.PLAN_AGREED, Stage.IN_SUPPORT, Stage.FOLLOW_UP, Stage.CLOSED}),
}

# Stages in the order lists and charts show them.
ORDER = (
    Stage.REGISTERED,
    Stage.REOPENED,
    Stage.ASSESSED,
    Stage.PLAN_AGREED,
    Stage.IN_SUPPORT,
    Stage.FOLLOW_UP,
    Stage.CLOSED,
)


def allowed_next(stage: Stage) -> list[Stage]:
    return [s for s in ORDER if s in TRANSITIONS[stage]]


def is_allowed(current: Stage, target: Stage) -> bool:
    return target in TRANSITIONS[current]
