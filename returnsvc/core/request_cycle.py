"""One commit per request, at the request boundary.

Services only flush. After the view has produced a response the transaction is committed, so
a failed commit still turns into an error page instead of a success the data never reached.
Server errors, conflicts and refusals (core.refusals) roll everything back: no half-written
records. Records that must survive a rolled-back request — the access log of a case page shown
again with errors, a refused authorisation, a failed password check — are registered with
`keep_on_rollback` and written again, alone, after the rollback. A view whose outside effect
(an e-mail) must not leave before its writes are safe commits them first
(`commit_before_outside_effect`).
"""

from collections.abc import Callable

from flask import current_app, g

from returnsvc.extensions import db


def keep_on_rollback(make: Callable) -> None:
    """`make()` builds a fresh copy of an append-only record added in this request; it is
    added and committed again if the request's transaction is rolled back."""
    g.setdefault("kept_on_rollback", []).append(make)


def commit_before_outside_effect() -> None:
    """Commit what the request has written so far, before something that cannot be taken
    back leaves the service (an e-mail carrying a link): were the request's commit to fail at
    its end, the person would hold a link to nothing. A failure here is the request's failure
    (an error page, nothing sent). What the request writes afterwards (whether the e-mail
    went) is committed at its end as usual."""
    db.session.commit()


def commit_or_rollback(response):
    if response.status_code >= 500 or g.get("rollback_only"):
        try:
            db.session.rollback()
            kept = g.pop("kept_on_rollback", ())
            if kept:
                db.session.add_all(make() for make in kept)
                db.session.commit()
        except Exception:  # the connection may be gone; the pool replaces it (pre_ping)
            current_app.logger.exception("Rollback failed")
    else:
        db.session.commit()
    return response
