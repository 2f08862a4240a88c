"""Expected status per role for the managers' micro-enterprise figures: managers (their
country's cases) and administrators (every case); nobody else."""

from tests.sweep.common import status

EXPECTED = {
    "enterprise_figures.index": ("GET", "/enterprise/figures", status(302, 403, 403, 200, 200)),
}
