"""Everyday trade words reach their ISCO-08 unit group: the curated table (no database) for
Spanish in both genders, Andean usage and English, then the occupation labels in the database
(ISCO-08 titles, ESCO preferred and alternative labels) on the small bilingual sample."""

import pytest

from returnsvc.taxonomy import trades
from tests.taxonomy.sample import load_sample
from tests.taxonomy.test_search import statements  # noqa: F401 - the statement counter

# (what a person types, a unit group it must reach)
EVERYDAY_WORDS = [
    ("enfermera", "2221"),
    ("enfermero", "2221"),
    ("Enfermeras", "2221"),
    ("nurse", "2221"),
    ("técnica en enfermería", "3221"),
    ("técnico en enfermería", "3221"),
    ("auxiliar de enfermería", "3221"),
    ("nursing assistant", "3221"),
    ("chofer", "8332"),
    ("chófer", "8322"),
    ("CHOFERES", "8332"),
    ("conductora", "8322"),
    ("driver", "8332"),
    ("truck driver", "8332"),
    ("mesero", "5131"),
    ("mesera", "5131"),
    ("camarera", "5131"),
    ("waitress", "5131"),
    ("albañil", "7112"),
    ("albaniles", "7112"),
    ("bricklayer", "7112"),
    ("niñera", "5311"),
    ("niñero", "5311"),
    ("nanny", "5311"),
    ("cocinero", "5120"),
    ("cocinera", "5120"),
    ("cook", "5120"),
    ("ayudante de cocina", "9412"),
    ("panadera", "7512"),
    ("baker", "7512"),
    ("electricista", "7411"),
    ("electrician", "7411"),
    ("gasfitero", "7126"),
    ("gásfiter", "7126"),
    ("fontanera", "7126"),
    ("plomero", "7126"),
    ("plumber", "7126"),
    ("soldadora", "7212"),
    ("welder", "7212"),
    ("mecánica", "7231"),
    ("mechanic", "7231"),
    ("carpintero", "7115"),
    ("carpenter", "7115"),
    ("peluquera", "5141"),
    ("hairdresser", "5141"),
    ("costurera", "7531"),
    ("agricultora", "6111"),
    ("jornalero", "9211"),
    ("farm worker", "9211"),
    ("cuidadora de ancianos", "5322"),
    ("caregiver", "5322"),
    ("empleada doméstica", "9111"),
    ("limpiadora", "9112"),
    ("cleaner", "9112"),
    ("vendedora", "5223"),
    ("shop assistant", "5223"),
    ("cajero", "5230"),
    ("cashier", "5230"),
    ("guardia de seguridad", "5414"),
    ("security guard", "5414"),
    ("recepcionista", "4226"),
    ("receptionist", "4226"),
    ("guía de turismo", "5113"),
    ("tour guide", "5113"),
    ("programadora", "2512"),
    ("programmer", "2512"),
    ("pintor", "7131"),
    ("repartidora", "9621"),
    ("montacarguista", "8344"),
    ("ganadero", "6121"),
    ("ordeñadora", "6121"),
    ("profesora", "2330"),
    ("contadora", "2411"),
    ("accountant", "2411"),
]


@pytest.mark.parametrize(("words", "code"), EVERYDAY_WORDS)
def test_everyday_words_reach_their_unit_group(words, code):
    assert code in trades.curated_unit_groups(words)


def test_a_sentence_names_its_trades_in_order_and_longer_phrases_win():
    found = trades.curated_unit_groups("Soy ayudante de cocina y mesera, también albañil")
    assert found == ["9412", "5131", "7112"]
    assert "5120" not in found  # "cocina" is no cook
    assert trades.curated_unit_groups("cuidadora de niños") == ["5311"]


def test_nothing_for_no_trade():
    for text in ("", None, "sé soldar y algo de carpintería", "x" * 500):
        assert trades.curated_unit_groups(text) == []


def test_every_code_of_the_table_is_a_unit_group():
    for codes, words in trades.TRADE_WORDS:
        assert words and all(len(code) == 4 and code.isdigit() for code in codes.split())


def test_plural_and_slash_patterns_are_escaped():
    patterns = trades.label_patterns("cocineras 50%_")
    assert "cocinera" in patterns and "%/cocinera" in patterns and "cocinera/%" in patterns
    # only the slash patterns' own wildcards: what the person typed is letters and digits
    assert all("_" not in p and "%" not in p.strip("%") for p in patterns)


@pytest.fixture
def sample(ctx):
    return load_sample()


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("cocinera", "5120"),  # one side of the ESCO label "cocinero/cocinera"
        ("chef de cocina", "5120"),  # an ESCO alternative label
        ("paleta", "7112"),  # an Andean alternative label the table lacks
        ("brick masons", "7112"),  # English alternative label, plural
        ("specialist nurse", "2221"),  # English preferred label
        ("Profesionales de enfermería", "2221"),  # the ISCO-08 title
        ("Bricklayers and related workers", "7112"),
    ],
)
def test_database_labels_reach_their_unit_group(sample, words, code):
    assert code in trades.label_unit_groups(words)
    assert code in trades.unit_groups_for(words)


def test_one_statement_the_table_first(sample, statements):  # noqa: F811
    found = trades.unit_groups_for("soy paleta y electricista")
    assert found == ["7411", "7112"]
    assert len(statements) == 1
    statements.clear()
    assert trades.unit_groups_for("  , ") == []
    assert statements == []
