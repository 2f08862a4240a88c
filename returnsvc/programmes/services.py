"""Writing support programmes. Data is plain: {"key", "country", "kind", "provider", "regions",
"contact", "texts": {locale: {"name", "conditions", "description"}}}. Services flush and
audit; the request (or the CLI command) commits."""

import re

from returnsvc.audit.services import changed_fields, record
from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import ORIGINS
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.regions import is_region_of
from returnsvc.extensions import db
from returnsvc.programmes import links
from returnsvc.programmes.models import PROGRAMME_TEXT, ProgrammeKind, SupportProgramme
from returnsvc.publishing import services as publishing
from returnsvc.publishing.services import ContentError

PREFIX = "programme"
TEXT_LIMITS = {"name": 300, "conditions": 10_000, "description": 10_000}
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$", re.I)
_URL = re.compile(r"^https?://[^\s/<>\"'.]+(\.[^\s/<>\"'.]+)+(/[^\s<>\"']*)?$", re.I)
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,30}$")


def contact_kind(contact: str) -> str:
    """ "url", "email", "phone" or "" — which link, if any, a page may make of it."""
    if _URL.match(contact or ""):
        return "url"
    if _EMAIL.match(contact or ""):
        return "email"
    if _PHONE.match(contact or ""):
        return "phone"
    return ""


def _clean(data: dict, programme: SupportProgramme | None = None) -> dict:
    country = data.get("country") or ""
    if country not in ORIGINS:
        raise ContentError(_l("Choose one of the origin countries."), field="country")
    try:
        kind = ProgrammeKind(data.get("kind") or "")
    except ValueError:
        raise ContentError(_l("Choose the kind of programme."), field="kind") from None
    provider = (data.get("provider") or "").strip()
    if not provider or len(provider) > 200:
        raise ContentError(_l("Name the provider (at most 200 characters)."), field="provider")
    regions = sorted(set(data.get("regions") or ()))
    if any(not is_region_of(code, country) for code in regions):
        raise ContentError(
            _l("Choose regions of the programme's country only (none = nationwide)."),
            field="regions",
        )
    contact = (data.get("contact") or "").strip()
    if contact and (len(contact) > 300 or not contact_kind(contact)):
        raise ContentError(
            _l("Give a web address (https://…), an e-mail address or a phone number."),
            field="contact",
        )
    texts = publishing.clean_texts(PROGRAMME_TEXT, data.get("texts"), TEXT_LIMITS)
    key = publishing.choose_key(
        SupportProgramme,
        data.get("key") or "",
        publishing.title_of(texts, "name"),
        current=programme,
    )
    fields = {"key": key, "country": country, "kind": kind, "provider": provider}
    return {**fields, "regions": regions, "contact": contact, "texts": texts}


def create_programme(data: dict, *, actor, is_demo: bool = False) -> SupportProgramme:
    """A new draft programme with its texts."""
    data = _clean(data)
    texts = data.pop("texts")
    programme = SupportProgramme(**data, is_demo=is_demo, created_by_id=getattr(actor, "id", None))
    db.session.add(programme)
    db.session.flush()
    changes = {name: str(value) if name == "kind" else value for name, value in data.items()}
    changes.update(PROGRAMME_TEXT.save(programme.id, texts))
    record(f"{PREFIX}.created", actor=actor, target=programme, changes=changes)
    return programme


def update_programme(programme: SupportProgramme, data: dict, *, version, actor) -> dict:
    """Apply the edit; returns the changed fields (empty: nothing changed, nothing recorded).
    A change of country is refused when a record linking to the programme says so (guides:
    business opportunities of another country; programmes.links)."""
    check_version(programme, version)
    data = _clean(data, programme)
    texts = data.pop("texts")
    if data["country"] != programme.country:
        links.check_country(programme.id, data["country"])
    changes = changed_fields(programme, data)
    changes.update(PROGRAMME_TEXT.save(programme.id, texts))
    if changes:
        publishing.touch(programme)
        record(f"{PREFIX}.updated", actor=actor, target=programme, changes=changes)
    return changes


def publish_programme(programme: SupportProgramme, *, version, actor) -> bool:
    """Make the programme public; False when it already was."""
    return publishing.publish(programme, version=version, actor=actor, prefix=PREFIX)


def unpublish_programme(programme: SupportProgramme, *, version, actor) -> bool:
    """Back to draft; False when it was a draft already."""
    return publishing.unpublish(programme, version=version, actor=actor, prefix=PREFIX)


def delete_programme(programme: SupportProgramme, *, version, actor) -> int:
    """Delete a draft programme and the links to it; returns how many links went with it
    (by their foreign keys' ON DELETE CASCADE)."""
    count = links.total_links(programme.id)
    publishing.delete_draft(
        programme, version=version, actor=actor, prefix=PREFIX, detail={"links_removed": count}
    )
    return count
