"""The exception services raise when they refuse an operation (bad state, a rule broken).

Each feature subclasses it (CaseError, PlanError...) so callers can catch just their own;
views show `message` (translated) next to `field`, or at the top of the form (see
core.forms.show_refusal).
"""


class Refusal(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
