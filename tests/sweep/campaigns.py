"""Expected status per role for the savings campaigns (MANAGE_SAVINGS_CAMPAIGNS: managers and
administrators). The sweep's manager works at a Spanish office: they run the campaigns for
migrants in Spain, of any origin country, so the world's campaign is Ecuador's for migrants in
Spain, with the world's case's person enrolled and a PDF among its materials. Placeholder names
are prefixed so that they never replace another feature's."""

import io
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from returnsvc.campaigns import services
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from tests.sweep.common import status

MANAGERS = status(302, 403, 403, 200, 200)
MANAGER_POSTS = status(302, 403, 403, 302, 302)
PAGE = "/campaigns/{campaign_id}"

EXPECTED = {
    "campaigns.index": ("GET", "/campaigns/", MANAGERS),
    "campaigns.create": ("GET", "/campaigns/new", MANAGERS),
    "campaigns.detail": ("GET", PAGE, MANAGERS),
    "campaigns.edit": ("GET", f"{PAGE}/edit", MANAGERS),
    "campaigns.add_link": ("GET", f"{PAGE}/materials/link", MANAGERS),
    "campaigns.add_file": ("GET", f"{PAGE}/materials/file", MANAGERS),
    "campaigns.download": ("GET", f"{PAGE}/materials/{{campaign_material_id}}", MANAGERS),
    "campaigns.remove_material": (
        "POST",
        f"{PAGE}/materials/{{campaign_material_id}}/remove",
        MANAGER_POSTS,
    ),
    "campaigns.people": ("GET", f"{PAGE}/people", MANAGERS),
    # An empty enrolment form: shown again with its error.
    "campaigns.enrol": ("POST", f"{PAGE}/people", MANAGERS),
    "campaigns.unenrol": (
        "POST",
        f"{PAGE}/people/{{campaign_returnee_id}}/remove",
        MANAGER_POSTS,
    ),
}

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def built_campaign(world) -> dict:
    """Ecuador's campaign for migrants in Spain (all returnees of Ecuador when the world's
    office is Ecuadorian) with the world case's person enrolled and one PDF (built once per
    world)."""
    cache = world.__dict__.setdefault("_campaign", {})
    if cache:
        return cache
    today = local_today()
    case = world.case
    # The route walk's world is Ecuadorian (its manager runs Ecuador's campaigns).
    spanish = world.home_office.country == "ES"
    with world.app.test_request_context():
        campaign = services.create_campaign(
            {
                "country": "EC",
                "name": "Ahorra para volver",
                "description": "Talleres en Madrid",
                "starts_on": today - timedelta(days=30),
                "ends_on": today + timedelta(days=60),
                "audience": "migrants_in_spain" if spanish else "country",
                "channel": "workshop",
                "target_plans": 10,
                "target_amount": "5000",
                "target_currency": "USD",
            },
            actor=None,
        )
        services.enrol(campaign, case.returnee_id, actor=None)
        upload = FileStorage(io.BytesIO(PDF), filename="guía.pdf")
        material = services.add_file(campaign, {"title": "Guía", "file": upload}, actor=None)
        db.session.commit()
        cache.update(
            campaign_id=campaign.id,
            campaign_material_id=material.id,
            campaign_returnee_id=case.returnee_id,
        )
    return cache


PLACEHOLDERS = {
    name: (lambda world, name=name: built_campaign(world)[name])
    for name in ("campaign_id", "campaign_material_id", "campaign_returnee_id")
}
