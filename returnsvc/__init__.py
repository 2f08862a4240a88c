"""returnsvc: voluntary-return and reintegration support for public employment services."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import config as app_config
from returnsvc.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config_name: str | None = None, *, leave_out=(), **overrides) -> Flask:
    """Build the app: load config, bind extensions, register blueprints, CLI, error handlers
    and template helpers. Nothing here queries the database.

    `leave_out`: blueprint modules (of BLUEPRINT_MODULES) not to register. A case feature
    left out leaves no trace on the case workspace (its tab, panel, timeline events, export
    section and erasure step are registered with its blueprint); the tests use this."""
    config_cls = app_config.config_for(config_name)
    app = Flask(
        __name__,
        template_folder=str(app_config.TEMPLATE_DIR),
        static_folder=str(app_config.STATIC_DIR),
        instance_path=str(app_config.INSTANCE_DIR),
    )
    app.config.from_object(config_cls)
    app.config["SECRET_KEY"] = config_cls.init_secret_key()
    app.config.update(overrides)
    config_cls.check(app.config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        from returnsvc.core.embedded_pg import embedded_database_url

        app.config["SQLALCHEMY_DATABASE_URI"] = embedded_database_url(app.config["EMBEDDED_PGDATA"])
    app.config["SQLALCHEMY_DATABASE_URI"] = _psycopg3_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    _init_extensions(app)
    _register_request_hooks(app)
    _register_blueprints(app, leave_out)
    _register_cli(app)

    from returnsvc.core.errors import register_error_handlers
    from returnsvc.core.templating import register_templating

    register_error_handlers(app)
    register_templating(app)
    return app


def _psycopg3_url(url: str) -> str:
    """Accept plain postgresql:// URLs (Heroku style, pgserver) and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


BLUEPRINT_MODULES = (
    "returnsvc.home.views",
    "returnsvc.auth.views",
    "returnsvc.users.views",
    "returnsvc.offices.views",
    "returnsvc.audit.views",
    "returnsvc.cases.views",
    "returnsvc.cases.person_views",
    "returnsvc.casework.views",
    "returnsvc.plans.views",
    "returnsvc.partners.views",
    "returnsvc.skills.views",
    "returnsvc.taxonomy.views",
    "returnsvc.guides.views",
    "returnsvc.programmes.views",
    "returnsvc.practices.views",
    "returnsvc.guide_files.views",
    "returnsvc.remittances.views",
    "returnsvc.explorer.views",
    "returnsvc.matching.views",
    "returnsvc.matching.case_views",
    "returnsvc.enterprise.views",
    "returnsvc.enterprise.figure_views",
    "returnsvc.apre.views",
    "returnsvc.savings.views",
    "returnsvc.campaigns.views",
    "returnsvc.messages.views",
    "returnsvc.my_data.views",
    "returnsvc.invitations.views",
    "returnsvc.portal.views",
    "returnsvc.reports.views",
    "returnsvc.reports.export_views",
)

# Every module that defines tables, so the metadata (migrations, drift test) is complete even
# before a feature has views.
MODEL_MODULES = (
    "returnsvc.audit.models",
    "returnsvc.auth.models",
    "returnsvc.offices.models",
    "returnsvc.returnees.models",
    "returnsvc.cases.models",
    "returnsvc.casework.models",
    "returnsvc.plans.models",
    "returnsvc.partners.models",
    "returnsvc.taxonomy.models",
    "returnsvc.skills.models",
    "returnsvc.guides.models",
    "returnsvc.programmes.models",
    "returnsvc.practices.models",
    "returnsvc.remittances.models",
    "returnsvc.matching.models",
    "returnsvc.enterprise.models",
    "returnsvc.savings.models",
    "returnsvc.apre.models",
    "returnsvc.campaigns.models",
    "returnsvc.my_data.models",
    "returnsvc.messages.models",
    "returnsvc.reports.models",
)


def _init_extensions(app: Flask) -> None:
    import importlib

    for module in MODEL_MODULES:
        importlib.import_module(module)

    from returnsvc.auth.sessions import load_user
    from returnsvc.auth.throttling import confine_to_blueprint
    from returnsvc.auth.views import ask_to_sign_in
    from returnsvc.core.clock import viewer_zone_name
    from returnsvc.core.db import cache_long_statements
    from returnsvc.core.i18n import select_locale, use_request_translations

    db.init_app(app)
    cache_long_statements()
    migrate.init_app(app, db, directory=str(app_config.MIGRATIONS_DIR), render_as_batch=False)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=viewer_zone_name)
    use_request_translations(app)
    csrf.init_app(app)
    limiter.init_app(app)
    confine_to_blueprint(app, "auth")  # only sign-in and password routes are throttled
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.unauthorized_handler(ask_to_sign_in)  # flashes through core.flashes
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def _register_request_hooks(app: Flask) -> None:
    from returnsvc.auth.sessions import enforce_session_lifetime
    from returnsvc.core.input_guard import refuse_nul_characters
    from returnsvc.core.permissions import enforce_declared_access
    from returnsvc.core.request_cycle import commit_or_rollback
    from returnsvc.core.security import set_security_headers

    app.before_request(refuse_nul_characters)
    app.before_request(enforce_declared_access)
    app.before_request(enforce_session_lifetime)
    # after_request runs in reverse order of registration: headers last, commit first.
    app.after_request(set_security_headers)
    app.after_request(commit_or_rollback)


def _register_blueprints(app: Flask, leave_out=()) -> None:
    import importlib

    from returnsvc.core.routing import register_converters

    unknown = set(leave_out) - set(BLUEPRINT_MODULES)
    if unknown:
        raise ValueError(f"no such blueprint modules: {sorted(unknown)}")
    register_converters(app)
    for module in BLUEPRINT_MODULES:
        if module not in leave_out:
            app.register_blueprint(importlib.import_module(module).bp)


def _register_cli(app: Flask) -> None:
    from returnsvc.auth.cli import users_cli
    from returnsvc.core.cli import translate_cli
    from returnsvc.demo.cli import seed_cli
    from returnsvc.reports.worker import reports_cli
    from returnsvc.taxonomy.cli import taxonomy_cli

    for group in (users_cli, translate_cli, seed_cli, taxonomy_cli, reports_cli):
        app.cli.add_command(group)
