"""Writing savings campaigns: the campaign, its materials and its enrolments.

Data is plain: {"country", "name", "description", "starts_on", "ends_on", "audience",
"office_id", "channel", "target_plans", "target_amount", "target_currency"}. Services flush,
never commit; they take the acting user explicitly (None: the CLI or demo data, no viewer
scope), refuse bad input with a CampaignError whose message is translated and names the form
field, and audit every change.
"""

import re
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import Date, DateTime, Integer, insert, literal, select
from sqlalchemy.exc import IntegrityError

from returnsvc.audit.services import changed_fields, record
from returnsvc.campaigns import access, files
from returnsvc.campaigns.models import (
    Audience,
    CampaignEnrolment,
    CampaignMaterial,
    Channel,
    MaterialKind,
    SavingsCampaign,
)
from returnsvc.cases.models import Case
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.core import cleaning
from returnsvc.core.clock import local_today
from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import ORIGINS, currency_of
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import CURRENCIES
from returnsvc.core.numbers import parse_id, parse_whole_number
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.offices.models import Office

LONGEST_YEARS = 5
MOST_PLANS = 1_000_000
_URL_CHARS = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


class CampaignError(Refusal):
    """A refused campaign operation; `message` is translated, `field` names the form field."""


# --- the campaign -----------------------------------------------------------------------------


def _date(data: dict, name: str, message) -> date:
    value = data.get(name)
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise CampaignError(message, name)
    return value


def _office(data: dict, country: str) -> int:
    office_id = parse_id(data.get("office_id"))
    office = db.session.get(Office, office_id) if office_id else None
    if office is None or office.country != country:
        raise CampaignError(_l("Choose an office of the campaign's country."), "office_id")
    return office.id


def _target_plans(data: dict) -> int | None:
    value = data.get("target_plans")
    if value in (None, ""):
        return None
    number = parse_whole_number(value, maximum=MOST_PLANS)
    if number is None:
        raise CampaignError(
            _l("Enter a whole number from 0 to %(most)d.", most=MOST_PLANS), "target_plans"
        )
    return number


def _clean(data: dict, actor) -> dict:
    country = data.get("country") or ""
    allowed = ORIGINS if actor is None else access.campaign_countries(actor)
    if country not in allowed:
        raise CampaignError(_l("Choose one of the countries you run campaigns for."), "country")
    audience = cleaning.choice(
        Audience, data.get("audience"), _l("Choose whom the campaign reaches."), "audience"
    )
    if actor is not None and not access.may_run(actor, country, audience):
        raise CampaignError(
            _l("From Spain you run campaigns for migrants in Spain only."), "audience"
        )
    office_id = _office(data, country) if audience is Audience.OFFICE else None
    channel = cleaning.choice(
        Channel, data.get("channel"), _l("Choose how the campaign reaches people."), "channel"
    )
    name = cleaning.text(data, "name", max_length=200, required=_l("Name the campaign."))
    description = cleaning.text(data, "description", max_length=5000, multiline=True)
    starts_on = _date(data, "starts_on", _l("Enter the day the campaign starts."))
    ends_on = _date(data, "ends_on", _l("Enter the day the campaign ends."))
    if ends_on < starts_on:
        raise CampaignError(_l("The campaign must end on or after its first day."), "ends_on")
    if ends_on.year > starts_on.year + LONGEST_YEARS:
        raise CampaignError(
            _l("A campaign lasts at most %(years)d years.", years=LONGEST_YEARS), "ends_on"
        )
    target_amount = cleaning.amount(data, "target_amount", positive=True)
    target_currency = None
    if target_amount is not None:
        target_currency = data.get("target_currency") or currency_of(country)
        if target_currency not in CURRENCIES:
            raise CampaignError(_l("Choose the currency."), "target_currency")
    return {
        "country": country,
        "name": name,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "audience": audience,
        "office_id": office_id,
        "channel": channel,
        "target_plans": _target_plans(data),
        "target_amount": target_amount,
        "target_currency": target_currency,
    }


def _jsonable(fields: dict) -> dict:
    return {
        name: None if value is None else str(value) if not isinstance(value, int) else value
        for name, value in fields.items()
    }


def create_campaign(data: dict, *, actor) -> SavingsCampaign:
    """A new campaign of an origin country (one `actor` may run)."""
    fields = _clean(data, actor)
    campaign = SavingsCampaign(**fields, created_by_id=getattr(actor, "id", None))
    db.session.add(campaign)
    db.session.flush()
    record("savings_campaign.created", actor=actor, target=campaign, changes=_jsonable(fields))
    return campaign


