"""The CSV format of a guide edition: its columns, and how a value becomes a cell and back.

One file per edition; one row per demand entry (labour-market edition) or business opportunity
(business edition), matched to the edition's rows by `key`. Column names are English and
fixed; translated fields have one column per locale (`notes_es`, `notes_en`); lists are joined
with `|`; amounts use a dot and two decimals, in the country's currency.

A "record" is the comparable form of a row: scalars as codes/Decimals/ints, lists as tuples,
ESCO skills and programmes as frozensets, texts as {locale: {field: value}} without blank
locales. The export writes records as cells and the import reads cells into records, so
`from_cells(to_cells(record)) == record` is what makes export -> import round-trip exactly.
"""

from dataclasses import dataclass
from decimal import Decimal

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.translated import LOCALES
from returnsvc.guides.models import DEMAND_TEXT, OPPORTUNITY_TEXT, GuideKind

LIST_SEPARATOR = "|"
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Longest text cell accepted for the Text columns (titles are limited by their column).
MAX_TEXT = 10_000
TITLE_LENGTH = 300


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # how the cell is read: see reading.CELL_READERS
    help: object  # lazy string, shown on the help page
    required: bool = False


def _text_columns(table, helps: dict) -> tuple[Column, ...]:
    return tuple(
        Column(f"{field}_{locale}", f"text:{field}:{locale}", helps[field])
        for field in table.fields
        for locale in LOCALES
    )


_KEY = Column(
    "key",
    "key",
    _l(
        "Identifies the row within the edition: 2 to 80 lower-case letters, digits or hyphens,"
        " starting with a letter or digit. A row whose key exists is updated; a new key adds"
        " a row."
    ),
    required=True,
)
_SECTOR = Column(
    "isic_section", "isic", _l("ISIC Rev.4 section letter, A to U (F = construction)."), True
)
_REGIONS = Column(
    "regions",
    "regions",
    _l("ISO 3166-2 codes of the country's regions, joined with |. Empty: the whole country."),
)
_SKILLS = Column("esco_skills", "esco_skills", _l("ESCO skill URIs joined with |. Empty: none."))

DEMAND_COLUMNS = (
    _KEY,
    Column("isco_code", "isco", _l("ISCO-08 unit group, four digits (e.g. 7112)."), True),
    _SECTOR,
    _REGIONS,
    Column(
        "demand_level", "demand_level", _l("Demand level: one of the codes listed below."), True
    ),
    Column("wage_min", "amount", _l("Lowest monthly wage, e.g. 1500.00. Empty: unknown.")),
    Column("wage_max", "amount", _l("Highest monthly wage; not below wage_min.")),
    Column(
        "min_education", "education", _l("Minimum education: an ISCED code listed below, or empty.")
    ),
    Column("experience_years", "experience", _l("Years of experience asked, 0 to 40, or empty.")),
    _SKILLS,
    *_text_columns(
        DEMAND_TEXT,
        {
            "certifications": _l("Certifications or licences asked."),
            "notes": _l("Notes for jobseekers."),
            "other_skills": _l("Required skills without an ESCO concept, one per line."),
        },
    ),
)

OPPORTUNITY_COLUMNS = (
    _KEY,
    _SECTOR,
    _REGIONS,
    Column("risk_level", "risk_level", _l("Risk level: one of the codes listed below."), True),
    Column("investment_min", "amount", _l("Lowest initial investment, e.g. 5000.00.")),
    Column("investment_max", "amount", _l("Highest initial investment; not below the lowest.")),
    Column(
        "occupations",
        "occupations",
        _l("ISCO-08 unit groups of the people it fits, joined with |."),
    ),
    _SKILLS,
    Column(
        "programmes",
        "programmes",
        _l("Keys of the country's support programmes that back it, joined with |."),
    ),
    *_text_columns(
        OPPORTUNITY_TEXT,
        {
            "title": _l(
                "Title (required in a language that has any text, at most 300 characters)."
            ),
            "description": _l("Description of the business."),
            "market_notes": _l("Notes on the market."),
            "other_skills": _l("Needed skills without an ESCO concept, one per line."),
        },
    ),
)


def columns_of(kind: GuideKind) -> tuple[Column, ...]:
    return DEMAND_COLUMNS if kind == GuideKind.LABOUR_MARKET else OPPORTUNITY_COLUMNS


def text_table_of(kind: GuideKind):
    return DEMAND_TEXT if kind == GuideKind.LABOUR_MARKET else OPPORTUNITY_TEXT


def escape_cell(value: str) -> str:
    """A cell a spreadsheet will not run: a leading quote before a formula trigger, and before
    a quote too, so the importer can remove exactly one leading quote and get `value` back."""
    if value.startswith((*FORMULA_TRIGGERS, QUOTE)):
        return QUOTE + value
    return value


def unescape_cell(cell: str) -> str:
    """Undo escape_cell: one leading quote goes when a trigger or a quote follows it."""
    if cell.startswith(QUOTE) and cell[1:].startswith((*FORMULA_TRIGGERS, QUOTE)):
        return cell[1:]
    return cell


def format_value(column: Column, record: dict) -> str:
    """The cell text of one column for a record (before escaping)."""
    kind = column.kind
    if kind.startswith("text:"):
        _, field, locale = kind.split(":")
        return record["texts"].get(locale, {}).get(field, "")
    value = record[column.name]
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (tuple, list)):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, frozenset):
        return LIST_SEPARATOR.join(sorted(value))
    return str(value)


def to_cells(columns, record: dict) -> list[str]:
    return [escape_cell(format_value(column, record)) for column in columns]
