"""Fields and the picker form the profile's forms are built from."""


from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from returnsvc.core.countries import world_country_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.skills.picker import hit_text

TOO_LONG = _l("At most %(max)d characters, please.")


class PickerForm(FlaskForm):
    """A search box (`q`), a "Search" button and the hits as radio choices (`concept`),
    drawn by the taxonomy picker macro; the view fills the hits (set_hits) from the taxonomy
    search."""

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200, message=TOO_LONG)])
    search = SubmitField(_l("Search"))
    # The hits change with every search: the service validates the chosen key instead.
    concept = RadioField(_l("Results"), choices=[], validate_choice=False)
    hits: tuple = ()
    selected = None  # the hit already chosen (taxonomy ConceptHit), shown first and checked

    def set_hits(self, hits, selected=None) -> None:
        shown = ([selected] if selected else []) + [h for h in hits if h != selected]
        self.concept.choices = [SelectChoice(hit.value, hit_text(hit)) for hit in shown]
        self.hits, self.selected = tuple(hits), selected

    @property
    def searched(self) -> bool:
        return self.is_submitted() and bool(self.search.data)


class CountryField(SelectField):
    """Any country (ISO 3166-1), CLDR names in the user's language, the programme's first."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=[], **kwargs)

    def set_country_choices(self) -> None:
        self.choices = world_country_choices()
