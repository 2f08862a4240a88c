"""Gaps become training, by example and by property: each gap proposes the country's programmes
that answer it (regional first), recognition gaps propose the procedure with its authority, and
no programme of another country or region is ever proposed."""

import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from returnsvc.matching import training
from returnsvc.matching.scorer_inputs import DemandEntry, Opportunity, Profile
from returnsvc.matching.scoring import Gap, Match, score_demand, score_opportunity
from returnsvc.matching.training import ProgrammeOffer, Proposal, offer_kind, proposals_for

TROWEL = "http://data.europa.eu/esco/skill/trowel"
MORTAR = "http://data.europa.eu/esco/skill/mortar"


def match_of(*gaps):
    return Match(0, (), (), tuple(gaps), "test")


def ids(proposals):
    return [p.programme_id for p in proposals]


def propose(*gaps, programmes, country="BO", region="BO-L", **kwargs):
    return proposals_for(
        match_of(*gaps), country=country, region=region, programmes=programmes, **kwargs
    )


MASONRY_LA_PAZ = ProgrammeOffer(5, "training", "BO", {"BO-L"}, {TROWEL, MORTAR}, {"7112"})
MASONRY_NATIONWIDE = ProgrammeOffer(2, "training", "BO", (), {TROWEL}, {"7112", "7111"})
MASONRY_COCHABAMBA = ProgrammeOffer(1, "training", "BO", {"BO-C"}, {TROWEL}, {"7112"})
MASONRY_ECUADOR = ProgrammeOffer(3, "training", "EC", (), {TROWEL}, {"7112"})
TROWEL_LOANS = ProgrammeOffer(4, "micro_credit", "BO", (), {TROWEL}, {"7112"})
MASONRY = [MASONRY_LA_PAZ, MASONRY_NATIONWIDE, MASONRY_COCHABAMBA, MASONRY_ECUADOR, TROWEL_LOANS]


def test_a_missing_skill_proposes_the_training_of_the_country_and_region_regional_first():
    gap = Gap("skill.missing", {"uri": TROWEL})
    proposals = propose(gap, programmes=MASONRY)
    # not Cochabamba (another region), not Ecuador (another country), not a loan
    assert ids(proposals) == [5, 2]
    assert all(p.gap == gap and p.kind == "programme" for p in proposals)
    assert proposals[0].params == {"kind": "training", "regional": True}
    assert proposals[1].params == {"kind": "training", "regional": False}


def test_only_programmes_covering_the_skill_are_proposed():
    assert ids(propose(Gap("skill.missing", {"uri": MORTAR}), programmes=MASONRY)) == [5]
    assert propose(Gap("skill.missing", {"uri": "http://x/other"}), programmes=MASONRY) == ()


def test_own_words_gaps_name_no_esco_skill_and_propose_nothing():
    assert propose(Gap("skill.missing", {"text": "levantar muros"}), programmes=MASONRY) == ()


def test_another_region_gets_its_own_and_the_nationwide_ones():
    gap = Gap("skill.missing", {"uri": TROWEL})
    assert ids(propose(gap, programmes=MASONRY, region="BO-C")) == [1, 2]
    assert ids(propose(gap, programmes=MASONRY, region=None)) == [2]


def test_no_programme_from_another_country_ever():
    gap = Gap("skill.missing", {"uri": TROWEL})
    assert ids(propose(gap, programmes=MASONRY, country="EC", region="EC-P")) == [3]
    assert propose(gap, programmes=MASONRY, country="PE", region="BO-L") == ()


def test_ordering_is_regional_then_by_id_whatever_the_input_order():
    offers = [
        ProgrammeOffer(9, "training", "BO", (), {TROWEL}),
        ProgrammeOffer(7, "training", "BO", {"BO-L"}, {TROWEL}),
        ProgrammeOffer(1, "training", "BO", (), {TROWEL}),
        ProgrammeOffer(8, "training", "BO", {"BO-L", "BO-C"}, {TROWEL}),
    ]
    gap = Gap("skill.missing", {"uri": TROWEL})
    assert ids(propose(gap, programmes=offers)) == [7, 8, 1, 9]
    assert ids(propose(gap, programmes=reversed(offers))) == [7, 8, 1, 9]


def test_no_duplicates_per_gap_even_if_a_programme_is_passed_twice():
    gap = Gap("skill.missing", {"uri": TROWEL})
    twice = [MASONRY_LA_PAZ, MASONRY_LA_PAZ, MASONRY_NATIONWIDE, MASONRY_NATIONWIDE]
    assert ids(propose(gap, programmes=twice)) == [5, 2]
    # the same programme answers two gaps: once for each
    both = propose(gap, Gap("skill.missing", {"uri": MORTAR}), programmes=twice)
    assert [(p.gap.params["uri"], p.programme_id) for p in both] == [
        (TROWEL, 5),
        (TROWEL, 2),
        (MORTAR, 5),
    ]


