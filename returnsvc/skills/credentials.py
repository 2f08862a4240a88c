"""Writes on qualifications (with the recognition procedure in the origin country) and
competency certificates. Same contract as skills.services: flush, never commit; `actor=`;
ProfileError next to a field; StaleEdit on an old version; every change audited.

Recognition rules:
- requested / in progress / recognised / rejected need the date of the request;
- only recognised / rejected have a resolution date, and they must have one;
- "not needed" has neither date;
- no date in the future, and the resolution is not before the request.
"""

from returnsvc.cases.models import Case
from returnsvc.core.cleaning import choice, text
from returnsvc.core.enums import EducationLevel
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import parse_whole_number
from returnsvc.skills import choices
from returnsvc.skills.cleaning import ProfileError, past_date, year
from returnsvc.skills.models import CompetencyCertificate, Qualification, RecognitionStatus
from returnsvc.skills.rows import add_item, begin_change, update_item


def _country(data: dict, name: str) -> str:
    code = str(data.get(name) or "").strip()
    if not choices.is_country(code):
        raise ProfileError(_l("Choose the country that issued it."), field=name)
    return code


def _clean_recognition(data: dict) -> dict:
    status = choice(
        RecognitionStatus,
        data.get("recognition_status"),
        _l("Say whether the qualification needs to be recognised."),
        "recognition_status",
    )
    requested = past_date(data, "recognition_requested_on")
    resolved = past_date(data, "recognition_resolved_on")
    if status is RecognitionStatus.NOT_NEEDED and requested is not None:
        raise ProfileError(
            _l(
                "A recognition that is not needed has no request date. "
                "Clear it or change the status."
            ),
            field="recognition_requested_on",
        )
    if status is not RecognitionStatus.NOT_NEEDED and requested is None:
        raise ProfileError(
            _l("Enter the date the recognition was requested."),
            field="recognition_requested_on",
        )
    if status.is_resolved and resolved is None:
        raise ProfileError(
            _l("Enter the date of the decision (recognised or rejected)."),
            field="recognition_resolved_on",
        )
    if not status.is_resolved and resolved is not None:
        raise ProfileError(
            _l("Only a recognised or rejected qualification has a decision date."),
            field="recognition_resolved_on",
        )
    if resolved is not None and requested is not None and resolved < requested:
        raise ProfileError(
            _l("The decision cannot come before the request."),
            field="recognition_resolved_on",
        )
    return {
        "recognition_status": status,
        "recognition_authority": text(data, "recognition_authority", max_length=200),
        "recognition_requested_on": requested,
        "recognition_resolved_on": resolved,
        "recognition_notes": text(data, "recognition_notes", max_length=5000, multiline=True),
    }


def _clean_qualification(data: dict) -> dict:
    return {
        "title": text(
            data,
            "title",
            max_length=300,
            required=_l("Write the title of the qualification."),
        ),
        "isced_level": choice(
            EducationLevel,
            data.get("isced_level"),
            _l("Choose the level of the qualification."),
            "isced_level",
        ),
        "issuing_country": _country(data, "issuing_country"),
        "institution": text(data, "institution", max_length=200),
        "year_awarded": year(data, "year_awarded"),
        **_clean_recognition(data),
    }


def add_qualification(case: Case, data: dict, *, actor) -> Qualification:
    """Add a qualification with where its recognition stands (see the module's rules)."""
    begin_change(case)
    return add_item(
        case, Qualification, _clean_qualification(data), section="qualification", actor=actor
    )


def update_qualification(case: Case, item: Qualification, data: dict, *, actor, version) -> dict:
    begin_change(case, item, version)
    return update_item(case, item, _clean_qualification(data), section="qualification", actor=actor)


def _level(data: dict) -> int | None:
    value = data.get("level")
    if value in (None, ""):
        return None
    level = parse_whole_number(value, minimum=1, maximum=5)
    if level is None:
        raise ProfileError(_l("Choose a level from 1 to 5."), field="level")
    return level


def _clean_certificate(data: dict) -> dict:
    return {
        "title": text(
            data, "title", max_length=300, required=_l("Write the title of the certificate.")
        ),
        "code": text(data, "code", max_length=40),
        "issuer": text(data, "issuer", max_length=200),
        "issuing_country": _country(data, "issuing_country"),
        "level": _level(data),
        "year_issued": year(data, "year_issued"),
    }


def add_certificate(case: Case, data: dict, *, actor) -> CompetencyCertificate:
    """Add a certificate of professional competence (title, code, issuer, country, level
    1-5, year)."""
    begin_change(case)
    return add_item(
        case,
        CompetencyCertificate,
        _clean_certificate(data),
        section="certificate",
        actor=actor,
    )


def update_certificate(
    case: Case, item: CompetencyCertificate, data: dict, *, actor, version
) -> dict:
    begin_change(case, item, version)
    return update_item(case, item, _clean_certificate(data), section="certificate", actor=actor)
