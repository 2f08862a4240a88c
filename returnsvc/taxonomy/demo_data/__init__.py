"""The product's own small taxonomy subset for the demo, written for it in English and Spanish.

`isco08_demo.csv` has the ISCO-08 unit groups the demo uses and all their ancestors, in the
bilingual `code,level,title_en,title_es` format; `esco/` holds ESCO-style occupations and skills
files (the official ESCO v1 columns) with URIs under `https://demo.returnsvc.org/esco/`, so
they never collide with official concepts. Both go through the same importers as the official
files. The official files (README: "Occupation and skill taxonomies") load beside them.
"""

from pathlib import Path

from returnsvc.taxonomy.importers import ImportResult, import_esco, import_isco

DEMO_DATA_DIR = Path(__file__).resolve().parent
DEMO_ISCO_FILE = DEMO_DATA_DIR / "isco08_demo.csv"
DEMO_ESCO_DIR = DEMO_DATA_DIR / "esco"
DEMO_URI_PREFIX = "https://demo.returnsvc.org/esco/"


def load_demo_taxonomy() -> tuple[ImportResult, ImportResult]:
    """Load the demo subset, adding only what is missing: groups, concepts or labels already
    stored (say, from the official files) are left exactly as they are. Does not commit."""
    return (
        import_isco(DEMO_ISCO_FILE, fill_only=True),
        import_esco(DEMO_ESCO_DIR, fill_only=True),
    )
