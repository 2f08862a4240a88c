"""Expected status per role for remittance costs: administrators keep the figures
(MANAGE_REMITTANCE_COSTS); the calculator is open to everyone."""

from tests.sweep.common import ADMIN_ONLY, OPEN

EXPECTED = {
    "remittances.index": ("GET", "/manage/remittances/", ADMIN_ONLY),
    "remittances.create": ("GET", "/manage/remittances/new", ADMIN_ONLY),
    "remittances.import_figures": ("GET", "/manage/remittances/import", ADMIN_ONLY),
    "remittances.calculator": (
        "GET",
        "/remittances/calculator?country=EC&amount=200&frequency=monthly&rate=6",
        OPEN,
    ),
}
