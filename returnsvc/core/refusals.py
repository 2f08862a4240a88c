
"""The exception services raise when they refuse an operation (bad state, a rule broken).

Features may subclass it (CaseError, PlanError...) for their own `except`; views catch
`Refusal` and show `message` (translated) next to `field` or at the top of the form
(core.forms.show_refusal), or as a flash message (`flash_refusal`).

Both mark the request for rollback: whatever the request wrote before the service refused (a
first step of two) is never committed with a page that says it failed. What must outlive a
refused request (the access log of the case page shown again, a failed password check in the
audit log) is registered with core.request_cycle.keep_on_rollback. (The mark is made where a
refusal is handled, not where it is built: services may build one before they know whether
they will raise it.)
"""

from flask import g, has_request_context

from returnsvc.core.flashes import flash


class Refusal(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def roll_back_request() -> None:
    """Nothing this request wrote is committed (core.request_cycle), but kept records."""
    if has_request_context():
        g.rollback_only = True


def flash_refusal(refusal: Refusal, category: str = "error") -> None:
    """Show a refusal as a flash message (the page redirects) and roll the request back."""
    roll_back_request()
    flash(refusal.message, category)
