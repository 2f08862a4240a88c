"""`flask users create-admin`: the first account. There are no default accounts."""

import os

import click
from flask.cli import with_appcontext

from returnsvc.auth import services
from returnsvc.auth.passwords import password_problem
from returnsvc.extensions import db


@click.group("users", help="Manage user accounts.")
def users_cli():
    pass


@users_cli.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option(
    "--password-env",
    default="RETURNSVC_ADMIN_PASSWORD",
    show_default=True,
    help="Read the password from this environment variable instead of prompting.",
)
@with_appcontext
def create_admin(email: str, full_name: str, password_env: str):
    """Create an administrator with a password typed at the prompt (or taken from the env)."""
    password = os.environ.get(password_env) or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    problem = password_problem(password, email=email, full_name=full_name)
    if problem:
        raise click.ClickException(str(problem))
    try:
        user = services.create_admin(email, full_name, password)
    except services.AccountError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Administrator {user.email} created (id {user.id}).")
