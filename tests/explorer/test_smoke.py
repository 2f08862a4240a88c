"""Every public guide page answers with its content: what each must show (the published
rows of the world, in English here) and what it must never show (drafts)."""

import re

from tests.explorer.conftest import page, text

DRAFTS = ("Borrador secreto", "Hidden programme", "Hidden practice")


def test_pages_show_their_content(client, world):
    practices = text(page(client, "/guides/practices/"))
    titles = dict(re.findall(r'href="/guides/practices/(\d+)"[^>]*>\s*([^<]+?)\s*<', practices))
    assert str(world.practice) in titles and str(world.health_practice) in titles, practices
    assert str(world.draft_practice) not in titles
    expected = {
        "/guides/": ["3 occupations in demand", "1 business opportunity"],
        "/guides/ec/labour-market": ["Highland hotels", "$700.00 – $900.00", "pastry"],
        "/guides/ec/business": ["Snack bar", "Fast food"],
        "/guides/ec/programmes": [re.compile(r"Programme \d+(?:.|\n)*Programme \d+")],
        "/guides/practices/": [titles[str(world.practice)], titles[str(world.health_practice)]],
        f"/guides/practices/{world.practice}": [titles[str(world.practice)], "Text"],
        f"/guides/edition/{world.earlier}": ["Old guide"],
        "/explorer": ['name="occupation"', 'name="country"'],
        "/explorer?country=EC&occupation=5120&skills=cocinar+carne&region=EC-P": [
            "Highland hotels",
            "Snack bar",
        ],
    }
    for url, shown in expected.items():
        response = page(client, url)
        body = text(response)
        assert response.status_code == 200, (url, body[-3000:])
        for content in shown:
            found = content.search(body) if isinstance(content, re.Pattern) else content in body
            assert found, (url, content)
        for draft in DRAFTS:
            assert draft not in body, (url, draft)
