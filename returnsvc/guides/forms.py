"""Forms of the guide pages. Per-locale texts are fields named `<field>_<locale>` (title_es,
title_en...), added to the form classes by publishing.forms.add_text_fields; core.forms
`texts_of_form` and `fill_texts` turn them into and from the services' {locale: {field:
value}}. Rules that need the database (keys, codes, regions of the country) are checked by the
services, whose refusals the views show next to the field (core.forms.show_refusal)."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from returnsvc.core.countries import ORIGINS, country_name
from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.core.forms import (
    LocaleDecimalField,
    VersionField,
    WholeNumberField,
    select_choices,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.guides.models import DemandLevel, GuideKind, RiskLevel
from returnsvc.publishing.forms import TOO_LONG, add_text_fields


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; the service checks the values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        pass  # choices depend on the edition's country: the service refuses foreign values


CHOOSE = _l("— choose —")


def _blank_first(pairs, blank=CHOOSE):
    return select_choices([("", blank), *pairs])


class EditionForm(FlaskForm):
    country = SelectField(_l("Country"), validators=[DataRequired()])
    kind = SelectField(_l("Kind of guide"), validators=[DataRequired()])
    edition_date = DateField(
        _l("Edition date"),
        validators=[DataRequired(message=_l("Enter the edition date."))],
        description=_l("The date of the data the guide describes."),
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = _blank_first((c, country_name(c)) for c in ORIGINS)
        self.kind.choices = _blank_first(GuideKind.choices())


add_text_fields(
    EditionForm,
    {
        "title": (_l("Title"), StringField, 300),
        "source": (_l("Source"), StringField, 500),
        "summary": (_l("Summary"), TextAreaField, 5000),
    },
)


class CopyForm(FlaskForm):
    edition_date = DateField(
        _l("Date of the new edition"),
        validators=[DataRequired(message=_l("Enter the edition date."))],
    )
    submit = SubmitField(_l("Create the new edition"))


class _EntryForm(FlaskForm):
    key = StringField(
        _l("Key"),
        validators=[Optional(), Length(max=80, message=TOO_LONG)],
        description=_l(
            "A short stable name used by CSV files, e.g. “bricklayers”. Leave blank to make one."
        ),
    )
    isic_section = SelectField(_l("Sector (ISIC Rev.4 section)"))
    regions = CheckboxesField(
        _l("Regions"), description=_l("Tick none for the whole country."), choices=[]
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.isic_section.choices = _blank_first(
            (m.value, f"{m.value} — {m.label}") for m in IsicSection
        )
        self.regions.choices = select_choices(regions)


def _amount(label):
    return LocaleDecimalField(label, example="1200.50", places=2)


class DemandEntryForm(_EntryForm):
    # The occupation picker's choice ("isco:7112", "occupation:42"), which the picker renders
    # (templates/taxonomy/_picker.html): a field, so that a refusal goes next to it. Its id is
    # the picker's search box, where the error summary's link leads.
    occupation = StringField(_l("Occupation (ISCO-08 unit group)"), id="occupation-q")
    demand_level = SelectField(_l("Demand level"))
    wage_min = _amount(_l("Monthly wage from"))
    wage_max = _amount(_l("Monthly wage up to"))
    min_education = SelectField(_l("Minimum education"))
    experience_years = WholeNumberField(
        _l("Years of experience"),
        validators=[
            Optional(),
            NumberRange(0, 40, message=_l("Enter a number of years from 0 to 40.")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.demand_level.choices = _blank_first(DemandLevel.choices())
        self.min_education.choices = _blank_first(EducationLevel.choices(), _l("Not required"))


add_text_fields(
    DemandEntryForm,
    {
        "certifications": (_l("Certifications"), TextAreaField, 2000),
        "notes": (_l("Notes"), TextAreaField, 5000),
        "other_skills": (_l("Other skills, one per line"), TextAreaField, 3000),
    },
)


class OpportunityForm(_EntryForm):
    investment_min = _amount(_l("Investment from"))
    investment_max = _amount(_l("Investment up to"))
    risk_level = SelectField(_l("Risk"))
    occupations = StringField(
        _l("Fitting occupations"),
        validators=[Optional(), Length(max=500, message=TOO_LONG)],
        description=_l("ISCO-08 unit-group codes separated by commas, e.g. 7112, 5120."),
    )
    programme_ids = CheckboxesField(_l("Support programmes"), choices=[])

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.risk_level.choices = _blank_first(RiskLevel.choices())
        self.programme_ids.choices = select_choices(programmes)


add_text_fields(
    OpportunityForm,
    {
        "title": (_l("Title"), StringField, 300),
        "description": (_l("Description"), TextAreaField, 5000),
        "market_notes": (_l("Market notes"), TextAreaField, 5000),
        "other_skills": (_l("Other skills, one per line"), TextAreaField, 3000),
    },
)


def split_codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
