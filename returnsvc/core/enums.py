"""Enums that store a stable code and show a translated label.

Codes go to the database; `.label` is a lazy string so it is translated when rendered, in the
locale of the request, not at import.
"""

from enum import Enum

import sqlalchemy as sa

from returnsvc.core.i18n import lazy_text as _l


class LabelledEnum(str, Enum):  # noqa: UP042 - custom __new__ carries the label
    """`Member = "code", _l("Label")`; compares equal to its code."""

    def __new__(cls, code: str, label=None):
        member = str.__new__(cls, code)
        member._value_ = code
        member._label = label if label is not None else code
        return member

    @property
    def label(self):
        return self._label

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls):
        """(code, label) pairs for select fields."""
        return [(m.value, m.label) for m in cls]

    @classmethod
    def coerce(cls, value):
        """WTForms coerce: accept a member or its code."""
        return value if isinstance(value, cls) else cls(value)


def enum_column_type(enum_cls: type[LabelledEnum], name: str) -> sa.Enum:
    """A VARCHAR column with a named CHECK constraint listing the codes (no native PG enum,
    so adding a code later is a one-line migration)."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls) + 8,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")
    MANAGER = "manager", _l("Programme manager")
    COUNSELLOR = "counsellor", _l("Counsellor")
    RETURNEE = "returnee", _l("Returnee")

    @property
    def is_staff(self) -> bool:
        return self is not Role.RETURNEE


class IsicSection(LabelledEnum):
    """ISIC Rev.4 sections (the economic sector of a job or a business)."""

    A = "A", _l("Agriculture, forestry and fishing")
    B = "B", _l("Mining and quarrying")
    C = "C", _l("Manufacturing")
    D = "D", _l("Electricity, gas, steam and air conditioning supply")
    E = "E", _l("Water supply, sewerage and waste management")
    F = "F", _l("Construction")
    G = "G", _l("Wholesale and retail trade; repair of motor vehicles")
    H = "H", _l("Transportation and storage")
    I = "I", _l("Accommodation and food service activities")  # noqa: E741 - ISIC's own letter
    J = "J", _l("Information and communication")
    K = "K", _l("Financial and insurance activities")
    L = "L", _l("Real estate activities")
    M = "M", _l("Professional, scientific and technical activities")
    N = "N", _l("Administrative and support service activities")
    O = "O", _l("Public administration and defence; compulsory social security")  # noqa: E741
    P = "P", _l("Education")
    Q = "Q", _l("Human health and social work activities")
    R = "R", _l("Arts, entertainment and recreation")
    S = "S", _l("Other service activities")
    T = "T", _l("Activities of households as employers")
    U = "U", _l("Activities of extraterritorial organisations and bodies")


class EducationLevel(LabelledEnum):
    """ISCED 2011 levels."""

    ISCED0 = "isced0", _l("Early childhood education or none (ISCED 0)")
    ISCED1 = "isced1", _l("Primary education (ISCED 1)")
    ISCED2 = "isced2", _l("Lower secondary education (ISCED 2)")
    ISCED3 = "isced3", _l("Upper secondary education (ISCED 3)")
    ISCED4 = "isced4", _l("Post-secondary non-tertiary education (ISCED 4)")
    ISCED5 = "isced5", _l("Short-cycle tertiary education (ISCED 5)")
    ISCED6 = "isced6", _l("Bachelor's or equivalent (ISCED 6)")
    ISCED7 = "isced7", _l("Master's or equivalent (ISCED 7)")
    ISCED8 = "isced8", _l("Doctoral or equivalent (ISCED 8)")
