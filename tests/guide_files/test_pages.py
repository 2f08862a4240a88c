"""The import form and the format page, in both languages; access for managers only."""

from tests.guide_files.helpers import page


def test_import_form_says_the_rules_and_warns_on_published(client, labour, business, manager):
    text = page(client.get(f"/manage/guides/{labour}/import"))
    assert 'enctype="multipart/form-data"' in text
    assert "at most 2 MB and 5000 rows" in text
    assert "an import never deletes" in text
    assert "This edition is published" not in text
    assert "This edition is published" in page(client.get(f"/manage/guides/{business}/import"))


def test_format_page_lists_both_kinds_with_examples(client, manager):
    text = page(client.get("/manage/guides/csv-format"))
    for column in ("isco_code", "notes_es", "investment_max", "title_en", "programmes"):
        assert f"<code>{column}</code>" in text
    assert "bricklayers-pichincha,7112,F,EC-P|EC-A,high,550.00,750.00,isced2,2" in text
    assert "<code>very_high</code>" in text and "EC USD" in text


def test_format_page_in_spanish(client, sign_in):
    sign_in("manager", locale="es")
    text = page(client.get("/manage/guides/csv-format"))
    assert '<html lang="es"' in text
    assert "Construcción" in text  # ISIC labels come from the catalogue


def test_unknown_edition_is_404(client, manager):
    assert client.get("/manage/guides/999999/import").status_code == 404
    assert client.get("/manage/guides/999999/export.csv").status_code == 404


def test_counsellors_cannot_export(client, labour, sign_in):
    sign_in("counsellor")
    assert client.get(f"/manage/guides/{labour}/export.csv").status_code == 403
