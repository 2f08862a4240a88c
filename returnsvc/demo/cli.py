"""`flask seed demo`: load demo data (run by `make run` on an empty database)."""

import logging
import time

import click
from flask.cli import with_appcontext

from returnsvc.demo import services
from returnsvc.demo.guides_scale import seed_guides_scale
from returnsvc.extensions import db


@click.group("seed", help="Load demo data.")
def seed_cli():
    # Every write is audited in the database; one console line per demo row would bury the
    # sign-ins this command prints.
    logging.getLogger("returnsvc.audit").setLevel(logging.WARNING)


def _print_sign_ins(sign_ins) -> None:
    click.echo("")
    click.echo("Demo sign-ins (http://127.0.0.1:5000/account/sign-in):")
    for s in sign_ins:
        secret = s.password if s.password else "(password printed when it was created)"
        click.echo(f"  {s.role.value:<11} {s.email:<42} {secret}")
    click.echo("")


@seed_cli.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (but list the demo accounts) when any account exists.",
)
@with_appcontext
def seed_demo(if_empty: bool):
    """Create demo offices and accounts; passwords are printed once, never stored in clear."""
    if services.has_any_users():
        if not if_empty:
            raise click.ClickException("The database already has accounts; demo data not loaded.")
        accounts = services.demo_accounts()
        if accounts:
            _print_sign_ins(accounts)
            click.echo(
                "Lost them? `make demo-passwords` (flask seed demo-passwords) prints new ones."
            )
        return
    sign_ins = services.seed_demo()
    db.session.commit()
    click.echo("Demo data loaded (every record is marked as demo).")
    _print_sign_ins(sign_ins)


@seed_cli.command("demo-passwords")
@with_appcontext
def demo_passwords():
    """Give every demo account a new random password and print them."""
    sign_ins = services.reset_demo_passwords()
    db.session.commit()
    _print_sign_ins(sign_ins)


@seed_cli.command("scale")
@click.option(
    "--cases",
    type=click.IntRange(1, 5_000_000),
    default=100_000,
    show_default=True,
    help="How many returnees (each with one case and its casework) to generate.",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.option("--append", is_flag=True, help="Add to scale data loaded before.")
@with_appcontext
def seed_scale(cases: int, seed: int, append: bool):
    """Generate a large realistic data set with COPY (benchmarks); every row is marked demo."""
    from returnsvc.demo import scale

    started = time.perf_counter()
    click.echo(f"Generating {cases:,} cases (seed {seed})...")
    try:
        counts = scale.seed_scale(cases, seed=seed, append=append, progress=click.echo)
    except scale.ScaleError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"  committed (total {time.perf_counter() - started:.1f} s)")
    scale.analyze()
    db.session.commit()
    click.echo(
        f"Done: {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f} s "
        "(ANALYZE included)."
    )


seed_cli.add_command(seed_guides_scale)
