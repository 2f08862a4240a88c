"""Intake and edit forms for a returnee. The form fills exactly the fields the services
accept (PERSON_FIELDS, MIGRATION_FIELDS): nothing else can be assigned from a request."""

from datetime import date

from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from returnsvc.core.clock import local_today
from returnsvc.core.countries import ORIGINS, country_name, world_country_choices
from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.core.forms import VersionField, WholeNumberField, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.regions import is_region_of, regions_of
from returnsvc.returnees.models import DocumentType, ReturnProgramme, Sex
from returnsvc.returnees.services import MIGRATION_FIELDS, PERSON_FIELDS

# Languages commonly spoken by the people the programme serves (ISO 639-1).
LANGUAGE_CODES = ("es", "qu", "ay", "gn", "en", "ca", "pt", "fr", "it", "de")


class PersonFields(FlaskForm):
    given_names = StringField(_l("Given names"), validators=[DataRequired(), Length(max=120)])
    first_surname = StringField(_l("First surname"), validators=[DataRequired(), Length(max=120)])
    second_surname = StringField(
        _l("Second surname"),
        validators=[Optional(), Length(max=120)],
        description=_l("Leave empty if the person has only one surname."),
    )
    # No default: the counsellor asks (an empty first choice, then a required answer).
    sex = SelectField(
        _l("Sex"),
        choices=select_choices([("", "—"), *Sex.choices()]),
        default="",
        validators=[DataRequired(message=_l("Choose the person's sex."))],
    )
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    nationality = SelectField(_l("Nationality"), validators=[DataRequired()])
    document_type = SelectField(
        _l("Identity document"), choices=select_choices(DocumentType.choices())
    )
    document_number = StringField(_l("Document number"), validators=[Optional(), Length(max=40)])
    document_country = SelectField(_l("Issued by"))
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=40)],
        description=_l("With the country code, for example +593 99 123 4567."),
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    origin_country = SelectField(_l("Country of return"), validators=[DataRequired()])
    region_code = SelectField(_l("Region"), default="")
    city = StringField(_l("City or town"), validators=[Optional(), Length(max=120)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    household_size = WholeNumberField(
        _l("People in the household"), validators=[Optional(), NumberRange(min=1, max=50)]
    )
    dependants = WholeNumberField(
        _l("Dependants"),
        validators=[Optional(), NumberRange(min=0, max=50)],
        description=_l("Children and other people who depend on the person's income."),
    )
    education_level = SelectField(_l("Highest education completed (ISCED 2011)"), default="")
    languages = SelectMultipleField(_l("Languages spoken"), default=["es"])

    departure_year = WholeNumberField(_l("Year of departure"), validators=[Optional()])
    years_abroad = WholeNumberField(
        _l("Years abroad"), validators=[Optional(), NumberRange(min=0, max=80)]
    )
    planned_return_date = DateField(_l("Planned return date"), validators=[Optional()])
    actual_return_date = DateField(_l("Actual return date"), validators=[Optional()])
    return_programme = SelectField(_l("Return programme"), default="")
    last_occupation_abroad = StringField(
        _l("Last occupation abroad"), validators=[Optional(), Length(max=200)]
    )
    last_sector_abroad = SelectField(_l("Sector of the last job abroad"), default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = world_country_choices()
        self.nationality.choices = countries
        self.document_country.choices = countries
        self.origin_country.choices = select_choices(
            [("", "—")] + [(c, country_name(c)) for c in ORIGINS]
        )
        self.region_code.choices = [SelectChoice("", "—")] + [
            SelectChoice(code, name, optgroup=country_name(c))
            for c in ORIGINS
            for code, name in regions_of(c)
        ]
        self.education_level.choices = select_choices([("", "—")] + EducationLevel.choices())
        names = get_locale().languages
        self.languages.choices = select_choices(
            (c, names.get(c, c).capitalize()) for c in LANGUAGE_CODES
        )
        self.return_programme.choices = select_choices([("", "—")] + ReturnProgramme.choices())
        self.last_sector_abroad.choices = select_choices(
            [("", "—")] + [(s.value, f"{s.value} — {s.label}") for s in IsicSection]
        )

    def validate_birth_date(self, field):
        if field.data and not date(1900, 1, 1) <= field.data <= local_today():
            raise ValidationError(_l("Enter a date of birth in the past."))

    def validate_region_code(self, field):
        if field.data and not is_region_of(field.data, self.origin_country.data):
            raise ValidationError(_l("This region is not in the country of return."))

    def validate_departure_year(self, field):
        if field.data is not None and not 1950 <= field.data <= local_today().year:
            raise ValidationError(_l("Enter a year between 1950 and this year."))

    def validate_actual_return_date(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("The actual return date cannot be in the future."))

    def validate_document_country(self, field):
        if (self.document_number.data or "").strip() and not field.data:
            raise ValidationError(_l("Choose the country that issued the document."))

    def person_data(self) -> dict:
        data = {name: self[name].data for name in PERSON_FIELDS}
        data["education_level"] = data["education_level"] or None
        data["region_code"] = data["region_code"] or ""
        return data

    def migration_data(self) -> dict:
        data = {name: self[name].data for name in MIGRATION_FIELDS if name in self}
        data["return_programme"] = data["return_programme"] or None
        data["last_sector_abroad"] = data.get("last_sector_abroad") or ""
        data["last_occupation_abroad"] = (data.get("last_occupation_abroad") or "").strip()
        data.setdefault("host_country", "ES")
        return data


class IntakeForm(PersonFields):
    consent_service = BooleanField(
        _l("Consents to receive the service (required to open a case)"),
        validators=[InputRequired(message=_l("Without this consent no case can be opened."))],
    )
    consent_sharing = BooleanField(_l("Consents to sharing with partner organisations"))
    consent_statistics = BooleanField(_l("Consents to anonymised statistics"))
    duplicate_reason = TextAreaField(
        _l("Why register a new person anyway?"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For example: a different person with the same name and birthday."),
    )
    submit = SubmitField(_l("Register and open the case"))


class EditPersonForm(PersonFields):
    version = VersionField()
    submit = SubmitField(_l("Save changes"))

    def fill_from(self, person) -> None:
        """GET of the edit page: enum columns hold members (the selects want their codes),
        the migration fields live on the related row, and the version travels along."""
        for name in ("sex", "document_type", "education_level"):
            value = getattr(person, name)
            self[name].data = value.value if value is not None else ""
        migration = person.migration
        for name in (
            "departure_year",
            "years_abroad",
            "planned_return_date",
            "actual_return_date",
            "last_occupation_abroad",
            "last_sector_abroad",
        ):
            self[name].data = getattr(migration, name)
        self.return_programme.data = (
            migration.return_programme.value if migration.return_programme else ""
        )
        self.version.data = person.version


class ConsentForm(FlaskForm):
    submit = SubmitField(_l("Save"))


class AnonymiseForm(FlaskForm):
    confirm_name = StringField(
        _l("Type the person's first surname to confirm"),
        validators=[DataRequired(), Length(max=120)],
    )
    submit = SubmitField(_l("Anonymise this person"))
