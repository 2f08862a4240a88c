"""`flask seed demo`: load demo data (run by `make run` on an empty database)."""

import click
from flask.cli import with_appcontext

from returnsvc.demo import services
from returnsvc.extensions import db


@click.group("seed", help="Load demo data.")
def seed_cli():
    pass


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
