"""The scorer's promises (issue #14), for any profile, entry and weights: scores stay in 0-100,
each component earns at most its weight and they add up to the score, learning a skill never
lowers a score, meeting every requirement gives the top score, and the same input gives the
same output."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from returnsvc.matching.points import rank
from returnsvc.matching.scorer_inputs import (
    DEMAND_LEVELS,
    RECOGNITION_STATUSES,
    DemandEntry,
    Opportunity,
    Profile,
)
from returnsvc.matching.scorer_weights import COMPONENTS, Kind, Weights
from returnsvc.matching.scoring import score_demand, score_opportunity

ISCO = st.sampled_from(["7112", "7111", "7119", "7121", "7411", "2221", "2211", "3221", "5223"])
URIS = st.sampled_from([f"http://data.europa.eu/esco/skill/s{n}" for n in range(8)])
WORDS = st.sampled_from(["albanil", "levantar muros", "cocinar", "manejar"])
CERTS = st.sampled_from(["A", "B", "C"])
REGIONS = st.sampled_from(["BO-L", "BO-C", "EC-P", "EC-G"])
YEARS = st.decimals(min_value=0, max_value=40, places=1, allow_nan=False)
MONEY = st.decimals(min_value=-100, max_value=20000, places=2, allow_nan=False)
LEVEL = st.integers(min_value=0, max_value=8)

profiles = st.builds(
    Profile,
    occupations=st.lists(st.tuples(ISCO, st.none() | YEARS), max_size=3).map(tuple),
    skills=st.frozensets(URIS),
    own_words=st.frozensets(WORDS),
    education=st.none() | LEVEL,
    certifications=st.frozensets(CERTS),
    preferred_regions=st.frozensets(REGIONS),
    willing_to_move=st.booleans(),
    capital=st.none() | MONEY,
    entrepreneurship_trained=st.booleans(),
    qualifications=st.lists(
        st.tuples(st.none() | ISCO, st.sampled_from(RECOGNITION_STATUSES), st.text(max_size=5)),
        max_size=2,
    ).map(tuple),
)
entries = st.builds(
    DemandEntry,
    isco=ISCO,
    regions=st.frozensets(REGIONS, max_size=2),
    demand_level=st.sampled_from(sorted(DEMAND_LEVELS)),
    skills=st.frozensets(URIS, max_size=4),
    own_words=st.frozensets(WORDS, max_size=2),
    min_years=st.none() | YEARS,
    min_education=st.none() | LEVEL,
    certifications=st.frozensets(CERTS, max_size=2),
    regulated=st.booleans(),
)
opportunities = st.builds(
    Opportunity,
    isco=st.frozensets(ISCO, max_size=3),
    regions=st.frozensets(REGIONS, max_size=2),
    skills=st.frozensets(URIS, max_size=4),
    investment_min=st.none() | MONEY.filter(lambda m: m >= 0),
    investment_max=st.none() | MONEY.filter(lambda m: m >= 0),
    needs_entrepreneurship_training=st.booleans(),
)


@st.composite
def weights(draw, kind):
    """Any split of 100 over the kind's components (zeros allowed)."""
    names = COMPONENTS[kind]
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(names) - 1,
                                max_size=len(names) - 1)))  # fmt: skip
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return Weights.from_mapping(dict(zip(names, shares, strict=True)), "test", kind)


def check_well_formed(match, weights_used):
    assert 0 <= match.score <= 100
    assert sum(c.earned for c in match.components) == match.score
    assert all(0 <= c.earned <= c.weight for c in match.components)
    assert {c.name: c.weight for c in match.components} == weights_used.as_dict()
    assert match.weights_version == weights_used.version


@settings(max_examples=300)
@given(profiles, entries, weights(Kind.DEMAND))
def test_demand_scores_are_well_formed_and_deterministic(profile, entry, w):
    match = score_demand(profile, entry, w)
    check_well_formed(match, w)
    assert score_demand(profile, entry, w) == match


@settings(max_examples=300)
@given(profiles, opportunities, weights(Kind.OPPORTUNITY))
def test_opportunity_scores_are_well_formed_and_deterministic(profile, opportunity, w):
    match = score_opportunity(profile, opportunity, w)
    check_well_formed(match, w)
    assert score_opportunity(profile, opportunity, w) == match


@given(profiles, entries, opportunities, URIS, WORDS, weights(Kind.DEMAND),
       weights(Kind.OPPORTUNITY))  # fmt: skip
def test_learning_a_skill_never_lowers_a_score(profile, entry, opportunity, uri, word, wd, wo):
    learned = replace(profile, skills=profile.skills | {uri}, own_words=profile.own_words | {word})
    assert score_demand(learned, entry, wd).score >= score_demand(profile, entry, wd).score
    assert (
        score_opportunity(learned, opportunity, wo).score
        >= score_opportunity(profile, opportunity, wo).score
    )


def meeting_everything(profile, entry):
    """The profile grown to meet every requirement of the entry."""
    return replace(
        profile,
        occupations=(*profile.occupations, (entry.isco, entry.min_years)),
        skills=profile.skills | entry.skills,
        own_words=profile.own_words | entry.own_words,
        education=max(profile.education or 0, entry.min_education or 0),
        certifications=profile.certifications | entry.certifications,
        preferred_regions=profile.preferred_regions | entry.regions,
        qualifications=(*profile.qualifications, (entry.isco, "recognised", "")),
    )


@given(profiles, entries, weights(Kind.DEMAND))
def test_meeting_every_requirement_gives_the_top_score(profile, entry, w):
    """Everything but the demand level, which is the entry's own: a high-demand entry met in
    full scores 100."""
    match = score_demand(meeting_everything(profile, entry), entry, w)
    assert match.gaps == ()
    short = {c.name: c.weight - c.earned for c in match.components}
    assert [name for name, missing in short.items() if missing] in ([], ["demand_level"])
    high = replace(entry, demand_level="high")
    assert score_demand(meeting_everything(profile, high), high, w).score == 100


@given(profiles, opportunities, weights(Kind.OPPORTUNITY))
def test_meeting_every_opportunity_requirement_gives_100(profile, opportunity, w):
    met = replace(
        profile,
        occupations=(*profile.occupations, *((code, None) for code in opportunity.isco)),
        skills=profile.skills | opportunity.skills,
        preferred_regions=profile.preferred_regions | opportunity.regions,
        capital=max(profile.capital or 0, opportunity.investment_min or 0),
        entrepreneurship_trained=True,
    )
    match = score_opportunity(met, opportunity, w)
    assert (match.score, match.gaps) == (100, ())


@settings(max_examples=150)
@given(profiles, st.lists(entries, max_size=6), st.lists(opportunities, max_size=6),
       weights(Kind.DEMAND), weights(Kind.OPPORTUNITY))  # fmt: skip
def test_ranking_gives_each_entry_its_full_score_best_first(
    profile, demand, business, demand_weights, business_weights
):
    """rank() (points only, for thousands of entries) never disagrees with the explained
    score, and orders by score then id."""
    for items, w, score in (
        (demand, demand_weights, score_demand),
        (business, business_weights, score_opportunity),
    ):
        pairs = list(enumerate(items, start=1))
        ranked = rank(profile, pairs, w)
        assert sorted(ranked, key=lambda pair: (-pair[0], pair[1])) == ranked
        assert {i: s for s, i in ranked} == {i: score(profile, e, w).score for i, e in pairs}
        assert rank(profile, pairs, w, limit=2) == ranked[:2]
