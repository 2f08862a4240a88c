"""Example rows for the format page, written through the same code as a real export so the
example always matches the format."""

import csv
import io
from decimal import Decimal

from returnsvc.guide_files.columns import DEMAND_COLUMNS, OPPORTUNITY_COLUMNS, to_cells

DEMAND_EXAMPLE = {
    "key": "bricklayers-pichincha",
    "isco_code": "7112",
    "isic_section": "F",
    "regions": ("EC-P", "EC-A"),
    "demand_level": "high",
    "wage_min": Decimal("550.00"),
    "wage_max": Decimal("750.00"),
    "min_education": "isced2",
    "experience_years": 2,
    "esco_skills": frozenset(),
    "texts": {
        "es": {"certifications": "", "notes": "Obras de vivienda social.", "other_skills": ""},
        "en": {"certifications": "", "notes": "Social housing works.", "other_skills": ""},
    },
}

OPPORTUNITY_EXAMPLE = {
    "key": "cafe-cuenca",
    "isic_section": "I",
    "regions": ("EC-A",),
    "risk_level": "medium",
    "investment_min": Decimal("8000.00"),
    "investment_max": Decimal("15000.00"),
    "occupations": ("5120", "5131"),
    "esco_skills": frozenset(),
    "programmes": frozenset({"banecuador-emprende"}),
    "texts": {
        "es": {
            "title": "Cafetería de barrio",
            "description": "Café y comida rápida cerca de universidades.",
            "market_notes": "",
            "other_skills": "",
        },
        "en": {
            "title": "Neighbourhood café",
            "description": "Coffee and quick meals near universities.",
            "market_notes": "",
            "other_skills": "",
        },
    },
}


def example_rows(columns, record) -> str:
    """The header and one row, as the file would hold them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    writer.writerow(to_cells(columns, record))
    return out.getvalue()


EXAMPLES = (
    ("labour_market", DEMAND_COLUMNS, example_rows(DEMAND_COLUMNS, DEMAND_EXAMPLE)),
    ("business", OPPORTUNITY_COLUMNS, example_rows(OPPORTUNITY_COLUMNS, OPPORTUNITY_EXAMPLE)),
)
