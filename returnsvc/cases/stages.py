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


# The path a case normally takes, step by step: the stage page offers the next step first.
FORWARD = (
    Stage.REGISTERED,
    Stage.ASSESSED,
    Stage.PLAN_AGREED,
    Stage.IN_SUPPORT,
    Stage.FOLLOW_UP,
    Stage.CLOSED,
)


def allowed_next(stage: Stage) -> list[Stage]:
    return [s for s in ORDER if s in TRANSITIONS[stage]]


def next_stages(stage: Stage) -> list[Stage]:
    """Where the stage page may move a case (closing has a page of its own): the steps forward
    first, nearest first, then the steps back, nearest first. From "reopened" every stage it may
    take up again is forward; from "closed" the one way is reopening."""
    here = FORWARD.index(stage) if stage in FORWARD else -1

    def key(target: Stage):
        there = FORWARD.index(target) if target in FORWARD else here + 1
        return (0, there) if there > here else (1, -there)

    return sorted((s for s in TRANSITIONS[stage] if s is not Stage.CLOSED), key=key)


def can_close(stage: Stage) -> bool:
    return Stage.CLOSED in TRANSITIONS[stage]


def is_allowed(current: Stage, target: Stage) -> bool:
    return target in TRANSITIONS[current]