def enrolled_count(campaign: SavingsCampaign) -> int:
    return db.session.scalar(
        select(db.func.count())
        .select_from(CampaignEnrolment)
        .where(CampaignEnrolment.campaign_id == campaign.id)
    )


def update_campaign(campaign: SavingsCampaign, data: dict, *, version, actor) -> dict:
    """Apply the edit made on `version`; returns the changed fields ({}: nothing changed,
    nothing recorded). Country and audience stay once people are enrolled (they were enrolled
    as that audience)."""
    check_version(campaign, version)
    fields = _clean(data, actor)
    moved = (fields["country"], fields["audience"], fields["office_id"]) != (
        campaign.country,
        campaign.audience,
        campaign.office_id,
    )
    if moved and enrolled_count(campaign):
        raise CampaignError(
            _l("People are enrolled: the country and audience can no longer change."),
            "audience",
        )
    changes = changed_fields(campaign, fields)
    if changes:
        db.session.flush()
        record("savings_campaign.updated", actor=actor, target=campaign, changes=changes)
    return changes


# --- materials --------------------------------------------------------------------------------


def clean_url(value) -> str:
    """An http or https web address with a host, without spaces, quotes or credentials."""
    url = (value or "").strip() if isinstance(value, str) else ""
    problem = _l("Enter a web address starting with https:// or http://.")
    if not url or len(url) > 2000 or _URL_CHARS.search(url):
        raise CampaignError(problem, "url")
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        raise CampaignError(problem, "url") from None
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        raise CampaignError(problem, "url")
    if port == 0 or "." not in host.strip("."):
        raise CampaignError(problem, "url")
    return url


def _title(data: dict) -> str:
    return cleaning.text(data, "title", max_length=200, required=_l("Give the material a title."))


def add_link(campaign: SavingsCampaign, data: dict, *, actor) -> CampaignMaterial:
    """A web link as a material of the campaign."""
    title = _title(data)
    url = clean_url(data.get("url"))
    material = CampaignMaterial(
        campaign_id=campaign.id,
        kind=MaterialKind.LINK,
        title=title,
        url=url,
        added_by_id=getattr(actor, "id", None),
    )
    db.session.add(material)
    db.session.flush()
    record(
        "savings_campaign.material_added",
        actor=actor,
        target=campaign,
        changes={"material_id": material.id, "kind": "link", "url": url},
    )
    return material


