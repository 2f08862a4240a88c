"""Generic error pages in the user's language; no stack traces ever reach the browser."""

from flask import current_app, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    409: _l("Someone else changed this record"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}
EXPLANATIONS = {
    400: _l("Please go back, check what you entered and try again."),
    403: _l("If you think you should have access, ask your administrator."),
    404: _l("The address may be mistyped, or the page may have been removed."),
    405: _l("Please go back and use the buttons on the page."),
    409: _l("Reload the page to see the latest version, then make your change again."),
    413: _l("Please choose a smaller file."),
    429: _l(
        "For everyone's safety, attempts from your connection are paused for a while. Please "
        "wait a few minutes and try again."
    ),
    500: _l("The error has been logged. Please try again in a moment."),
}


FALLBACK_500 = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Error</title></head><body>
<h1>Algo ha fallado en nuestro lado</h1>
<p>El error ha quedado registrado. Vuelva a intentarlo dentro de un momento.</p>
<h1 lang="en">Something went wrong on our side</h1>
<p lang="en">The error has been logged. Please try again in a moment.</p>
</body></html>"""


def render_error(code: int, explanation=None, title=None):
    code = code if code in TITLES else 500
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or TITLES[code],
            explanation=explanation or EXPLANATIONS[code],
        ),
        code,
    )


def handle_http_error(error: HTTPException):
    return render_error(error.code or 500)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400, _l("Your form expired or was sent from elsewhere. Reload the page and try again.")
    )


def handle_stale_data(error: StaleDataError):
    g.rollback_only = True
    return render_error(409)


def handle_unexpected(error: Exception):
    # The traceback goes to the log; the user gets the generic page.
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    g.rollback_only = True
    current_app.logger.exception("Unhandled error", exc_info=error)
    try:
        db.session.rollback()  # a failed statement leaves the session unusable for the page
        return render_error(InternalServerError.code)
    except Exception:
        # The page itself needs the database (the locale follows the signed-in user), so when
        # the database is what failed, answer with a static page in both languages.
        current_app.logger.exception("Error page could not be rendered")
        return FALLBACK_500, 500, {"Content-Type": "text/html; charset=utf-8"}


def register_error_handlers(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(StaleDataError, handle_stale_data)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
