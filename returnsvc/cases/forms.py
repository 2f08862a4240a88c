from functools import lru_cache

from flask import current_app
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from returnsvc.cases import stages
from returnsvc.cases.models import CloseReason, Stage
from returnsvc.core.countries import ORIGINS, country_choices, country_name
from returnsvc.core.forms import VersionField, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.templating import locale_code
from returnsvc.returnees.models import ReturnProgramme, Sex

SORT_CHOICES = [
    ("recent", _l("Last stage change")),
    ("opened", _l("Date opened")),
    ("name", _l("Surname")),
]


class CaseFilterForm(FlaskForm):
    """The case list's search and filters (GET; no CSRF). Bad values are simply not applied."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search"),
        validators=[Optional(), Length(max=100)],
        description=_l("Name, identity document or phone; accents and case do not matter."),
    )
    stage = SelectField(_l("Stage"), default="open")
    office = SelectField(_l("Office"), default="")
    counsellor = SelectField(_l("Counsellor"), default="")
    sex = SelectField(_l("Sex"), default="")
    programme = SelectField(_l("Return programme"), default="")
    country = SelectField(_l("Country of return"), default="")
    sort = SelectField(_l("Sort by"), default="recent", choices=select_choices(SORT_CHOICES))

    def set_choices(self, offices, counsellors):
        fixed = _fixed_filter_choices(locale_code())
        self.stage.choices = fixed["stage"]
        self.sex.choices = fixed["sex"]
        self.programme.choices = fixed["programme"]
        self.country.choices = fixed["country"]
        self.sort.choices = fixed["sort"]
        self.office.choices = [
            *fixed["office"],
            *select_choices((str(o.id), o.name) for o in offices),
        ]
        self.counsellor.choices = [
            *fixed["counsellor"],
            *select_choices((str(c.id), c.full_name) for c in counsellors),
        ]

    def fixed_field(self, name: str) -> Markup:
        """The markup of a field with fixed choices (`forms.field`), made once per language
        and chosen value: it holds nothing but our labels. A field with errors, or an odd
        value, is rendered as it is."""
        field = self[name]
        choices = {choice.value for choice in field.choices}
        macros = current_app.jinja_env.get_template("_macros/forms.html").module
        if field.errors or field.data not in choices:
            return Markup(macros.field(field))
        key = (current_app._get_current_object(), locale_code(), name, field.data)
        markup = _FIELD_MARKUP.get(key)
        if markup is None:
            markup = _FIELD_MARKUP[key] = Markup(macros.field(field))
        return markup

    def applied(self) -> dict:
        """The filters that passed validation (a bad one is dropped, the rest still apply)."""
        self.validate()
        return {
            name: field.data
            for name, field in self._fields.items()
            if not field.errors and field.data not in (None, "")
        }


# (app, language, field, value) -> markup: a few hundred entries at most (the fixed choices).
_FIELD_MARKUP: dict[tuple, Markup] = {}


@lru_cache(maxsize=8)  # one entry per language
def _fixed_filter_choices(locale: str) -> dict[str, tuple[SelectChoice, ...]]:
    """The filter form's choices that are the same for everyone, translated once per language.

    Their labels are lazy strings: translating and escaping some thirty of them on every list
    request cost more than the list's query. Called with the request's locale, so the lazy
    labels resolve in that language; the tuples are shared, never modified."""

    def translated(pairs):
        return tuple(SelectChoice(value, str(label)) for value, label in pairs)

    return {
        "stage": translated(
            [("open", _l("All open cases")), ("all", _l("All cases"))]
            + [(s.value, s.label) for s in stages.ORDER]
        ),
        "office": translated([("", _l("All offices"))]),
        "counsellor": translated(
            [("", _l("Anyone")), ("me", _l("Me")), ("none", _l("Not assigned"))]
        ),
        "sex": translated([("", _l("Any"))] + Sex.choices()),
        "programme": translated([("", _l("Any"))] + ReturnProgramme.choices()),
        "country": translated([("", _l("Any"))] + country_choices(ORIGINS)),
        "sort": translated(SORT_CHOICES),
    }


class StageForm(FlaskForm):
    """Move an open case along its path (the next step first), or reopen a closed one.
    Closing asks for a reason: CloseForm, on a page of its own."""

    stage = SelectField(_l("New stage"), validators=[DataRequired()])
    note = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    version = VersionField()
    submit = SubmitField(_l("Change stage"))

    def set_choices(self, current: Stage):
        self.stage.choices = select_choices(
            [(s.value, s.label) for s in stages.next_stages(current)]
        )


class CloseForm(FlaskForm):
    close_reason = SelectField(
        _l("Reason for closing"),
        default="",
        validators=[DataRequired(message=_l("Choose why the case is being closed."))],
    )
    note = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    version = VersionField()
    submit = SubmitField(_l("Close the case"))

    def set_choices(self):
        self.close_reason.choices = select_choices([("", "—")] + CloseReason.choices())


class AssignForm(FlaskForm):
    counsellor = SelectField(_l("Counsellor"), default="")
    version = VersionField()
    submit = SubmitField(_l("Assign"))

    def set_choices(self, counsellors):
        self.counsellor.choices = select_choices(
            [("", _l("Not assigned"))] + [(str(c.id), c.full_name) for c in counsellors]
        )


class TransferForm(FlaskForm):
    to_office = SelectField(_l("Receiving office"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Why"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("For example: the person has returned to Quito."),
    )
    submit = SubmitField(_l("Request transfer"))

    def set_choices(self, offices):
        self.to_office.choices = select_choices(
            [("", "—")] + [(str(o.id), f"{o.name} ({country_name(o.country)})") for o in offices]
        )


class AcceptTransferForm(FlaskForm):
    counsellor = SelectField(_l("Assign to"), default="")
    submit = SubmitField(_l("Accept the case"))

    def set_choices(self, counsellors):
        self.counsellor.choices = select_choices(
            [("", _l("Not assigned yet"))] + [(str(c.id), c.full_name) for c in counsellors]
        )


class DeclineTransferForm(FlaskForm):
    decline_reason = TextAreaField(
        _l("Why the office declines"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Decline"))
