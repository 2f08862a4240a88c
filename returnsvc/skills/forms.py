"""Forms of the skills profile. Each fills exactly the fields its service accepts; the rules
(years, dates, recognition, duplicates, regions of the origin country) are the services' own
checks, shown next to their fields through core.forms.show_refusal.

Occupations and skills are chosen without JavaScript: the form has a search box and a
"Search" button; the view re-renders the same form with the hits as radio choices, and the
chosen key is checked against the taxonomy by the service, never trusted.
"""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from returnsvc.core.enums import EducationLevel
from returnsvc.core.forms import (
    LocaleDecimalField,
    VersionField,
    WholeNumberField,
    select_choices,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import parse_whole_number
from returnsvc.core.regions import regions_of
from returnsvc.skills import choices
from returnsvc.skills.fields import TOO_LONG, CountryField, PickerForm
from returnsvc.skills.models import (
    CefrLevel,
    EmploymentPreference,
    RecognitionStatus,
    SkillEvidence,
    SkillLevel,
    WorkPlace,
)


def _blank_first(pairs) -> list[SelectChoice]:
    return [SelectChoice("", "—"), *select_choices(pairs)]


class ExperienceForm(PickerForm):
    q = StringField(
        _l("Occupation"),
        validators=[Optional(), Length(max=200, message=TOO_LONG)],
        description=_l(
            "Type a few words (for example “cook” or “enfermera”) and press Search, "
            "or type the four-digit ISCO-08 code."
        ),
    )
    concept = RadioField(_l("Choose the occupation"), choices=[], validate_choice=False)
    # The help text gives an example in the user's number format (see the template).
    years_experience = LocaleDecimalField(_l("Years of experience"))
    place = SelectField(
        _l("Where"),
        choices=_blank_first(WorkPlace.choices()),
        validators=[DataRequired(message=_l("Say where the person did this work."))],
    )
    last_year_worked = WholeNumberField(
        _l("Last year worked"),
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField(_l("Save the occupation"))

    def experience_data(self) -> dict:
        return {
            "occupation": self.concept.data or _typed_code(self.q.data),
            "years_experience": self.years_experience.data,
            "place": self.place.data,
            "last_year_worked": self.last_year_worked.data,
        }


def _typed_code(text) -> str:
    """An ISCO code typed into the search box counts as a choice ("7512")."""
    text = (text or "").strip()
    return text if parse_whole_number(text) is not None else ""


class EditExperienceForm(ExperienceForm):
    version = VersionField()


class SkillForm(PickerForm):
    q = StringField(
        _l("ESCO skill"),
        validators=[Optional(), Length(max=200, message=TOO_LONG)],
        description=_l("Type a few words and press Search, then choose one of the results."),
    )
    concept = RadioField(_l("Choose the skill"), choices=[], validate_choice=False)
    free_text = StringField(
        _l("Or describe the skill in your own words"),
        validators=[Optional(), Length(max=200, message=TOO_LONG)],
        description=_l("Only when no ESCO skill fits."),
    )
    level = SelectField(
        _l("Level"),
        choices=_blank_first(SkillLevel.choices()),
        validators=[DataRequired(message=_l("Choose the level."))],
    )
    evidence = SelectField(
        _l("Evidence"),
        choices=select_choices(SkillEvidence.choices()),
        default=SkillEvidence.SELF_DECLARED.value,
    )
    submit = SubmitField(_l("Save the skill"))

    def skill_data(self) -> dict:
        return {
            "skill": self.concept.data or "",
            "free_text": self.free_text.data or "",
            "level": self.level.data,
            "evidence": self.evidence.data,
        }


class EditSkillForm(SkillForm):
    version = VersionField()


class QualificationForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Write the title of the qualification.")),
            Length(max=300, message=TOO_LONG),
        ],
        description=_l("As written on the diploma, for example “Licenciatura en Enfermería”."),
    )
    isced_level = SelectField(
        _l("Level (ISCED 2011)"),
        choices=_blank_first(EducationLevel.choices()),
        validators=[DataRequired(message=_l("Choose the level of the qualification."))],
    )
    issuing_country = CountryField(
        _l("Issuing country"),
        validators=[DataRequired(message=_l("Choose the country that issued it."))],
    )
    institution = StringField(
        _l("Institution"), validators=[Optional(), Length(max=200, message=TOO_LONG)]
    )
    year_awarded = WholeNumberField(
        _l("Year awarded"), validators=[Optional()], render_kw={"inputmode": "numeric"}
    )
    recognition_status = SelectField(
        _l("Recognition in the country of return"),
        choices=_blank_first(RecognitionStatus.choices()),
        validators=[
            DataRequired(message=_l("Say whether the qualification needs to be recognised."))
        ],
    )
    recognition_authority = StringField(
        _l("Recognising authority"),
        validators=[Optional(), Length(max=200, message=TOO_LONG)],
        description=_l("For example the ministry of education or of health, or a university."),
    )
    recognition_requested_on = DateField(_l("Requested on"), validators=[Optional()])
    recognition_resolved_on = DateField(
        _l("Resolved on"),
        validators=[Optional()],
        description=_l("Only once the qualification is recognised or rejected."),
    )
    recognition_notes = TextAreaField(
        _l("Notes on the recognition"),
        validators=[Optional(), Length(max=5000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save the qualification"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuing_country.set_country_choices()

    def qualification_data(self) -> dict:
        return {
            "title": self.title.data or "",
            "isced_level": self.isced_level.data,
            "issuing_country": self.issuing_country.data,
            "institution": self.institution.data or "",
            "year_awarded": self.year_awarded.data,
            "recognition_status": self.recognition_status.data,
            "recognition_authority": self.recognition_authority.data or "",
            "recognition_requested_on": self.recognition_requested_on.data,
            "recognition_resolved_on": self.recognition_resolved_on.data,
            "recognition_notes": self.recognition_notes.data or "",
        }


class EditQualificationForm(QualificationForm):
    version = VersionField()


class CertificateForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Write the title of the certificate.")),
            Length(max=300, message=TOO_LONG),
        ],
        description=_l("For example “Cocina” (certificado de profesionalidad)."),
    )
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=40, message=TOO_LONG)],
        description=_l("The issuer's code, for example HOTR0408."),
    )
    issuer = StringField(
        _l("Issued by"), validators=[Optional(), Length(max=200, message=TOO_LONG)]
    )
    issuing_country = CountryField(
        _l("Issuing country"),
        validators=[DataRequired(message=_l("Choose the country that issued it."))],
        default="ES",
    )
    level = SelectField(
        _l("Level"),
        choices=_blank_first((str(n), str(n)) for n in range(1, 6)),
        default="",
        description=_l("Spanish certificates have levels 1 to 3."),
    )
    year_issued = WholeNumberField(
        _l("Year issued"), validators=[Optional()], render_kw={"inputmode": "numeric"}
    )
    submit = SubmitField(_l("Save the certificate"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuing_country.set_country_choices()

    def certificate_data(self) -> dict:
        return {
            "title": self.title.data or "",
            "code": self.code.data or "",
            "issuer": self.issuer.data or "",
            "issuing_country": self.issuing_country.data,
            "level": self.level.data or None,
            "year_issued": self.year_issued.data,
        }


class EditCertificateForm(CertificateForm):
    version = VersionField()


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=[],
        validators=[DataRequired(message=_l("Choose the language."))],
    )
    level = SelectField(
        _l("Level (CEFR)"),
        choices=_blank_first(CefrLevel.choices()),
        validators=[DataRequired(message=_l("Choose the level."))],
    )
    submit = SubmitField(_l("Save the language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        common, rest = _l("Common languages"), _l("Other languages")
        names = choices.languages()
        by_code = dict(names)
        self.language.choices = (
            [SelectChoice("", "—")]
            + [
                SelectChoice(code, by_code[code], optgroup=common)
                for code in choices.COMMON_LANGUAGES
            ]
            + [
                SelectChoice(code, name, optgroup=rest)
                for code, name in names
                if code not in choices.COMMON_LANGUAGES
            ]
        )

    def language_data(self) -> dict:
        return {"language": self.language.data, "level": self.level.data}


class EditLanguageForm(LanguageForm):
    version = VersionField()


class PreferenceForm(FlaskForm):
    employment = SelectField(
        _l("Work sought"),
        choices=_blank_first(EmploymentPreference.choices()),
        validators=[DataRequired(message=_l("Choose the kind of work sought."))],
    )
    # Shown as checkboxes; the service refuses a region of another country.
    regions = SelectMultipleField(_l("Regions where the person would work"), choices=[])
    expected_wage = LocaleDecimalField(_l("Expected monthly wage"), example="1200.50", places=2)
    notes = TextAreaField(
        _l("Notes"),
        validators=[Optional(), Length(max=5000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    version = VersionField()
    submit = SubmitField(_l("Save the preferences"))

    def set_country(self, country: str) -> None:
        self.regions.choices = select_choices(regions_of(country))
        # A region outside the list gets the service's clear message, not WTForms' own.
        self.regions.validate_choice = False

    def preference_data(self) -> dict:
        return {
            "employment": self.employment.data,
            "regions": list(self.regions.data or []),
            "expected_wage": self.expected_wage.data,
            "notes": self.notes.data or "",
        }


class ConfirmForm(FlaskForm):
    """Delete confirmation and "mark assessed": the version the user saw, and CSRF."""

    version = VersionField()
