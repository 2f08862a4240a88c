"""The case's Messages tab: the conversation with the person, the reply form, and the buttons
that close and reopen the conversation.

Every page hangs under the case URL. Reads load the case with `viewed_case` (404 when
invisible; the view goes to the access log): whoever may see the case reads the conversation.
Writes load it with `workable_case` (404 invisible, 403 read-only, 409 closed): the
counsellors of the office that holds the case write, close and reopen. A counsellor of that
office opening the tab reads the person's messages (they are no longer new on anyone's home);
a reader from elsewhere (a manager, an administrator, the office a transfer is offered to)
leaves them unread.
"""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.services import record_case_view
from returnsvc.cases.visibility import can_work_on
from returnsvc.cases.workspace import contribute
from returnsvc.core.flashes import flash
from returnsvc.core.forms import show_refusal
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import BIGINT_MAX
from returnsvc.core.paging import number_arg
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.messages import contributions, queries, services
from returnsvc.messages.forms import MessageForm
from returnsvc.messages.models import MessageSender

bp = Blueprint("messages", __name__, url_prefix="/cases")
contribute(bp, contributions)


def _writable(case) -> bool:
    """Whether to offer the forms (a courtesy: the POST views check again)."""
    return can_work_on(case, current_user) and case.is_open


@bp.route("/<int:case_id>/messages")
@require_permission(Permission.VIEW_CASES)
def case_messages(case_id: int):
    case = viewed_case(case_id, "messages")
    return _page(case, MessageForm() if _writable(case) else None, opening=True)


@bp.route("/<int:case_id>/messages", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def send_message(case_id: int):
    case = workable_case(case_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.send_from_counsellor(case, form.message_data(), actor=current_user)
        except Refusal as error:
            show_refusal(form, error)
        else:
            flash(_l("Message sent."), "success")
            return redirect(
                url_for("messages.case_messages", case_id=case.id, _anchor="reply-title")
            )
    # The conversation shown again with the error is a view of the case too.
    record_case_view(case, current_user, "messages")
    return _page(case, form, opening=False)


@bp.route("/<int:case_id>/messages/close", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def close_thread(case_id: int):
    case = workable_case(case_id)
    try:
        services.close_thread(case, actor=current_user)
    except Refusal as error:
        flash_refusal(error)
    else:
        flash(_l("Conversation closed: the person can read it but no longer write."), "success")
    return redirect(url_for("messages.case_messages", case_id=case.id))


@bp.route("/<int:case_id>/messages/reopen", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def reopen_thread(case_id: int):
    case = workable_case(case_id)
    try:
        services.reopen_thread(case, actor=current_user)
    except Refusal as error:
        flash_refusal(error)
    else:
        flash(_l("Conversation reopened: the person can write again."), "success")
    return redirect(url_for("messages.case_messages", case_id=case.id))


def _page(case, form, *, opening: bool):
    """The tab: the state, a page of messages (oldest first, ?before=<message id> for older
    ones), the reply form. Three statements at most, whatever the number of messages."""
    before = number_arg("before", maximum=BIGINT_MAX)
    messages, older = queries.messages_page(case.id, before)
    state = queries.thread_state(case.id, MessageSender.COUNSELLOR)
    if opening and state.unread and can_work_on(case, current_user):
        services.mark_read(case, MessageSender.COUNSELLOR)
    return render_template(
        "messages/tab.html",
        case=case,
        form=form,
        state=state,
        messages=messages,
        older=older,
        before=before,
        writable=_writable(case),
        me=MessageSender.COUNSELLOR,
    )
