"""Form fields for time: a date and time typed in the viewer's local time and read as a UTC
instant, and the choice of a time zone (core.clock has the rules)."""

from wtforms import DateTimeLocalField, SelectChoice, SelectField
from wtforms.validators import ValidationError

from returnsvc.core import clock
from returnsvc.core.countries import country_name
from returnsvc.core.i18n import lazy_text as _l

FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class LocalDateTimeField(DateTimeLocalField):
    """A `datetime-local` input in the viewer's local time (core.clock.viewer_zone, or the
    `zone` callable given): it shows a stored instant as local time and gives back an aware
    UTC instant. An empty input is simply missing (the required check says so once); a
    malformed one, or a time skipped by a daylight-saving change, gets a message in the
    user's language next to the field. A time that happens twice is its first occurrence
    (core.clock)."""

    def __init__(self, label=None, validators=None, zone=None, **kwargs):
        kwargs.setdefault("format", FORMATS)
        kwargs.setdefault(
            "invalid_value_message", _l("Enter a date and time, for example 2025-03-14 10:30.")
        )
        super().__init__(label, validators, **kwargs)
        self.zone = zone or clock.viewer_zone

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if not self.data:
            return ""
        return clock.to_local(self.data, self.zone()).strftime(self.format[0])

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)  # naive: the wall-clock time typed
        if self.data is None:
            return
        zone = self.zone()
        try:
            self.data = clock.to_utc(self.data, zone)
        except clock.NonexistentLocalTime:
            self.data = None
            # The zone's name is one zoneinfo knows (validated), never free text.
            raise ValueError(
                _l(
                    "This time does not exist in %(zone)s: the clocks moved forward an hour "
                    "that night. Choose another time.",
                    zone=zone.key,
                )
            ) from None
        except clock.OutOfRangeLocalTime:
            self.data = None
            raise ValueError(self.invalid_value_message) from None


class ZoneField(SelectField):
    """The choice of an IANA time zone among those of the countries we work in (grouped by
    country), with an optional empty first choice. Any zone zoneinfo knows is accepted (a
    stored zone outside the list stays selectable); anything else is refused clearly."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)

    def set_zone_choices(self, empty_label=None):
        """Build the choices (country names in the request's language)."""
        choices = [SelectChoice("", empty_label)] if empty_label is not None else []
        for country, zones in clock.ZONES_BY_COUNTRY.items():
            group = country_name(country)
            choices += [SelectChoice(zone, _zone_label(zone), optgroup=group) for zone in zones]
        current = self.data or ""
        if current and current not in clock.OFFERED_ZONES and clock.is_known_zone(current):
            choices.append(SelectChoice(current, _zone_label(current)))
        self.choices = choices

    def pre_validate(self, form):
        if self.data and not clock.is_known_zone(self.data):
            raise ValidationError(_l("This is not a time zone we know. Choose one from the list."))


def _zone_label(name: str) -> str:
    """ "hora de Perú, UTC−05:00": the place and the offset now, which people recognise."""
    return clock.zone_label(name)
