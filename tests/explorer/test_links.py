"""What a visitor can act on in the public guide pages (issue #13): a programme's contact is a
link when it is a web address, an e-mail address or a phone number (the rule the programme form
applies) and text otherwise, whatever was stored; the good-practice list names each practice's
countries."""

import html
import re

import pytest

from returnsvc.explorer.display import Display
from tests.explorer.conftest import page, text

MARKUP = '<img src=x onerror=alert(1)>"><b>bold</b>'

# -- programme contacts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "contact, link",
    [
        (
            "https://www.example.org/apply?a=1&b=2",
            'href="https://www.example.org/apply?a=1&amp;b=2"',
        ),
        ("http://example.org", 'href="http://example.org"'),
        ("info@example.org", 'href="mailto:info@example.org"'),
        ("+593 2 123 4567", 'href="tel:+59321234567"'),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(document.cookie)//http://x.org", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("ftp://example.org/file", None),
        (MARKUP, None),
        ('https://example.org/"onmouseover="alert(1)', None),
        ("Call the office on weekdays", None),
    ],
)
def test_programme_contacts_are_links_for_allowed_schemes_only(client, make, contact, link):
    make.programme("EC", contact=contact)
    body = text(page(client, "/guides/ec/programmes", "en"))
    contact_cell = re.search(r"<dt>Contact</dt><dd>(.*?)</dd>", body, re.S).group(1)
    if link:
        assert contact_cell.startswith("<a " + link)
        assert html.unescape(re.sub(r"<[^>]+>", "", contact_cell)) == contact
    else:
        assert "<" not in contact_cell  # text, escaped: no link, no markup
        assert html.unescape(contact_cell) == contact
    assert "<img src=x" not in body and "<script>alert" not in body


def test_display_contact_unit():
    assert Display.contact("") == ""
    assert Display.contact(None) == ""
    assert str(Display.contact(" a@b.org ")) == '<a href="mailto:a@b.org">a@b.org</a>'
    assert str(Display.contact("<i>x</i>")) == "&lt;i&gt;x&lt;/i&gt;"


def test_explorer_programmes_show_contact_links(client, world):
    body = text(page(client, "/explorer?country=EC&occupation=5120", "en"))
    assert '<a href="https://example.org" rel="noopener noreferrer">' in body


# -- good practices --------------------------------------------------------------------------


def test_practice_list_shows_the_countries(client, make):
    both = make.practice(["EC", "PE"], ["micro_enterprise"])
    body = text(page(client, "/guides/practices/", "en"))
    item = re.search(rf'<li><a href="/guides/practices/{both}">.*?</li>', body, re.S).group(0)
    assert "(Ecuador, Peru)" in item
    body = text(page(client, "/guides/practices/", "es"))
    assert "(Ecuador, Perú)" in body
