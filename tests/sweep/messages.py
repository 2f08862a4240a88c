"""Expected status per role for the case's Messages tab (the case belongs to world.home_office;
the signed-in counsellor works there): whoever may see the case reads the conversation; the
counsellors of the owning office write, close and reopen it. The person's side is the portal's
section /my/messages (portal.section, swept with the portal)."""

from tests.sweep.common import CASE_READ, status

# An empty message: the tab again with the error next to the field.
EMPTY_FORM = status(302, 403, 200, 403, 403)
# One-click buttons: done (or said why not) and back to the tab.
BUTTON = status(302, 403, 302, 403, 403)

_TAB = "/cases/{case_id}/messages"
EXPECTED = {
    "messages.case_messages": ("GET", _TAB, CASE_READ),
    "messages.send_message": ("POST", _TAB, EMPTY_FORM),
    "messages.close_thread": ("POST", f"{_TAB}/close", BUTTON),
    "messages.reopen_thread": ("POST", f"{_TAB}/reopen", BUTTON),
}
