"""The options of the profile's no-JavaScript pickers: the taxonomy search's hits, labelled
for the page's language (a fallback label says which language it is in), with the key already
chosen kept among them so a re-rendered form still shows what was picked."""

from dataclasses import dataclass

from returnsvc.extensions import db
from returnsvc.skills.queries import fallback_name, locale
from returnsvc.taxonomy import queries as taxonomy
from returnsvc.taxonomy.models import EscoOccupation


@dataclass(frozen=True)
class Option:
    """One radio choice of a picker."""

    value: str  # "isco:5120", "occupation:42", "skill:7"
    label: str
    lang: str
    fallback: str  # the label's language name when not the page's
    code: str | None  # the ISCO-08 unit group, for occupations
    matched: str  # the alternative label that matched, if any

    @property
    def is_group(self) -> bool:
        return self.value.startswith("isco:")

    @property
    def text(self) -> str:
        """Plain text of the option (the conflict page shows it)."""
        text = f"{self.code} — {self.label}" if self.is_group else self.label
        if self.code and not self.is_group:
            text += f" (ISCO-08 {self.code})"
        return f"{text} ({self.fallback})" if self.fallback else text


def _option(hit, page_locale: str) -> Option:
    return Option(
        hit.value,
        hit.label,
        hit.label_locale,
        fallback_name(hit.label_locale, page_locale),
        hit.isco_code,
        hit.matched,
    )


def _chosen_option(key: str, page_locale: str) -> Option | None:
    """The option of a key already chosen (the current value when editing, or a choice made
    before a failed save), labelled; None when it names nothing."""
    kind, _, ident = key.partition(":")
    if not ident.isdigit() or len(ident) > 9:
        return None
    code = None
    if kind == "isco":
        found = taxonomy.isco_titles([ident], page_locale, with_locale=True)
        key_in_found, code = ident, ident
    elif kind == "occupation":
        occupation = db.session.get(EscoOccupation, int(ident))
        if occupation is None:
            return None
        found = taxonomy.occupation_labels([occupation.id], page_locale, with_locale=True)
        key_in_found, code = occupation.id, occupation.isco_code
    elif kind == "skill":
        found = taxonomy.skill_labels([int(ident)], page_locale, with_locale=True)
        key_in_found = int(ident)
    else:
        return None
    if key_in_found not in found:
        return None
    text, label_locale = found[key_in_found]
    return Option(key, text, label_locale, fallback_name(label_locale, page_locale), code, "")


def picker_options(kind: str, query: str | None, chosen: str | None) -> list[Option]:
    """The hits of `query` ("occupation" or "skill" picker), with the chosen key kept among
    them so a re-rendered form still shows what was picked."""
    page_locale = locale()
    search = taxonomy.search_occupations if kind == "occupation" else taxonomy.search_skills
    options = [_option(hit, page_locale) for hit in search(query or "", page_locale)]
    chosen = (chosen or "").strip()
    if chosen and all(option.value != chosen for option in options):
        extra = _chosen_option(chosen, page_locale)
        if extra is not None:
            options.insert(0, extra)
    return options
