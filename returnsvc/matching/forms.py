"""The weights form: one whole-number field per score component of a kind."""

from functools import cache

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from returnsvc.core.forms import VersionField, WholeNumberField
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.matching.components import COMPONENT_LABELS
from returnsvc.matching.scoring import COMPONENTS, Kind


class WeightsFormBase(FlaskForm):
    # The version the form was filled from (0: the shipped defaults); a newer one is refused.
    based_on = VersionField()
    note = TextAreaField(_l("Why this change (optional)"), validators=[Length(max=1000)])


@cache
def weights_form_class(kind: str) -> type[WeightsFormBase]:
    """The form class of a kind: its components as fields, in the scorer's order."""
    fields = {
        name: WholeNumberField(COMPONENT_LABELS[name], validators=[InputRequired()])
        for name in COMPONENTS[Kind(kind)]
    }
    return type(f"{kind.title()}WeightsForm", (WeightsFormBase,), fields)


def component_names(kind: str) -> tuple[str, ...]:
    return COMPONENTS[Kind(kind)]
