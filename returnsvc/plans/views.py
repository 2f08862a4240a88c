"""The plan tab of a case: goals by dimension with their actions; add and edit both.

Every page hangs under the case URL: the case is loaded through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed) and goal or action ids are looked up within
that case only.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.forms import show_refusal
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.plans import queries, services
from returnsvc.plans.forms import (
    ActionForm,
    ActionStatusForm,
    EditActionForm,
    EditGoalForm,
    GoalForm,
)
from returnsvc.plans.models import ActionStatus, Dimension

bp = Blueprint("plans", __name__, url_prefix="/cases")


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
    today = queries.today()
    return render_template(
        "plans/plan.html",
        case=case,
        groups=groups,
        today=today,
        is_overdue=queries.is_overdue,
        overdue=queries.overdue_count(groups, today),
        ActionStatus=ActionStatus,
    )


@bp.route("/<int:case_id>/plan/goals/new", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def new_goal(case_id: int):
    case = workable_case(case_id)
    form = GoalForm()
    if not form.is_submitted() and request.args.get("dimension") in {d.value for d in Dimension}:
        form.dimension.data = request.args["dimension"]
    if form.validate_on_submit():
        try:
            goal = services.add_goal(case, form.goal_data(), actor=current_user)
        except services.PlanError as error:
            show_refusal(form, error)
        else:
            flash(_l("Goal added to the plan."), "success")
            return redirect(_plan_url(case, goal))
    return render_template("plans/goal_form.html", case=case, form=form, goal=None)


@bp.route("/<int:case_id>/plan/goals/<int:goal_id>", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def edit_goal(case_id: int, goal_id: int):
    case = workable_case(case_id)
    goal = _goal_or_404(case, goal_id)
    form = EditGoalForm(obj=goal)
    if not form.is_submitted():
        form.dimension.data = goal.dimension.value
        form.status.data = goal.status.value
        form.version.data = goal.version
    if form.validate_on_submit():
        try:
            changes = services.update_goal(
                goal, form.goal_data(), actor=current_user, version=form.version.data
            )
        except StaleEdit:
            return conflict_response(
                form, goal, back_url=url_for("plans.edit_goal", case_id=case.id, goal_id=goal.id)
            )
        except services.PlanError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(_plan_url(case, goal))
    return render_template("plans/goal_form.html", case=case, form=form, goal=goal)


@bp.route("/<int:case_id>/plan/goals/<int:goal_id>/actions/new", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def new_action(case_id: int, goal_id: int):
    case = workable_case(case_id)
    goal = _goal_or_404(case, goal_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.add_action(goal, form.action_data(), actor=current_user)
        except services.PlanError as error:
            show_refusal(form, error)
        else:
            flash(_l("Action added to the goal."), "success")
            return redirect(_plan_url(case, goal))
    return render_template("plans/action_form.html", case=case, form=form, goal=goal, action=None)


@bp.route("/<int:case_id>/plan/actions/<int:action_id>", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def edit_action(case_id: int, action_id: int):
    case = workable_case(case_id)
    action = _action_or_404(case, action_id)
    form = EditActionForm(obj=action)
    if not form.is_submitted():
        form.status.data = action.status.value
        form.version.data = action.version
    if form.validate_on_submit():
        try:
            changes = services.update_action(
                action, form.action_data(), actor=current_user, version=form.version.data
            )
        except StaleEdit:
            return conflict_response(
                form,
                action,
                back_url=url_for("plans.edit_action", case_id=case.id, action_id=action.id),
            )
        except services.PlanError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(_plan_url(case, action.goal))
    return render_template(
        "plans/action_form.html", case=case, form=form, goal=action.goal, action=action
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
    except services.PlanError as error:
        flash(error.message, "error")
    else:
        flash(
            _l(
                "“%(action)s” is now “%(status)s”.",
                action=action.title,
                status=action.status.label,
            ),
            "success",
        )
    return redirect(_plan_url(case, action.goal))
