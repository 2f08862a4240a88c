"""Expected status per role for the programme-outcomes dashboard: managers and administrators."""

from tests.sweep.common import status

OUTCOMES = status(302, 403, 403, 200, 200)

EXPECTED = {
    "reports.dashboard": ("GET", "/reports/", OUTCOMES),
    "reports.help": ("GET", "/reports/help", OUTCOMES),
    "reports.health": ("GET", "/reports/health", OUTCOMES),
}

# The exports (reports.export_views). {export_job_id}: a finished export of the signed-in
# person's own (of a new administrator's for the anonymous visitor), its file waiting.
EXPECTED |= {
    "report_exports.export": ("POST", "/reports/exports/cases.csv", OUTCOMES),
    "report_exports.health": ("POST", "/reports/exports/health.csv", OUTCOMES),
    "report_exports.jobs_list": ("GET", "/reports/exports/", OUTCOMES),
    "report_exports.job": ("GET", "/reports/exports/{export_job_id}", OUTCOMES),
    "report_exports.download": (
        "POST",
        "/reports/exports/{export_job_id}/download",
        OUTCOMES,
    ),
}


def _export_job(world) -> int:
    from tests.reports.export_helpers import ready_job

    owner = world.user.id if world.user is not None else world.make.user("admin").id
    return ready_job(world.app, owner)


PLACEHOLDERS = {"export_job_id": _export_job}
