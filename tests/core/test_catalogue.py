"""The Spanish catalogue covers every string in the code and templates."""

import subprocess
import sys

from babel.messages.pofile import read_po

import config as app_config
from returnsvc.core.cli import extract_arguments

ES_PO = app_config.TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po"


def test_every_extracted_string_has_a_spanish_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *extract_arguments(pot)],
        cwd=app_config.BASE_DIR,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        template = read_po(f)
    with ES_PO.open("rb") as f:
        spanish = read_po(f, locale="es")
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = spanish.get(message.id, message.context)
        strings = translated.string if translated else None
        if (
            translated is None
            or translated.fuzzy
            or not strings
            or (isinstance(strings, tuple) and not all(strings))
        ):
            missing.append(message.id)
    assert missing == [], f"{len(missing)} strings lack Spanish: {missing[:20]}"


def test_compiled_catalogue_is_present():
    assert ES_PO.with_suffix(".mo").exists(), "run `make translations` (make test does)"
