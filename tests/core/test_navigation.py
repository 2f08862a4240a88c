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
                "Outcomes",
                "Opportunity explorer",
                "Country guides",
            ],
        ),
    ],
)
def test_each_role_sees_what_it_may_open(client, sign_in, role, expected):
    sign_in(role, locale="en")
    home = "/my" if role == "returnee" else "/home"  # a returnee's home is their portal
    assert _menu(client.get(home)) == expected


def test_one_item_is_current(client):
    html = client.get("/explorer", **ENGLISH).get_data(as_text=True)
    assert html.count('aria-current="page"') == 1
    assert 'aria-current="page">Opportunity explorer<' in html


def test_returnees_are_pointed_to_the_explorer(client, sign_in):
    sign_in("returnee", locale="es")
    body = client.get("/home", follow_redirects=True).get_data(as_text=True)
    assert 'href="/explorer">Ver el trabajo y los negocios' in body


def test_an_admin_s_pages_are_grouped(client, sign_in):
    """Seven pages would wrap an admin's header: users, offices, the audit log, the reference
    data and the matching weights (with their help page) sit in one "Administration" group,
    marked current when one of them is open."""
    sign_in("admin", locale="en")
    response = client.get("/admin/audit/")
    html = response.get_data(as_text=True)
    assert _menu(response) == [
        "Home",
        "Cases",
        "Partners",
        "Manage guides",
        "Outcomes",
        "Users",
        "Offices",
        "Audit log",
        "Reference data",
        "Matching weights",
        "How match scores work",
        "Remittance costs",
        "Opportunity explorer",
        "Country guides",
    ]
    group = html.split('<li class="nav-group">', 1)[1].split("</details>", 1)[0]
    assert '<summary class="nav-current">Administration</summary>' in group
    links = re.findall(r">([^<>]+)</a>", group)
    assert links == [
        "Users",
        "Offices",
        "Audit log",
        "Reference data",
        "Matching weights",
        "How match scores work",
        "Remittance costs",
    ]
    assert 'aria-current="page">Audit log<' in group
    assert html.count('aria-current="page"') == 1


def test_the_menu_folds_behind_a_button_that_works_without_javascript(client):
    html = client.get("/", **ENGLISH).get_data(as_text=True)
    assert '<input type="checkbox" id="menu-toggle"' in html
    assert '<label for="menu-toggle" class="menu-button">' in html
    assert 'id="site-menu"' in html and "js/menu.js" in html
