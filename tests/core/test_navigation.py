"""The main menu: what each role may open, plus the public guide pages for everyone."""

import re

import pytest

ENGLISH = {"headers": {"Accept-Language": "en"}}


def _menu(response) -> list[str]:
    html = response.get_data(as_text=True)
    nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


def test_anonymous_visitors_see_the_public_guides(client):
    menu = _menu(client.get("/", **ENGLISH))
    assert menu == ["Opportunity explorer", "Country guides"]


@pytest.mark.parametrize(
    "role, expected",
    [
        ("returnee", ["Home", "Opportunity explorer", "Country guides"]),
        ("counsellor", ["Home", "Cases", "Partners", "Opportunity explorer", "Country guides"]),
        (
            "manager",
            [
                "Home",
                "Cases",
                "Partners",
                "Manage guides",
                "Opportunity explorer",
                "Country guides",
            ],
        ),
    ],
)
def test_each_role_sees_what_it_may_open(client, sign_in, role, expected):
    sign_in(role, locale="en")
    assert _menu(client.get("/home")) == expected


def test_one_item_is_current(client):
    html = client.get("/explorer", **ENGLISH).get_data(as_text=True)
    assert html.count('aria-current="page"') == 1
    assert 'aria-current="page">Opportunity explorer<' in html


def test_returnees_are_pointed_to_the_explorer(client, sign_in):
    sign_in("returnee", locale="es")
    body = client.get("/home").get_data(as_text=True)
    assert 'href="/explorer">Vea el trabajo y los negocios' in body
