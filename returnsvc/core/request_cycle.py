"""One commit per request, at the request boundary.

Services only flush. After the view has produced a response the transaction is committed, so
a failed commit still turns into an error page instead of a success the data never reached.
Server errors and conflicts roll everything back (no half-written records). Audit entries of
refused requests (403, failed sign-ins) are committed like any other write.
"""

from flask import g

from returnsvc.extensions import db


def commit_or_rollback(response):
    if response.status_code >= 500 or g.get("rollback_only"):
        db.session.rollback()
    else:
        db.session.commit()
    return response
