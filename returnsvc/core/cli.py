"""`flask translate extract|update|compile`: the translation workflow (see README)."""

import subprocess
import sys

import click

import config as app_config

POT = app_config.BASE_DIR / "messages.pot"


def _pybabel(*args: str) -> None:
    cmd = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.run(cmd, cwd=app_config.BASE_DIR).returncode != 0:
        raise click.ClickException("pybabel failed: " + " ".join(args))


@click.group("translate", help="Extract, update and compile the message catalogues.")
def translate_cli():
    pass


def extract_arguments(output) -> list[str]:
    """pybabel arguments that extract every string into `output` (shared with the tests).

    --ignore-dirs: pybabel's default also skips folders starting with "_" (templates/_macros).
    """
    return [
        "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
        "--ignore-dirs", ".* __pycache__", "--no-location", "--sort-output",
        "-o", str(output), ".",
    ]  # fmt: skip


def extract():
    """Write messages.pot from the code and templates."""
    _pybabel(*extract_arguments(POT))


@translate_cli.command("extract")
def extract_command():
    """Write messages.pot from the code and templates."""
    extract()


@translate_cli.command("update")
def update():
    """Extract, then merge new strings into every catalogue."""
    extract()
    _pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        str(app_config.TRANSLATIONS_DIR),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    POT.unlink()


@translate_cli.command("compile")
def compile_catalogues():
    """Compile .po to .mo (run by `make` on install)."""
    _pybabel("compile", "-d", str(app_config.TRANSLATIONS_DIR), "--statistics")
