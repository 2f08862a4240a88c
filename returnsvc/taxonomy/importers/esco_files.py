"""Reading one ESCO CSV export: which files a folder holds, and the rows of each.

ESCO ships one file per kind and language: `ISCOGroups_<lang>.csv`, `occupations_<lang>.csv`,
`skills_<lang>.csv`, with lang `es`, `en` or `en-us` (the American English variant, loaded as
"en"; `en` wins when both are there). A concept appears once per language file; its
attributes (ISCO group, skill type, reuse level) must agree across them.
"""

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.taxonomy.importers.csv_rows import CsvFile, ErrorLog, split_labels
from returnsvc.taxonomy.importers.isco import check_code
from returnsvc.taxonomy.models import EscoOccupation, EscoOccupationLabel, EscoSkill, ReuseLevel

KINDS = ("ISCOGroups", "occupations", "skills")
# File language suffix -> locale, in order of preference within a locale.
LANGUAGES = (("es", "es"), ("en", "en"), ("en-us", "en"))
REQUIRED_COLUMNS = {
    "ISCOGroups": ("conceptUri", "code", "preferredLabel"),
    "occupations": ("conceptUri", "iscoGroup", "preferredLabel", "altLabels"),
    "skills": ("conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels"),
}
URI_MAX = EscoSkill.__table__.c.uri.type.length
LABEL_MAX = EscoOccupationLabel.__table__.c.label.type.length
SKILL_TYPE_MAX = EscoSkill.__table__.c.skill_type.type.length
REUSE_LEVELS = {level.value for level in ReuseLevel}


@dataclass(frozen=True)
class EscoFile:
    kind: str
    locale: str
    path: Path


def find_files(directory: Path) -> tuple[list[EscoFile], list[str]]:
    """The files to read, ISCO groups first, then occupations, then skills; and notes on what
    was skipped or is missing."""
    found: list[EscoFile] = []
    notes: list[str] = []
    for kind in KINDS:
        chosen: dict[str, Path] = {}
        for suffix, locale in LANGUAGES:
            path = directory / f"{kind}_{suffix}.csv"
            if not path.is_file():
                continue
            if locale in chosen:
                notes.append(f"{path.name} skipped: {chosen[locale].name} is read for {locale}")
                continue
            chosen[locale] = path
            found.append(EscoFile(kind, locale, path))
        if not chosen:
            notes.append(f"no {kind}_<es|en|en-us>.csv: {kind} not imported")
    return found, notes


@dataclass
class ConceptCollection:
    """Concepts of one kind gathered across language files, keyed by URI."""

    kind: str
    attributes: dict[str, tuple] = field(default_factory=dict)
    # uri -> locale -> (preferred label, alternative labels); an empty preferred label means
    # the concept has no label in that locale.
    labels: dict[str, dict[str, tuple[str, list[str]]]] = field(default_factory=dict)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)
    locales: list[str] = field(default_factory=list)
    unlabelled: dict[str, int] = field(default_factory=dict)

    def label_rows(self) -> list[tuple[str, str, str, bool]]:
        rows = []
        for uri, per_locale in self.labels.items():
            for locale, (preferred, alternatives) in per_locale.items():
                if preferred:
                    rows.append((uri, locale, preferred, True))
                    rows.extend((uri, locale, alt, False) for alt in alternatives)
        return rows


def read_concepts(
    table: CsvFile, locale: str, concepts: ConceptCollection, errors: ErrorLog
) -> None:
    """Add the rows of an occupations or skills file to `concepts`, reporting bad rows."""
    name = table.name
    concepts.locales.append(locale)
    seen: dict[str, int] = {}
    for record in table.records:
        values, line = record.values, record.line
        uri = values["conceptUri"]
        if not _check_uri(uri, name, line, errors):
            continue
        if uri in seen:
            errors.add(
                name, line, "duplicate_uri", _("URI repeats line %(first)d", first=seen[uri])
            )
            continue
        seen[uri] = line
        attributes = _attributes(concepts.kind, values, name, line, errors)
        labels = _labels(values, name, line, errors)
        if attributes is None or labels is None:
            continue
        stored = concepts.attributes.setdefault(uri, attributes)
        if stored != attributes:
            first_file, first_line = concepts.where[uri]
            errors.add(
                name,
                line,
                "attribute_conflict",
                _(
                    "%(values)s differs from %(other)s in %(file)s, line %(line)d",
                    values=" / ".join(v or "-" for v in attributes),
                    other=" / ".join(v or "-" for v in stored),
                    file=first_file,
                    line=first_line,
                ),
            )
            continue
        concepts.where.setdefault(uri, (name, line))
        concepts.labels.setdefault(uri, {})[locale] = labels
        if not labels[0]:
            concepts.unlabelled[locale] = concepts.unlabelled.get(locale, 0) + 1


def check_new_concepts_labelled(concepts: ConceptCollection, errors: ErrorLog) -> None:
    """A concept needs a preferred label in some language; one already stored keeps the labels
    it has in the languages not read this time."""
    unlabelled = [
        uri
        for uri, per_locale in concepts.labels.items()
        if not any(preferred for preferred, _alts in per_locale.values())
    ]
    if not unlabelled:
        return
    model = EscoOccupation if concepts.kind == "occupations" else EscoSkill
    stored = set(db.session.scalars(select(model.uri).where(model.uri.in_(unlabelled))))
    for uri in unlabelled:
        if uri not in stored:
            errors.add(
                *concepts.where[uri],
                "no_label",
                _("no preferred label in any language for %(uri)s", uri=uri),
            )


def _check_uri(uri: str, name: str, line: int, errors: ErrorLog) -> bool:
    if not uri:
        errors.add(name, line, "empty_uri", _("conceptUri is empty"))
        return False
    if len(uri) > URI_MAX:
        errors.add(
            name,
            line,
            "uri_too_long",
            _("conceptUri is longer than %(max)d characters", max=URI_MAX),
        )
        return False
    return True


def _attributes(kind: str, values: dict, name: str, line: int, errors: ErrorLog):
    if kind == "occupations":
        code = values["iscoGroup"]
        return (code,) if check_code(code, name, line, errors, level=4) else None
    skill_type, reuse_level = values["skillType"], values["reuseLevel"]
    if len(skill_type) > SKILL_TYPE_MAX:
        errors.add(
            name,
            line,
            "value_too_long",
            _("skillType is longer than %(max)d characters", max=SKILL_TYPE_MAX),
        )
        return None
    if reuse_level and reuse_level not in REUSE_LEVELS:
        errors.add(
            name,
            line,
            "bad_reuse_level",
            _(
                "reuseLevel “%(value)s” is not one of %(allowed)s",
                value=reuse_level,
                allowed=", ".join(sorted(REUSE_LEVELS)),
            ),
        )
        return None
    return (skill_type, reuse_level or None)


def _labels(values: dict, name: str, line: int, errors: ErrorLog):
    preferred = values["preferredLabel"]
    alternatives = [alt for alt in split_labels(values["altLabels"]) if alt != preferred]
    if not preferred and alternatives:
        errors.add(
            name,
            line,
            "empty_label",
            _("preferredLabel is empty but there are alternative labels"),
        )
        return None
    too_long = [label for label in [preferred, *alternatives] if len(label) > LABEL_MAX]
    if too_long:
        errors.add(
            name,
            line,
            "label_too_long",
            _(
                "label “%(label)s…” is longer than %(max)d characters",
                label=too_long[0][:40],
                max=LABEL_MAX,
            ),
        )
        return None
    return preferred, alternatives
