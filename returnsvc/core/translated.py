"""Reading and writing translation tables (`<thing>_text`: one row per parent and locale).

A parent has text in a locale when that locale's row exists. Reads pick the row in the page's
locale and fall back to the other language, telling which one they used, so pages can mark the
text (`lang` attribute, "not yet translated" for editors). Writes keep one row per locale that
has any text and delete the row of a locale left blank, which makes it "not yet translated"
again.

    DEMAND_TEXT = TranslationTable(DemandEntryText, "entry_id", ("certifications", "notes"))
    stmt, text = DEMAND_TEXT.joined(select(DemandEntry.id).select_from(DemandEntry),
                                    DemandEntry.id, "es")
    stmt = stmt.add_columns(text.notes, text.text_locale)
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, delete, insert, literal, select, update
from sqlalchemy.orm import aliased

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALES
from returnsvc.core.text import fold
from returnsvc.extensions import db


def other_locale(locale: str) -> str:
    return "en" if locale == "es" else "es"


def is_blank(values: dict) -> bool:
    return not any((value or "").strip() for value in values.values())


class _Columns:
    """The fallback-resolved text columns of one join, as attributes, plus `text_locale`."""

    def __init__(self, columns: dict):
        self.__dict__.update(columns)

    def all(self) -> list:
        return list(self.__dict__.values())


@dataclass(frozen=True)
class TranslationTable:
    model: type
    parent_key: str  # the foreign-key attribute naming the parent, e.g. "entry_id"
    fields: tuple[str, ...]
    # The field a locale's text cannot lack (a title, a name), checked by forms and imports.
    required: str | None = None
    # (column, field): a column holding the folded copy of a field for accent- and
    # case-insensitive word search (core.text.fold; no unaccent in the embedded PostgreSQL).
    search: tuple[str, str] | None = None

    def with_search(self, values: dict) -> dict:
        """`values` plus the folded search column, for writers that insert rows themselves."""
        if self.search is None:
            return values
        column, source = self.search
        return {**values, column: fold(values.get(source) or "")}

    def joined(self, stmt, parent_id, locale: str):
        """`stmt` LEFT JOINed to the row in `locale` and to the row in the other language.

        Returns (stmt, columns): each field is the page-locale value when that row exists, else
        the other language's (whole-row fallback: a row that exists is the translation, even
        where a field is empty). `columns.text_locale` is the locale used, NULL when the parent
        has no text at all. Both joins use the (parent, locale) primary key."""
        own, other = aliased(self.model), aliased(self.model)
        stmt = stmt.outerjoin(
            own, and_(getattr(own, self.parent_key) == parent_id, own.locale == locale)
        ).outerjoin(
            other,
            and_(
                getattr(other, self.parent_key) == parent_id,
                other.locale == other_locale(locale),
            ),
        )
        has_own = getattr(own, self.parent_key).is_not(None)
        columns = {
            name: case((has_own, getattr(own, name)), else_=getattr(other, name)).label(name)
            for name in self.fields
        }
        columns["text_locale"] = case(
            (has_own, literal(locale)),
            (getattr(other, self.parent_key).is_not(None), literal(other_locale(locale))),
        ).label("text_locale")
        return stmt, _Columns(columns)

    def texts_of(self, parent_id: int) -> dict[str, dict[str, str]]:
        """{locale: {field: value}} for one parent; locales without a row are absent."""
        rows = db.session.execute(
            select(self.model).where(getattr(self.model, self.parent_key) == parent_id)
        ).scalars()
        return {row.locale: {name: getattr(row, name) for name in self.fields} for row in rows}

    def locales_of(self, parent_ids) -> dict[int, set[str]]:
        """{parent id: locales that have text}, for lists that mark missing translations."""
        key = getattr(self.model, self.parent_key)
        found: dict[int, set[str]] = {}
        for parent_id, locale in db.session.execute(
            select(key, self.model.locale).where(key.in_(list(parent_ids)))
        ):
            found.setdefault(parent_id, set()).add(locale)
        return found

    def save(self, parent_id: int, texts: dict[str, dict[str, str]]) -> dict:
        """Make the rows of `parent_id` say `texts` ({locale: {field: value}}); a locale whose
        values are all blank loses its row. Returns {"<field>_<locale>": [old, new]} for what
        changed (for the audit entry); flushes, never commits."""
        current = self.texts_of(parent_id)
        key = getattr(self.model, self.parent_key)
        changes: dict = {}
        for locale in LOCALES:
            wanted = {name: (texts.get(locale, {}).get(name) or "").strip() for name in self.fields}
            old = current.get(locale)
            where = and_(key == parent_id, self.model.locale == locale)
            if is_blank(wanted):
                if old is not None:
                    db.session.execute(delete(self.model).where(where))
                    changes.update(_diff(old, dict.fromkeys(self.fields, ""), locale))
                continue
            if old is None:
                values = {self.parent_key: parent_id, "locale": locale, **wanted}
                db.session.execute(insert(self.model).values(self.with_search(values)))
                changes.update(_diff(dict.fromkeys(self.fields, ""), wanted, locale))
            elif old != wanted:
                db.session.execute(update(self.model).where(where).values(self.with_search(wanted)))
                changes.update(_diff(old, wanted, locale))
        return changes


def check_texts(
    table: TranslationTable, texts: dict | None, *, need_one: bool, error, limits=None
) -> dict:
    """{locale: {field: stripped value}} for both locales, refusing (by raising `error(message,
    field=...)`, a Refusal class) what cannot be saved: a value longer than its column, a locale
    with text but without the table's required field, and, when `need_one`, no text at all.
    `limits` ({field: characters}) caps unbounded (Text) columns too.
    Error fields are named `<field>_<locale>`, like the forms' fields."""
    columns = table.model.__table__.c
    clean = {}
    for locale in LOCALES:
        given = (texts or {}).get(locale) or {}
        values = {name: str(given.get(name) or "").strip() for name in table.fields}
        for name, value in values.items():
            limit = (limits or {}).get(name) or getattr(columns[name].type, "length", None)
            if limit and len(value) > limit:
                raise error(
                    _l("At most %(max)d characters, please.", max=limit), field=f"{name}_{locale}"
                )
        if table.required and not is_blank(values) and not values[table.required]:
            raise error(
                _l("Give the title in this language too, or leave all its texts blank."),
                field=f"{table.required}_{locale}",
            )
        clean[locale] = values
    if need_one and all(is_blank(values) for values in clean.values()):
        raise error(
            _l("Give a title in at least one language."),
            field=f"{table.required or table.fields[0]}_{LOCALES[0]}",
        )
    return clean


def _diff(old: dict, new: dict, locale: str) -> dict:
    return {
        f"{name}_{locale}": [old.get(name, ""), value]
        for name, value in new.items()
        if old.get(name, "") != value
    }