def test_an_unrelated_occupation_proposes_training_for_the_entrys_unit_group():
    gap = Gap("occupation.unrelated", {"isco": ("7111",)})
    assert ids(propose(gap, programmes=MASONRY)) == [2]
    several = Gap("occupation.unrelated", {"isco": ("7111", "7112")})
    assert ids(propose(several, programmes=MASONRY)) == [5, 2]


def test_short_experience_proposes_training_for_the_unit_group_given_by_the_caller():
    gap = Gap("experience.short", {"have": Decimal(1), "need": Decimal(5)})
    assert propose(gap, programmes=MASONRY) == ()  # the scorer does not name the group
    assert ids(propose(gap, programmes=MASONRY, entry_unit_group="7112")) == [5, 2]


def test_entrepreneurship_training_proposes_training_or_advisory_covering_it():
    offers = [
        ProgrammeOffer(1, "advisory", "BO", (), covers_entrepreneurship=True),
        ProgrammeOffer(2, "training", "BO", {"BO-L"}, covers_entrepreneurship=True),
        ProgrammeOffer(3, "training", "BO", ()),
        ProgrammeOffer(4, "seed_capital", "BO", (), covers_entrepreneurship=True),
        ProgrammeOffer(5, "advisory", "EC", (), covers_entrepreneurship=True),
    ]
    assert ids(propose(Gap("training.entrepreneurship"), programmes=offers)) == [2, 1]


@pytest.mark.parametrize("code", ["capital.short", "capital.unknown"])
def test_capital_gaps_propose_seed_capital_micro_credit_and_savings(code):
    offers = [
        ProgrammeOffer(1, "savings", "BO", ()),
        ProgrammeOffer(2, "seed_capital", "BO", {"BO-L"}),
        ProgrammeOffer(3, "micro_credit", "BO", ()),
        ProgrammeOffer(4, "training", "BO", ()),
        ProgrammeOffer(5, "advisory", "BO", (), covers_entrepreneurship=True),
        ProgrammeOffer(6, "micro_credit", "BO", {"BO-C"}),
        ProgrammeOffer(7, "seed_capital", "EC", ()),
    ]
    proposals = propose(Gap(code, {"need": Decimal(5000)}), programmes=offers)
    assert ids(proposals) == [2, 1, 3]
    assert [p.params["kind"] for p in proposals] == ["seed_capital", "savings", "micro_credit"]


def test_starting_recognition_proposes_the_procedure_with_the_gaps_authority():
    gap = Gap("recognition.start", {"isco": "2221", "authority": "Ministerio de Salud"})
    assert propose(gap, programmes=MASONRY) == (
        Proposal(
            gap,
            "recognition",
            None,
            {"step": "start_procedure", "authority": "Ministerio de Salud", "isco": "2221"},
        ),
    )


def test_the_qualifications_authority_wins_and_a_wait_is_a_follow_up():
    gap = Gap("recognition.wait", {"isco": "2221", "status": "requested", "authority": ""})
    (proposal,) = propose(gap, programmes=MASONRY, qualification_authority="SENESCYT")
    assert proposal.kind == "recognition" and proposal.programme_id is None
    assert proposal.params == {
        "step": "follow_up_request",
        "authority": "SENESCYT",
        "isco": "2221",
        "status": "requested",
    }


def test_recognition_without_any_authority_carries_none():
    (proposal,) = propose(
        Gap("recognition.start", {"isco": "2221", "authority": ""}), programmes=()
    )
    assert proposal.params["authority"] is None
    assert proposal.params["step"] == "start_procedure"


@pytest.mark.parametrize(
    "gap",
    [
        Gap("region.outside", {"regions": ("BO-C",)}),
        Gap("education.below", {"have": 1, "need": 3}),
        Gap("certification.missing", {"code": "SECAP-ALB"}),
        Gap("something.new"),
    ],
)
def test_other_gaps_propose_nothing(gap):
    assert propose(gap, programmes=MASONRY, entry_unit_group="7112") == ()


def test_from_real_scores_a_nurse_and_a_business():
    nurse = Profile(qualifications=(("2221", "not_requested", "Ministerio de Salud"),))
    match = score_demand(nurse, DemandEntry("2221", skills=frozenset({TROWEL})))
    proposals = proposals_for(
        match, country="BO", region="BO-L", programmes=MASONRY, entry_unit_group="2221"
    )
    assert [(p.gap.code, p.kind, p.programme_id) for p in proposals] == [
        ("skill.missing", "programme", 5),
        ("skill.missing", "programme", 2),
        ("recognition.start", "recognition", None),
    ]
    assert proposals[-1].params["authority"] == "Ministerio de Salud"

    shop = Opportunity(
        isco=frozenset({"7112"}), investment_min=Decimal(1000), needs_entrepreneurship_training=True
    )
    offers = [*MASONRY, ProgrammeOffer(6, "advisory", "BO", (), covers_entrepreneurship=True)]
    match = score_opportunity(Profile(capital=Decimal(10)), shop)
    proposals = proposals_for(match, country="BO", region="BO-L", programmes=offers)
    assert [(p.gap.code, p.programme_id) for p in proposals] == [
        ("occupation.unrelated", 5),
        ("occupation.unrelated", 2),
        ("capital.short", 4),
        ("training.entrepreneurship", 6),
    ]


