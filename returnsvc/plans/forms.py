"""Forms of the reintegration plan. Each fills exactly the fields the services accept."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from returnsvc.core.clock import local_today
from returnsvc.core.forms import VersionField, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus

# Due dates outside this window are typing mistakes (a year of 0202 or 2205), not plans.
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE_YEARS_AHEAD = 10


class GoalForm(FlaskForm):
    dimension = SelectField(
        _l("Dimension"),
        choices=select_choices(Dimension.choices()),
        description=_l(
            "Economic: work and income. Social: family, housing, community. "
            "Psychosocial: well-being."
        ),
    )
    title = StringField(
        _l("Goal"),
        validators=[DataRequired(message=_l("Write the goal.")), Length(max=300)],
        description=_l("What the person wants to achieve, in a short sentence."),
    )
    description = TextAreaField(
        _l("Details"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4}
    )
    submit = SubmitField(_l("Save the goal"))

    def goal_data(self) -> dict:
        data = {
            "dimension": self.dimension.data,
            "title": self.title.data or "",
            "description": self.description.data or "",
        }
        if "status" in self:
            data["status"] = self.status.data
        return data


class EditGoalForm(GoalForm):
    status = SelectField(_l("Status"), choices=select_choices(GoalStatus.choices()))
    version = VersionField()


class ActionForm(FlaskForm):
    title = StringField(
        _l("Action"),
        validators=[DataRequired(message=_l("Write the action.")), Length(max=300)],
        description=_l("A concrete step towards the goal."),
    )
    responsible = StringField(
        _l("Who does it"),
        validators=[
            DataRequired(message=_l("Say who is responsible for this action.")),
            Length(max=200),
        ],
        description=_l("For example: the person, the counsellor, or a partner organisation."),
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    by_returnee = BooleanField(
        _l("The person does this themselves"),
        description=_l("They can then say in their portal that it is done, for you to confirm."),
    )
    submit = SubmitField(_l("Save the action"))

    def validate_due_date(self, field):
        if field.data is None:
            return
        latest_year = local_today().year + LATEST_DUE_YEARS_AHEAD
        if not EARLIEST_DUE <= field.data <= date(latest_year, 12, 31):
            raise ValidationError(
                _l("Enter a date between %(first)d and %(last)d.", first=2000, last=latest_year)
            )

    def action_data(self) -> dict:
        data = {
            "title": self.title.data or "",
            "responsible": self.responsible.data or "",
            "due_date": self.due_date.data,
            "by_returnee": bool(self.by_returnee.data),
        }
        if "status" in self:
            data["status"] = self.status.data
        return data


class EditActionForm(ActionForm):
    status = SelectField(_l("Status"), choices=select_choices(ActionStatus.choices()))
    version = VersionField()


class ActionStatusForm(FlaskForm):
    """One-click status change from the plan page (e.g. "Mark as done")."""

    status = SelectField(_l("Status"), choices=select_choices(ActionStatus.choices()))
    version = VersionField()


class ReportAnswerForm(FlaskForm):
    """The counsellor's answer to a person's "I did this": confirm (the action is done) or
    clear (not done yet)."""

    decision = SelectField(
        _l("Answer"),
        choices=select_choices(
            [("confirm", _l("Confirm: it is done")), ("clear", _l("Not done yet"))]
        ),
    )
    version = VersionField()
