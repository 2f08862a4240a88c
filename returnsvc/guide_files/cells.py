"""Reading the cells of one row into a record, with the reasons a cell is refused.

The reference data a row points at (ISCO unit groups, ESCO skills, the country's programmes)
is read once per file for all the codes the file mentions: a fixed number of queries whatever
the number of rows.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import _
from sqlalchemy import select

from returnsvc.core.countries import country_name
from returnsvc.core.enums import EducationLevel, IsicSection
from returnsvc.core.keys import KEY_PATTERN
from returnsvc.core.numbers import parse_whole_number
from returnsvc.core.regions import regions_of
from returnsvc.extensions import db
from returnsvc.guide_files.columns import LIST_SEPARATOR, MAX_TEXT, TITLE_LENGTH
from returnsvc.guides.models import DemandLevel, RiskLevel
from returnsvc.programmes.models import SupportProgramme
from returnsvc.taxonomy.models import EscoSkill, IscoGroup

AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
ISCO_UNIT = re.compile(r"[0-9]{4}")


class CellError(ValueError):
    pass


def split_list(cell: str) -> list[str]:
    """Items of a `|` list, trimmed, blanks and repeats dropped, in the file's order."""
    items: list[str] = []
    for item in cell.split(LIST_SEPARATOR):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items


@dataclass
class References:
    country: str
    regions: frozenset[str]
    isco_units: frozenset[str]
    skill_uris: frozenset[str]
    programme_keys: frozenset[str]

    @classmethod
    def load(cls, edition, rows: list[dict]) -> "References":
        """What exists among the codes `rows` mention (three queries)."""
        codes, uris, keys = set(), set(), set()
        for values in rows:
            codes.update(split_list(values.get("isco_code", "")))
            codes.update(split_list(values.get("occupations", "")))
            uris.update(split_list(values.get("esco_skills", "")))
            keys.update(split_list(values.get("programmes", "")))
        codes = {code for code in codes if ISCO_UNIT.fullmatch(code)}
        return cls(
            country=edition.country,
            regions=frozenset(code for code, _name in regions_of(edition.country)),
            isco_units=_existing(
                select(IscoGroup.code).where(IscoGroup.level == 4, IscoGroup.code.in_(codes)),
                codes,
            ),
            skill_uris=_existing(select(EscoSkill.uri).where(EscoSkill.uri.in_(uris)), uris),
            programme_keys=_existing(
                select(SupportProgramme.key).where(
                    SupportProgramme.country == edition.country, SupportProgramme.key.in_(keys)
                ),
                keys,
            ),
        )


def _existing(stmt, wanted) -> frozenset[str]:
    if not wanted:
        return frozenset()
    return frozenset(db.session.scalars(stmt))


def _key(cell, refs):
    if not KEY_PATTERN.match(cell.strip()):
        raise CellError(
            _("use 2 to 80 lower-case letters, digits or hyphens, starting with a letter or digit")
        )
    return cell.strip()


def _code_of(enum_cls):
    def read(cell, refs):
        try:
            return enum_cls(cell.strip()).value
        except ValueError:
            raise CellError(
                _("use one of: %(codes)s", codes=", ".join(m.value for m in enum_cls))
            ) from None

    return read


def _optional(reader):
    def read(cell, refs):
        return reader(cell, refs) if cell.strip() else None

    return read


def _amount(cell, refs):
    if not AMOUNT.fullmatch(cell.strip()):
        raise CellError(_("write an amount of 0 or more with a dot and two decimals, e.g. 1500.00"))
    return Decimal(cell.strip())


def _experience(cell, refs):
    years = parse_whole_number(cell, maximum=40)
    if years is None:
        raise CellError(_("write a whole number of years from 0 to 40"))
    return years


def _names(items: list[str]) -> str:
    """The first few items of a list, for a message that stays readable."""
    shown = ", ".join(f"“{item[:100]}”" for item in items[:5])
    return shown + (" …" if len(items) > 5 else "")


