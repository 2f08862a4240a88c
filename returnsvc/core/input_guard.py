"""Refuse requests carrying a NUL character: PostgreSQL cannot store it in text, and letting
it through would turn a typo or a probe into a server error instead of a clear 400."""

from flask import abort, request


def refuse_nul_characters():
    """before_request: 400 when any query-string or form value contains U+0000."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)
    return None
