"""The pickers' search on a small bilingual sample (tests/taxonomy/sample.py), real PostgreSQL."""

import pytest
from sqlalchemy import event

from returnsvc.extensions import db
from returnsvc.taxonomy import queries
from tests.taxonomy.sample import load_sample


@pytest.fixture
def ids(ctx):
    return load_sample()


def keys(hits):
    return [(hit.kind, hit.key) for hit in hits]


def labels(hits):
    return [hit.label for hit in hits]


@pytest.fixture
def statements(app):
    """Counts the SQL statements run while the test body runs."""
    counted = []

    def before(conn, cursor, statement, parameters, context, executemany):
        counted.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    yield counted
    event.remove(engine, "before_cursor_execute", before)


# --- accents, case, alternative labels, the other language ----------------------------------


def test_accents_and_case_do_not_matter(ids):
    for query in ("albañil", "ALBANIL", "Albañil", "  albanil  "):
        hits = queries.search_occupations(query, "es")
        assert hits[0].key == str(ids["bricklayer"]), query
        assert hits[0].label == "albañil"
    assert labels(queries.search_skills("NIÑOS", "es"))[0] == "cuidar a niños"
    assert labels(queries.search_skills("tecnicas", "es")) == ["técnicas de soldadura"]


def test_alternative_labels_match_and_say_so(ids):
    hits = queries.search_skills("soldadura de", "es")
    assert hits[0].key == str(ids["weld"])
    assert hits[0].label == "soldar metales"
    assert hits[0].matched == "soldadura de metales"
    assert hits[0].label_locale == "es"


def test_other_language_matches_are_labelled_in_the_current_language(ids):
    hits = queries.search_skills("childcare", "es")
    assert keys(hits) == [("skill", str(ids["children"]))]
    assert hits[0].label == "cuidar a niños"
    assert hits[0].label_locale == "es"
    assert hits[0].matched == "childcare"


def test_concepts_without_a_translation_fall_back_and_say_so(ids):
    hits = queries.search_skills("forklift", "es")
    assert hits[0].label == "operate forklift"
    assert hits[0].label_locale == "en"
    nurse = queries.search_occupations("nurse", "es")
    assert nurse[0].key == str(ids["nurse"])
    assert nurse[0].label_locale == "en"
    bricklayers = [h for h in queries.search_occupations("bricklayer", "es") if h.kind == "isco"]
    assert bricklayers[0].key == "7112"
    assert (bricklayers[0].label, bricklayers[0].label_locale) == (
        "Bricklayers and related workers",
        "en",
    )


def test_current_language_first_within_a_tier(ids):
    # "cook" starts an English label of the occupation and, in Spanish, only "cocinero".
    en = queries.search_occupations("coci", "en")
    assert en[0].label in {"cook", "Cooks"}  # labelled in English, found through Spanish
    assert all(hit.label_locale == "en" for hit in en)


# --- ranking: exact, prefix, word prefix, fuzzy ----------------------------------------------


def test_prefix_matches_rank_above_word_matches(ids):
    hits = queries.search_skills("weld", "en")
    assert labels(hits)[:3] == ["weld metals", "weld underwater", "welding techniques"]


def test_exact_label_first(ids):
    hits = queries.search_occupations("cook", "en")
    assert hits[0].label == "cook"
    assert ("isco", "5120") in keys(hits)


def test_word_prefixes_in_any_position(ids):
    hits = queries.search_skills("cuidar ninos", "es")
    assert labels(hits)[0] == "cuidar a niños"
    assert labels(queries.search_skills("agua", "es")) == ["soldar bajo el agua"]


def test_typos_find_the_concept(ids):
    assert labels(queries.search_skills("soldra metales", "es"))[0] == "soldar metales"
    assert labels(queries.search_occupations("albanyl", "es"))[0] == "albañil"
    assert "weld underwater" in labels(queries.search_skills("weld undrwater", "en"))


def test_one_hit_per_concept_with_its_best_label(ids):
    # "soldar metales" and "soldadura de metales" both match: one hit, the preferred label.
    hits = queries.search_skills("metales", "es")
    assert keys(hits).count(("skill", str(ids["weld"]))) == 1
    assert len(keys(hits)) == len(set(keys(hits)))


def test_order_is_deterministic(ids):
    first = queries.search_skills("sold", "es")
    assert first == queries.search_skills("sold", "es")
    assert len(first) >= 3


def test_short_queries_match_prefixes_only(ids):
    assert labels(queries.search_skills("w", "en")) == [
        "weld metals",
        "weld underwater",
        "welding techniques",
    ]
    # "ag" would be inside "agua" but is no label's beginning.
    assert queries.search_skills("ag", "es") == []


# --- ISCO codes --------------------------------------------------------------------------


def test_an_isco_code_finds_its_unit_group_then_its_occupations(ids):
    hits = queries.search_occupations("5120", "es")
    assert keys(hits) == [("isco", "5120"), ("occupation", str(ids["cook"]))]
    assert hits[0].label == "Cocineros"
    assert hits[1].label == "cocinero/cocinera"
    assert hits[1].isco_code == "5120"


def test_code_prefixes_list_unit_groups_only(ids):
    assert keys(queries.search_occupations("7", "es")) == [("isco", "7112")]
    assert keys(queries.search_occupations("22", "en")) == [("isco", "2221")]
    assert queries.search_occupations("9999", "es") == []