def _isco(cell, refs):
    code = cell.strip()
    if code not in refs.isco_units:
        raise CellError(_("%(code)s is not an ISCO-08 unit group", code=_names([code])))
    return code


def _known_list(known: str, message, kind=tuple):
    """A reader of a `|` list whose items must all be in `refs.<known>`; `message(refs,
    names)` says which are not."""

    def read(cell, refs):
        items = split_list(cell)
        unknown = [item for item in items if item not in getattr(refs, known)]
        if unknown:
            raise CellError(message(refs, _names(unknown)))
        return kind(items)

    return read


# Lists keep the file's order where it is the order shown (regions, occupations); skills and
# programmes are sets (exported sorted).
_occupations = _known_list(
    "isco_units", lambda refs, names: _("not ISCO-08 unit groups: %(codes)s", codes=names)
)
_regions = _known_list(
    "regions",
    lambda refs, names: _(
        "not regions of %(country)s: %(codes)s", country=country_name(refs.country), codes=names
    ),
)
_skills = _known_list(
    "skill_uris", lambda refs, names: _("unknown ESCO skills: %(uris)s", uris=names), frozenset
)
_programmes = _known_list(
    "programme_keys",
    lambda refs, names: _(
        "no support programme of %(country)s has the key: %(keys)s",
        country=country_name(refs.country),
        keys=names,
    ),
    frozenset,
)


CELL_READERS = {
    "key": _key,
    "isco": _isco,
    "isic": _code_of(IsicSection),
    "regions": _regions,
    "demand_level": _code_of(DemandLevel),
    "risk_level": _code_of(RiskLevel),
    "amount": _optional(_amount),
    "education": _optional(_code_of(EducationLevel)),
    "experience": _optional(_experience),
    "esco_skills": _skills,
    "occupations": _occupations,
    "programmes": _programmes,
}


def read_record(columns, values: dict, refs: References) -> tuple[dict, list[str]]:
    """(record, reasons): the row's record, and why it cannot be imported (empty when it can).
    Each reason names its column."""
    record: dict = {"texts": {}}
    reasons: list[str] = []
    for column in columns:
        cell = values[column.name]
        if column.kind.startswith("text:"):
            _text, name, locale = column.kind.split(":")
            text = cell.strip()
            limit = TITLE_LENGTH if name == "title" else MAX_TEXT
            if len(text) > limit:
                reasons.append(
                    f"{column.name}: "
                    + _("at most %(num)d characters (this has %(len)d)", num=limit, len=len(text))
                )
            record["texts"].setdefault(locale, {})[name] = text
            continue
        if column.required and not cell.strip():
            reasons.append(f"{column.name}: " + _("this column cannot be empty"))
            continue
        try:
            record[column.name] = CELL_READERS[column.kind](cell, refs)
        except CellError as error:
            reasons.append(f"{column.name}: {error}")
    record["texts"] = {
        locale: texts for locale, texts in record["texts"].items() if any(texts.values())
    }
    needs_title = any(column.name.startswith("title_") for column in columns)
    reasons.extend(_row_rules(record, needs_title))
    return record, reasons


def _row_rules(record: dict, needs_title: bool) -> list[str]:
    """Rules across cells: ranges in order, a title for each language with text."""
    reasons = []
    for low, high in (("wage_min", "wage_max"), ("investment_min", "investment_max")):
        if record.get(low) is not None and record.get(high) is not None:
            if record[high] < record[low]:
                reasons.append(f"{high}: " + _("must not be below %(column)s", column=low))
    texts = record["texts"]
    if needs_title:  # business opportunities are listed by title
        for locale, values in texts.items():
            if not values.get("title"):
                reasons.append(f"title_{locale}: " + _("a language with any text needs its title"))
        if not texts:
            reasons.append("title_es, title_en: " + _("a title is needed in at least one language"))
    return reasons
