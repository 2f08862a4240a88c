"""The worker of the large exports, when REDIS_URL is set (reports.jobs):

    flask --app wsgi reports worker          # --burst: until the queue is empty
    flask --app wsgi reports purge-exports   # delete downloaded and expired files (cron)

It runs RQ's SimpleWorker on the EXPORT_QUEUE queue inside the app (its configuration, its
database), one job at a time, each job in its own app context; run several for more at once.
It must see the same EXPORTS_DIR as the web processes (one host, or a shared volume).
"""

import click
from flask import current_app
from flask.cli import with_appcontext

from returnsvc.extensions import db
from returnsvc.reports import jobs


def work(app, *, burst: bool = False) -> bool:
    """Run the exports' queue until stopped (`burst`: until it is empty)."""
    from rq import SimpleWorker

    if not app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set: exports run inside the web processes, no worker is needed."
        )
    connection = jobs.redis_connection(app)
    worker = SimpleWorker([jobs.queue(app, connection)], connection=connection)
    with app.app_context():
        return worker.work(burst=burst)


@click.group("reports", help="Programme outcomes: the exports' worker and housekeeping.")
def reports_cli():
    pass


@reports_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker_command(burst: bool):
    """Run the background exports queued on Redis (REDIS_URL)."""
    work(current_app._get_current_object(), burst=burst)


@reports_cli.command("purge-exports")
@with_appcontext
def purge_command():
    """Delete the export files already downloaded or past EXPORT_FILE_LIFETIME."""
    count = jobs.discard_old_files()
    db.session.commit()
    click.echo(f"{count} export file(s) deleted.")