def test_occupation_hits_carry_their_unit_group(ids):
    hit = queries.search_occupations("albañil", "es")[0]
    assert (hit.kind, hit.isco_code, hit.value) == (
        "occupation",
        "7112",
        f"occupation:{ids['bricklayer']}",
    )


def test_only_unit_groups_are_offered(ids):
    # "Cooks" is both the minor group 512 and the unit group 5120.
    assert [h.key for h in queries.search_occupations("cooks", "en") if h.kind == "isco"] == [
        "5120"
    ]


# --- limits and junk ---------------------------------------------------------------------


def test_limit(ids):
    assert len(queries.search_skills("sold", "es", limit=2)) == 2
    assert len(queries.search_skills("sold", "es", limit=0)) == 1  # at least one
    assert len(queries.search_skills("s", "es", limit=10_000)) <= queries.MAX_LIMIT


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\t\n",
        None,
        "%",
        "_",
        "%%%",
        "\\",
        "'; DROP TABLE esco_skill; --",
        "a\x00b",
        "x" * 500,
        "🙂🙂🙂",
        "ｗｅｌｄ",  # full-width letters fold to "weld"
        "\u0301\u0301",  # lone combining accents
        "(((",
        "0",
        "12345",
    ],
)
def test_junk_input_answers_cleanly(ids, query):
    for search in (queries.search_skills, queries.search_occupations):
        hits = search(query, "es")
        assert isinstance(hits, list)
        assert len(hits) <= 20


def test_empty_queries_return_nothing(ids, statements):
    assert queries.search_skills("", "es") == []
    assert queries.search_occupations("  ", "en") == []
    assert statements == []


def test_wildcards_are_literal(ids):
    assert queries.search_skills("%", "es") == []
    assert queries.search_skills("_", "es") == []


def test_full_width_letters_fold(ids):
    assert labels(queries.search_skills("ｗｅｌｄ", "en"))[0] == "weld metals"


def test_long_queries_are_cut(ids):
    assert queries.normalise_query("a" * 500) == "a" * queries.MAX_QUERY_LENGTH
    assert queries.search_skills("soldar metales " + "z" * 400, "es") == queries.search_skills(
        "soldar metales " + "z" * 400, "es"
    )


def test_unknown_locale_still_answers(ids):
    hits = queries.search_skills("weld", "fr")
    assert hits and all(hit.label_locale in ("es", "en") for hit in hits)


# --- bounded SQL --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "search, query, limit, expected",
    [
        ("skills", "w", 20, 1),  # one or two letters: prefixes only
        ("skills", "weld", 2, 1),  # literal matches fill the limit: no fuzzy statement
        ("skills", "weld", 20, 1),  # four letters: literal matches only
        ("skills", "metales", 20, 2),  # not enough literal matches: fuzzy ones are added
        ("skills", "weld undrwater", 20, 2),
        ("occupations", "cook", 1, 1),  # both tables in the same statement
        ("occupations", "coook", 20, 2),
        ("occupations", "5120", 20, 1),
        ("occupations", "5", 20, 1),
    ],
)
def test_one_or_two_statements_per_search(ids, statements, search, query, limit, expected):
    hits = getattr(queries, f"search_{search}")(query, "es", limit=limit)
    assert hits
    assert len(statements) == expected


# --- labels for stored keys ---------------------------------------------------------------


def test_labels_for_stored_keys_fall_back(ids):
    assert queries.isco_titles(["5120", "7112", "0000"], "es") == {
        "5120": "Cocineros",
        "7112": "Bricklayers and related workers",
    }
    assert queries.isco_titles([], "es") == {}
    assert queries.occupation_labels([ids["cook"], ids["nurse"], 999_999], "es") == {
        ids["cook"]: "cocinero/cocinera",
        ids["nurse"]: "specialist nurse",
    }
    assert queries.skill_labels([ids["children"]], "en") == {ids["children"]: "look after children"}
    assert queries.skill_labels([ids["forklift"]], "es", with_locale=True) == {
        ids["forklift"]: ("operate forklift", "en")
    }


def test_unit_group_only_level_four(ids):
    assert queries.unit_group("5120").code == "5120"
    for code in ("512", "5", "9999", "", "51200", "５１２０", "abcd", None):
        assert queries.unit_group(code) is None


def test_picker_values_parse(ids):
    assert queries.parse_picker_value("isco:5120") == ("isco", "5120")
    assert queries.parse_picker_value("skill:7") == ("skill", "7")
    for junk in ("", None, "isco:512", "skill:", "skill:x", "user:1", "skill:-1", "skill:1:2"):
        assert queries.parse_picker_value(junk) is None


def test_counts_per_table_and_locale(ids):
    counts = queries.taxonomy_counts()
    by_kind = {table.kind: table for table in counts["tables"]}
    assert by_kind["isco"].concepts == 12
    assert by_kind["isco"].translated == {"es": 11, "en": 12}
    assert by_kind["occupation"].concepts == 3
    assert by_kind["occupation"].translated == {"es": 2, "en": 3}
    assert by_kind["occupation"].labels == {"es": 4, "en": 6}
    assert by_kind["skill"].concepts == 6
    assert by_kind["skill"].labels == {"es": 6, "en": 8}
    assert counts["unit_groups"] == 3
    assert counts["imports"] == []
