"""Programmes know nothing of guides: the guides blueprint registers its opportunity links
(programmes.links), and an app without it has none to count, show or check."""

from flask import Blueprint, Flask

from returnsvc.guides.programme_links import OPPORTUNITY_LINKS
from returnsvc.programmes import links


def test_the_guides_blueprint_registers_the_opportunity_links(ctx):
    assert links.link_sources() == [OPPORTUNITY_LINKS]


def test_registered_once_per_app_and_only_there():
    bp = Blueprint("linking", __name__)
    links.register_links(bp, OPPORTUNITY_LINKS)
    with_links, without = Flask("with"), Flask("without")
    with_links.register_blueprint(bp)
    with_links.register_blueprint(bp, name="again", url_prefix="/again")
    assert with_links.extensions[links.EXTENSION_KEY] == [OPPORTUNITY_LINKS]
    with without.app_context():
        assert links.link_sources() == []
        assert links.total_links(1) == 0
        links.check_country(1, "PE")  # nothing registered: nothing to refuse
