"""gunicorn's access log without secrets in it (`--logger-class
returnsvc.core.access_log.RedactingLogger`, as `make run` and the README's production command
use it).

A one-time password link carries its token in the path; the log line of its request (and the
Referer of the next one) would hand a working link to whoever reads the log."""

import re

from gunicorn.glogging import Logger

# The token of /account/password-link/<token>, wherever it appears in a logged value.
SECRET_IN_PATH = re.compile(r"(/password-link/)[^/?#\s\"]+")
REDACTED = r"\1[redacted]"


def redact(value):
    return SECRET_IN_PATH.sub(REDACTED, value) if isinstance(value, str) else value


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) for key, value in atoms.items()}
