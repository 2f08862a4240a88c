"""The plan tab of a case: goals by dimension with their actions; add and edit both.

Every page hangs under the case URL: the case is loaded through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed) and goal or action ids are looked up within
that case only.
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.workspace import contribute
from returnsvc.core.clock import local_today
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.plans import contributions, queries, services
from returnsvc.plans.forms import (
    ActionForm,
    ActionStatusForm,
    EditActionForm,
    EditGoalForm,
    GoalForm,
    ReportAnswerForm,
)
from returnsvc.plans.models import ActionStatus, Dimension

bp = Blueprint("plans", __name__, url_prefix="/cases")
contribute(bp, contributions)


def _goal_or_404(case, goal_id: int):
    goal = queries.goal_of_case(case, goal_id)
    if goal is None:
        abort(404)
    return goal


def _action_or_404(case, action_id: int):
    action = queries.action_of_case(case, action_id)
    if action is None:
        abort(404)
    return action


def _plan_url(case, goal=None) -> str:
    anchor = f"goal-{goal.id}" if goal is not None else None
    return url_for("plans.plan", case_id=case.id, _anchor=anchor)


@bp.route("/<int:case_id>/plan")
@require_permission(Permission.VIEW_CASES)
def plan(case_id: int):
    case = viewed_case(case_id, "plan")
    groups = queries.plan_of(case)
    today = local_today()
    return render_template(
        "plans/plan.html",
        case=case,
        groups=groups,
        today=today,
        is_overdue=queries.is_overdue,
        overdue=queries.overdue_count(groups, today),
        reported=queries.reported_count(groups),
        ActionStatus=ActionStatus,
    )


class NewGoal(FormPage):
    template = "plans/goal_form.html"

    def load(self, case_id):
        return {"case": workable_case(case_id), "goal": None}

    def make_form(self, context):
        form = GoalForm()
        wanted = request.args.get("dimension")
        if not form.is_submitted() and wanted in {d.value for d in Dimension}:
            form.dimension.data = wanted
        return form

    def save(self, form, context):
        return services.add_goal(context["case"], form.goal_data(), actor=current_user)

    def message(self, goal, context):
        return _l("Goal added to the plan.")

    def done_url(self, goal, context):
        return _plan_url(context["case"], goal)


class EditGoal(FormPage):
    template = "plans/goal_form.html"

    def load(self, case_id, goal_id):
        case = workable_case(case_id)
        return {"case": case, "goal": _goal_or_404(case, goal_id)}

    def stored(self, context):
        return context["goal"]

    def make_form(self, context):
        goal = context["goal"]
        form = EditGoalForm(obj=goal)
        if not form.is_submitted():
            form.dimension.data = goal.dimension.value
            form.status.data = goal.status.value
            form.version.data = goal.version
        return form

    def save(self, form, context):
        return services.update_goal(
            context["goal"], form.goal_data(), actor=current_user, version=form.version.data
        )

    def done_url(self, result, context):
        return _plan_url(context["case"], context["goal"])


class NewAction(FormPage):
    template = "plans/action_form.html"
    form_class = ActionForm

    def load(self, case_id, goal_id):
        case = workable_case(case_id)
        return {"case": case, "goal": _goal_or_404(case, goal_id), "action": None}

    def save(self, form, context):
        return services.add_action(context["goal"], form.action_data(), actor=current_user)

    def message(self, action, context):
        return _l("Action added to the goal.")

    def done_url(self, action, context):
        return _plan_url(context["case"], context["goal"])


class EditAction(FormPage):
    template = "plans/action_form.html"

    def load(self, case_id, action_id):
        case = workable_case(case_id)
        action = _action_or_404(case, action_id)
        return {"case": case, "goal": action.goal, "action": action}

    def stored(self, context):
        return context["action"]

    def make_form(self, context):
        action = context["action"]
        form = EditActionForm(obj=action)
        if not form.is_submitted():
            form.status.data = action.status.value
            form.version.data = action.version
        return form

    def save(self, form, context):
        return services.update_action(
            context["action"], form.action_data(), actor=current_user, version=form.version.data
        )

    def done_url(self, result, context):
        return _plan_url(context["case"], context["goal"])


_WRITE = Permission.WORK_ON_CASES
add_page(bp, "/<int:case_id>/plan/goals/new", NewGoal, _WRITE, endpoint="new_goal")
add_page(bp, "/<int:case_id>/plan/goals/<int:goal_id>", EditGoal, _WRITE, endpoint="edit_goal")
add_page(
    bp,
    "/<int:case_id>/plan/goals/<int:goal_id>/actions/new",
    NewAction,
    _WRITE,
    endpoint="new_action",
)
add_page(
    bp, "/<int:case_id>/plan/actions/<int:action_id>", EditAction, _WRITE, endpoint="edit_action"
)


@bp.route("/<int:case_id>/plan/actions/<int:action_id>/status", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def set_action_status(case_id: int, action_id: int):
    case = workable_case(case_id)
    action = _action_or_404(case, action_id)
    form = ActionStatusForm()
    if not form.validate_on_submit():
        flash(_l("Choose a status for the action."), "error")
        return redirect(_plan_url(case, action.goal))
    try:
        services.set_action_status(
            action, form.status.data, actor=current_user, version=form.version.data
        )
    except StaleEdit:
        return conflict_response(form, action, back_url=_plan_url(case, action.goal))
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        message = _("“%(action)s” is now “%(status)s”.")
        flash(message_with(message, action=action.title, status=action.status.label), "success")
    return redirect(_plan_url(case, action.goal))


@bp.route("/<int:case_id>/plan/actions/<int:action_id>/report", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def answer_report(case_id: int, action_id: int):
    """The counsellor's answer to the person's "I did this" (their portal): confirmed, the
    action is done; cleared, it stays open and the person sees it is not done yet."""
    case = workable_case(case_id)
    action = _action_or_404(case, action_id)
    back = _plan_url(case, action.goal)
    form = ReportAnswerForm()
    if not form.validate_on_submit():
        flash(_l("Choose whether the action is done."), "error")
        return redirect(back)
    try:
        if form.decision.data == "confirm":
            services.confirm_reported_done(action, actor=current_user, version=form.version.data)
            message = _("“%(action)s” is done, as the person said.")
        else:
            services.clear_reported_done(action, actor=current_user, version=form.version.data)
            message = _("“%(action)s” stays open: the person sees that it is not done yet.")
    except StaleEdit:
        flash(_l("Someone changed this action meanwhile. Look at it again."), "error")
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(message_with(message, action=action.title), "success")
    return redirect(back)
