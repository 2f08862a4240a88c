"""Lost-update protection for edit forms.

The GET and the POST of an edit are two requests, so `version_id_col` alone cannot see that
someone else saved in between: the version the user loaded travels in the form's hidden
`version` field and is compared here before any change. A mismatch shows a conflict page
with the stored and the submitted values side by side; nothing is overwritten.
"""

from datetime import date, datetime

from flask import render_template
from flask_babel import format_date, format_datetime


class StaleEdit(Exception):
    def __init__(self, obj, submitted_version):
        super().__init__(f"{obj!r} is at version {obj.version}, form had {submitted_version}")
        self.obj = obj
        self.submitted_version = submitted_version


def check_version(obj, submitted_version: int | None) -> None:
    if submitted_version is None or int(submitted_version) != obj.version:
        raise StaleEdit(obj, submitted_version)


def conflict_response(form, obj, *, back_url: str):
    """409 page: each form field with the value stored now and the value the user submitted."""
    rows = []
    for field in form:
        if field.name in {"csrf_token", "version"} or field.type in {"SubmitField", "HiddenField"}:
            continue
        stored = getattr(obj, field.name, None)
        rows.append(
            {
                "label": field.label.text,
                "stored": _display(field, stored),
                "submitted": _display(field, field.data),
                "differs": _display(field, stored) != _display(field, field.data),
            }
        )
    return render_template("errors/conflict.html", rows=rows, back_url=back_url), 409


def _choice_labels(field) -> dict[str, str]:
    """{value: label} of a select-like field, grouped choices included (WTForms' iter_choices
    flattens the groups)."""
    if not getattr(field, "choices", None):
        return {}
    return {str(choice.value): str(choice.label) for choice in field.iter_choices()}


def _display(field, value, labels=None):
    if value is None:
        return ""
    if labels is None:
        labels = _choice_labels(field)
    if isinstance(value, list | tuple | set | frozenset):  # regions, countries, themes...
        return ", ".join(_display(field, item, labels) for item in value)
    code = str(getattr(value, "value", value))
    if code in labels:
        return labels[code]
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, datetime):
        return format_datetime(value, "short")  # to the minute: seconds are not a difference
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(getattr(value, "label", value))
