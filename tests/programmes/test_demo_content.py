"""The demo guides' programmes and good practices pass the same checks as a manager's input
(regions of the country, contact shape, a title per locale, known themes), so the demo never
holds content the managers' pages would refuse to save again."""

import json
from pathlib import Path

import pytest

from returnsvc.practices import services as practices
from returnsvc.programmes import services as programmes

CONTENT = Path(__file__).parents[2] / "returnsvc" / "guides" / "demo_content"
FILES = sorted(CONTENT.glob("*.json"))


def texts(item: dict, fields) -> dict:
    return {
        locale: {name: (item.get(name) or {}).get(locale, "") for name in fields}
        for locale in ("es", "en")
    }


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_demo_content_passes_the_services(ctx, path):
    content = json.loads(path.read_text(encoding="utf-8"))
    for item in content["programmes"]:
        data = {**item, "country": content["country"]}
        data["texts"] = texts(item, ("name", "conditions", "description"))
        programme = programmes.create_programme(data, actor=None, is_demo=True)
        assert programme.key == item["key"]
    for item in content["good_practices"]:
        data = {**item, "countries": [content["country"]]}
        data["texts"] = texts(item, ("title", "summary", "body"))
        assert practices.create_practice(data, actor=None, is_demo=True).key == item["key"]
