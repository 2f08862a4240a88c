"""One commit per request, at the request boundary.

Services only flush. After the view has produced a response the transaction is committed, so
a failed commit still turns into an error page instead of a success the data never reached.
Server errors and conflicts roll everything back (no half-written records). Audit entries of
refused requests (403, failed sign-ins) are committed like any other write.
"""

from flask import current_app, g

from returnsvc.extensions import db


def commit_or_rollback(response):
    if response.status_code >= 500 or g.get("rollback_only"):
        try:
            db.session.rollback()
        except Exception:  # the connection may be gone; the pool replaces it (pre_ping)
            current_app.logger.exception("Rollback failed")
    else:
        db.session.commit()
    return response
