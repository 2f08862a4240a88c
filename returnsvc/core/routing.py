"""URL converters. `<int:...>` ids are PostgreSQL `integer`s: a larger number in a URL could
never name a row, and passed to a query it would fail with "integer out of range" (a 500).
The converter refuses it instead, so the URL answers 404 like any other unknown id."""

from werkzeug.routing import IntegerConverter

from returnsvc.core.numbers import INT_MAX as PG_INTEGER_MAX


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=PG_INTEGER_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_converters(app) -> None:
    """Before any route is added: rules are compiled with the converters of that moment."""
    app.url_map.converters["int"] = DatabaseIdConverter
