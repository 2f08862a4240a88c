from tests.explorer.conftest import page, text


def test_pages_answer(client, world):
    for url in [
        "/guides/",
        "/guides/ec/labour-market",
        "/guides/ec/business",
        "/guides/ec/programmes",
        "/guides/practices/",
        f"/guides/practices/{world.practice}",
        f"/guides/edition/{world.earlier}",
        "/explorer",
        "/explorer?country=EC&occupation=5120&skills=cocinar+carne&region=EC-P",
    ]:
        r = page(client, url)
        assert r.status_code == 200, (url, text(r)[-3000:])