def test_offers_validate_their_kind_and_collections():
    with pytest.raises(ValueError, match="unknown programme kind"):
        ProgrammeOffer(1, "savings_product", "BO")
    with pytest.raises(TypeError, match="collection of codes"):
        ProgrammeOffer(1, "training", "BO", "BO-L")
    assert ProgrammeOffer(1, "training", "BO", ["BO-L"]).regions == frozenset({"BO-L"})
    assert offer_kind("savings_product") == "savings"
    assert offer_kind("advisory") == "advisory"
    with pytest.raises(ValueError):
        offer_kind("lottery")


def test_the_proposer_imports_only_the_standard_library_and_the_scorer():
    tree = ast.parse(Path(training.__file__).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0
            modules.add(node.module)
    outside = {m for m in modules if m.split(".")[0] not in sys.stdlib_module_names}
    assert outside == {"returnsvc.matching.scoring"}


# -- by property ------------------------------------------------------------------------------

COUNTRIES = st.sampled_from(["BO", "EC", "PE"])
REGIONS = st.sampled_from(["BO-L", "BO-C", "EC-P", "EC-G", "PE-LIM"])
URIS = st.sampled_from([f"http://data.europa.eu/esco/skill/s{n}" for n in range(4)])
ISCO = st.sampled_from(["7112", "7111", "2221", "5223"])

offers = st.builds(
    ProgrammeOffer,
    id=st.integers(min_value=1, max_value=30),
    kind=st.sampled_from(training.KINDS),
    country=COUNTRIES,
    regions=st.frozensets(REGIONS, max_size=2),
    covers_skills=st.frozensets(URIS, max_size=3),
    covers_unit_groups=st.frozensets(ISCO, max_size=2),
    covers_entrepreneurship=st.booleans(),
)
gaps = st.one_of(
    st.builds(lambda uri: Gap("skill.missing", {"uri": uri}), URIS),
    st.builds(lambda text: Gap("skill.missing", {"text": text}), st.sampled_from(["a", "b"])),
    st.builds(
        lambda g: Gap("occupation.unrelated", {"isco": tuple(sorted(g))}),
        st.frozensets(ISCO, min_size=1, max_size=2),
    ),
    st.just(Gap("experience.short", {"have": Decimal(1), "need": Decimal(3)})),
    st.just(Gap("training.entrepreneurship")),
    st.sampled_from([Gap("capital.short", {"need": Decimal(1)}), Gap("capital.unknown")]),
    st.builds(
        lambda a: Gap("recognition.start", {"isco": "2221", "authority": a}),
        st.sampled_from(["", "Ministerio"]),
    ),
    st.builds(
        lambda a: Gap("recognition.wait", {"isco": "2221", "status": "requested", "authority": a}),
        st.sampled_from(["", "Ministerio"]),
    ),
    st.just(Gap("region.outside", {"regions": ("BO-C",)})),
)


@settings(max_examples=300, deadline=None)
@given(
    gap_list=st.lists(gaps, max_size=6),
    programmes=st.lists(offers, max_size=12, unique_by=lambda o: o.id),
    country=COUNTRIES,
    region=st.one_of(st.none(), REGIONS),
    unit_group=st.one_of(st.none(), ISCO),
    authority=st.one_of(st.none(), st.just("SENESCYT")),
)
def test_proposals_stay_in_the_persons_country_and_region(
    gap_list, programmes, country, region, unit_group, authority
):
    proposals = proposals_for(
        match_of(*gap_list),
        country=country,
        region=region,
        programmes=programmes,
        qualification_authority=authority,
        entry_unit_group=unit_group,
    )
    for p in proposals:
        assert p.gap in gap_list
        if p.kind == "recognition":
            assert p.programme_id is None
            assert p.gap.code in ("recognition.start", "recognition.wait")
            assert p.params["authority"] == (authority or p.gap.params["authority"] or None)
            continue
        assert p.kind == "programme"
        offer = next(o for o in programmes if o.id == p.programme_id)
        assert offer.country == country
        assert not offer.regions or region in offer.regions
        if p.gap.code == "skill.missing":
            assert offer.kind in ("training", "advisory")
            assert p.gap.params["uri"] in offer.covers_skills
    # gap by gap, in order, and no programme twice for one gap
    per_gap = [
        proposals_for(
            match_of(gap),
            country=country,
            region=region,
            programmes=programmes,
            qualification_authority=authority,
            entry_unit_group=unit_group,
        )
        for gap in gap_list
    ]
    assert proposals == tuple(p for group in per_gap for p in group)
    for group in per_gap:
        chosen = [p.programme_id for p in group if p.kind == "programme"]
        assert len(chosen) == len(set(chosen))
    # the same input proposes the same, whatever the programmes' order
    assert proposals == proposals_for(
        match_of(*gap_list),
        country=country,
        region=region,
        programmes=programmes[::-1],
        qualification_authority=authority,
        entry_unit_group=unit_group,
    )