def add_file(campaign: SavingsCampaign, data: dict, *, actor) -> CampaignMaterial:
    """An uploaded PDF (data["file"]: an object with `.stream` and `.filename`, as Werkzeug's
    FileStorage) as a material: checked by its content, stored under a random name."""
    title = _title(data)
    upload = data.get("file")
    if upload is None or not getattr(upload, "stream", None):
        raise CampaignError(_l("Choose a PDF file."), "file")
    try:
        content = files.read_upload(upload.stream)
    except files.TooBig:
        raise CampaignError(
            _l("The file is too large: at most %(mb)d MB.", mb=files.MAX_BYTES // 2**20), "file"
        ) from None
    except files.NotAPdf:
        raise CampaignError(_l("That file is not a PDF document."), "file") from None
    label = files.clean_label(getattr(upload, "filename", ""))
    stored = files.store(content)
    material = CampaignMaterial(
        campaign_id=campaign.id,
        kind=MaterialKind.FILE,
        title=title,
        stored_name=stored,
        file_label=label,
        size_bytes=len(content),
        added_by_id=getattr(actor, "id", None),
    )
    db.session.add(material)
    db.session.flush()
    record(
        "savings_campaign.material_added",
        actor=actor,
        target=campaign,
        changes={"material_id": material.id, "kind": "file", "size": len(content)},
    )
    return material


def remove_material(material: CampaignMaterial, *, actor) -> None:
    """Remove a material (and its stored file)."""
    campaign_id, stored = material.campaign_id, material.stored_name
    record(
        "savings_campaign.material_removed",
        actor=actor,
        target=("savings_campaign", campaign_id),
        changes={"material_id": material.id, "kind": material.kind.value, "title": material.title},
    )
    db.session.delete(material)
    db.session.flush()
    if stored:
        files.discard(stored)


# --- enrolment --------------------------------------------------------------------------------


def _enrollable_case(campaign: SavingsCampaign, actor, condition):
    """(case id, returnee id) of a case of the audience that `actor` may see, or None."""
    return db.session.execute(
        access.enrollable_cases(campaign, actor).where(condition).order_by(Case.id).limit(1)
    ).first()


def enrol(
    campaign: SavingsCampaign, returnee_id: int, *, actor, enrolled_on: date | None = None
) -> CampaignEnrolment:
    """Enrol a person of the campaign's audience whose case `actor` may see (any case of the
    audience when `actor` is None). Enrolled on today unless `enrolled_on` is given."""
    ident = parse_id(returnee_id)  # an int is bounded too; True is no id
    case = None
    if ident is not None:
        case = _enrollable_case(campaign, actor, Case.returnee_id == ident)
    if case is None:
        raise CampaignError(_l("Choose a person of the campaign's audience."), "returnee_id")
    return _enrol(campaign, case, actor=actor, enrolled_on=enrolled_on)


def enrol_by_reference(campaign: SavingsCampaign, reference, *, actor) -> CampaignEnrolment:
    """Enrol the person of the case with that reference (one `actor` may see)."""
    text = cleaning.clean_text(reference).upper()
    if not text or len(text) > 20:
        raise CampaignError(_l("Enter a case reference."), "reference")
    visible = db.session.scalar(
        select(Case.id).where(Case.reference == text, visible_cases_clause(actor))
    )
    if visible is None:
        raise CampaignError(_l("No case you can see has that reference."), "reference")
    case = _enrollable_case(campaign, actor, Case.id == visible)
    if case is None:
        raise CampaignError(_l("That person is not in the campaign's audience."), "reference")
    return _enrol(campaign, case, actor=actor, enrolled_on=None)


def _enrol(campaign, case, *, actor, enrolled_on) -> CampaignEnrolment:
    """Enrol the person of `case` ((case id, returnee id))."""
    already = db.session.scalar(
        select(CampaignEnrolment.id).where(
            CampaignEnrolment.campaign_id == campaign.id,
            CampaignEnrolment.returnee_id == case.returnee_id,
        )
    )
    if already is not None:
        raise CampaignError(_l("That person is already enrolled."), "reference")
    enrolment = CampaignEnrolment(
        campaign_id=campaign.id,
        returnee_id=case.returnee_id,
        enrolled_on=enrolled_on or local_today(),
        enrolled_by_id=getattr(actor, "id", None),
    )
    # In a savepoint: when two people enrol the same person at once, the second gets the
    # message instead of a 500 (the check above cannot see the other's uncommitted row).
    try:
        with db.session.begin_nested():
            db.session.add(enrolment)
    except IntegrityError:
        raise CampaignError(_l("That person is already enrolled."), "reference") from None
    record(
        "savings_campaign.person_enrolled",
        actor=actor,
        target=campaign,
        changes={"returnee_id": case.returnee_id, "case_id": case.id},
    )
    return enrolment


def enrol_people(
    campaign: SavingsCampaign, returnee_ids=None, *, actor, enrolled_on: date | None = None
) -> int:
    """Enrol many people at once (demo data, benchmarks): those of `returnee_ids` (None:
    everyone) who are of the campaign's audience, whose cases `actor` may see (anyone's when
    `actor` is None), and not enrolled yet. One INSERT ... SELECT and one audit entry; returns
    how many were enrolled."""
    cases = access.enrollable_cases(campaign, actor).subquery("cases")
    already = select(CampaignEnrolment.returnee_id).where(
        CampaignEnrolment.campaign_id == campaign.id
    )
    people = (
        select(
            literal(campaign.id),
            cases.c.returnee_id,
            literal(enrolled_on or local_today(), Date),
            literal(getattr(actor, "id", None), Integer),
            literal(utcnow(), DateTime(timezone=True)),
        )
        .where(cases.c.returnee_id.not_in(already))
        .group_by(cases.c.returnee_id)
    )
    if returnee_ids is not None:
        ids = sorted({ident for ident in map(parse_id, returnee_ids) if ident is not None})
        people = people.where(cases.c.returnee_id.in_(ids))
    inserted = db.session.execute(
        insert(CampaignEnrolment)
        .from_select(
            ["campaign_id", "returnee_id", "enrolled_on", "enrolled_by_id", "created_at"], people
        )
        .returning(CampaignEnrolment.returnee_id)
    ).scalars()
    count = len(list(inserted))
    if count:
        record(
            "savings_campaign.people_enrolled",
            actor=actor,
            target=campaign,
            changes={"enrolled": count},
        )
    return count


def unenrol(campaign: SavingsCampaign, enrolment: CampaignEnrolment, *, actor) -> None:
    """Take a person off the campaign (their savings stay; they leave its results)."""
    record(
        "savings_campaign.person_unenrolled",
        actor=actor,
        target=campaign,
        changes={"returnee_id": enrolment.returnee_id},
    )
    db.session.delete(enrolment)
    db.session.flush()
