"""`flask taxonomy import-isco FILE` and `flask taxonomy import-esco DIR`."""

import logging
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import with_appcontext

from returnsvc.extensions import db
from returnsvc.taxonomy.importers import ImportRefused, ImportResult, import_esco, import_isco
from returnsvc.taxonomy.importers.sync import analyze_tables


@click.group("taxonomy", help="Import the ISCO-08 and ESCO classifications.")
def taxonomy_cli():
    # The run is audited in the database; the console shows the progress lines instead.
    logging.getLogger("returnsvc.audit").setLevel(logging.WARNING)


def _run(importer: Callable[..., ImportResult], source: Path) -> None:
    click.echo(f"Importing {source}")
    try:
        result = importer(source, progress=click.echo)
    except ImportRefused as refused:
        db.session.rollback()
        for line in refused.listing():
            click.echo(f"  {line}", err=True)
        raise click.ClickException(
            f"{len(refused.errors)} error(s): nothing was imported. Fix the file(s) and run again."
        ) from None
    db.session.commit()
    if result.changed_anything:
        analyze_tables()
        db.session.commit()
    verdict = "changes saved" if result.changed_anything else "nothing changed"
    click.echo(
        f"Done in {result.seconds:.1f} s: {result.rows_read:,} rows read;"
        f" {result.created:,} created, {result.updated:,} updated,"
        f" {result.unchanged:,} unchanged ({verdict})."
    )


@taxonomy_cli.command("import-isco")
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def import_isco_command(file: Path):
    """Import ISCO-08 groups from FILE: the ILO structure CSV (ISCO-08 rows, English titles)
    or a `code,level,title_en,title_es` CSV. Safe to run again."""
    _run(import_isco, file)


@taxonomy_cli.command("import-esco")
@click.argument("directory", type=click.Path(path_type=Path))
@with_appcontext
def import_esco_command(directory: Path):
    """Import ESCO ISCO groups, occupations and skills from DIRECTORY, an ESCO v1 CSV export
    (files such as occupations_es.csv, skills_en.csv or skills_en-us.csv). Safe to run again."""
    _run(import_esco, directory)
