"""The scorer by example: a bricklayer, a neighbouring trade, a nurse awaiting recognition, a
business short of capital, weights an admin got wrong; and the module stays pure."""

import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from returnsvc.matching import scorer_inputs, scorer_weights, scoring
from returnsvc.matching.scorer_inputs import (
    DemandEntry,
    Opportunity,
    Profile,
    fold,
    is_regulated_isco,
)
from returnsvc.matching.scorer_weights import (
    DEFAULT_DEMAND_WEIGHTS,
    DEFAULT_OPPORTUNITY_WEIGHTS,
    Kind,
    Weights,
)
from returnsvc.matching.scoring import Gap, Reason, score_demand, score_opportunity

TROWEL = "http://data.europa.eu/esco/skill/trowel"
MORTAR = "http://data.europa.eu/esco/skill/mortar"

BRICKLAYER = Profile(
    occupations=(("7112", Decimal(10)),),
    skills=frozenset({TROWEL, MORTAR}),
    own_words=frozenset({"levantar muros"}),
    education=3,
    certifications=frozenset({"SECAP-ALB"}),
    preferred_regions=frozenset({"BO-L"}),
)
BRICKLAYING = DemandEntry(
    isco="7112",
    regions=frozenset({"BO-L"}),
    demand_level="high",
    skills=frozenset({TROWEL, MORTAR}),
    own_words=frozenset({"levantar muros"}),
    min_years=Decimal(5),
    min_education=2,
    certifications=frozenset({"SECAP-ALB"}),
)


def earned(match, name):
    return next(c.earned for c in match.components if c.name == name)


def test_a_bricklayer_meeting_everything_scores_100():
    match = score_demand(BRICKLAYER, BRICKLAYING)
    assert match.score == 100
    assert match.gaps == ()
    assert match.reasons[0] == Reason(
        "occupation.same_unit_group", {"code": "7112", "isco": "7112", "group": "7112"}
    )
    assert "recognition.not_required" in [r.code for r in match.reasons]
    assert match.weights_version == "2026-12-default"
    assert sum(c.earned for c in match.components) == match.score


def test_a_neighbouring_trade_is_the_same_minor_group():
    stonemason = Profile(occupations=(("7111", Decimal(10)),))
    match = score_demand(stonemason, DemandEntry("7112", demand_level="high"))
    reason = next(r for r in match.reasons if r.code.startswith("occupation."))
    assert reason == Reason(
        "occupation.same_minor_group", {"code": "7111", "isco": "7112", "group": "711"}
    )
    assert earned(match, "occupation") == round(30 * 0.75)  # 22.5 -> 22, half to even
    assert match.score == 100 - 30 + 22


@pytest.mark.parametrize(
    ("code", "fraction"),
    [("7112", 1), ("7119", Decimal("0.75")), ("7121", Decimal("0.5")), ("7411", Decimal("0.25")),
     ("2221", 0)],
)  # fmt: skip
def test_occupation_proximity_follows_the_isco_hierarchy(code, fraction):
    match = score_demand(Profile(occupations=((code, None),)), DemandEntry("7112"))
    assert earned(match, "occupation") == round(30 * fraction)


def test_short_experience_is_proportional_with_a_gap():
    junior = Profile(occupations=(("7112", Decimal(2)),))
    match = score_demand(junior, DemandEntry("7112", min_years=Decimal(5)))
    assert earned(match, "experience") == 4
    assert Gap("experience.short", {"have": Decimal(2), "need": Decimal(5)}) in match.gaps


def test_missing_skills_education_certification_and_region_are_gaps():
    match = score_demand(Profile(occupations=(("7112", None),)), BRICKLAYING)
    codes = [(g.code, g.params) for g in match.gaps]
    assert ("skill.missing", {"uri": MORTAR}) in codes
    assert ("skill.missing", {"uri": TROWEL}) in codes
    assert ("skill.missing", {"text": "levantar muros"}) in codes
    assert ("education.below", {"have": None, "need": 2}) in codes
    assert ("certification.missing", {"code": "SECAP-ALB"}) in codes
    assert ("region.outside", {"regions": ("BO-L",)}) in codes
    assert earned(match, "skills") == earned(match, "region") == 0


def test_willing_to_move_or_a_nationwide_entry_meets_the_region():
    mover = Profile(preferred_regions=frozenset({"BO-C"}), willing_to_move=True)
    assert earned(score_demand(mover, BRICKLAYING), "region") == 10
    assert earned(score_demand(Profile(), DemandEntry("7112")), "region") == 10


def test_a_nurse_awaiting_recognition_has_a_wait_gap():
    nurse = Profile(
        occupations=(("2221", Decimal(6)),),
        qualifications=(("2221", "requested", "Ministerio de Salud Pública"),),
    )
    entry = DemandEntry("2221", demand_level="high", regulated=True)
    match = score_demand(nurse, entry)
    assert match.gaps == (
        Gap(
            "recognition.wait",
            {"isco": "2221", "status": "requested", "authority": "Ministerio de Salud Pública"},
        ),
    )
    assert earned(match, "recognition") == 5
    assert match.score == 95


def test_health_professions_are_regulated_even_unflagged():
    assert is_regulated_isco("2221") and is_regulated_isco("2211") and is_regulated_isco("3221")
    assert not is_regulated_isco("7112") and not is_regulated_isco("2231")
    match = score_demand(Profile(occupations=(("2221", None),)), DemandEntry("2221"))
    assert Gap("recognition.start", {"isco": "2221", "authority": ""}) in match.gaps
    recognised = Profile(qualifications=(("2221", "recognised", "MSP"),))
    assert earned(score_demand(recognised, DemandEntry("2221")), "recognition") == 10


def test_a_qualification_without_a_unit_group_counts_for_any_regulated_entry():
    """Qualifications record no ISCO code yet: a recognised nursing degree must not read as
    "start recognition" on a nursing job, nor one of another code block a recognised one."""
    recognised = Profile(qualifications=((None, "recognised", "MSP"),))
    assert earned(score_demand(recognised, DemandEntry("2221")), "recognition") == 10
    both = Profile(qualifications=(("2211", "not_requested", ""), (None, "in_progress", "MSP")))
    match = score_demand(both, DemandEntry("2221"))
    assert (
        Gap("recognition.wait", {"isco": "2221", "status": "in_progress", "authority": "MSP"})
        in match.gaps
    )


def test_capital_short_for_an_opportunity():
    shop = Opportunity(
        isco=frozenset({"5223"}), investment_min=Decimal(2000), investment_max=Decimal(5000)
    )
    match = score_opportunity(Profile(capital=Decimal(500)), shop)
    assert Gap("capital.short", {"have": Decimal(500), "need": Decimal(2000)}) in match.gaps
    assert earned(match, "capital") == 6  # 25 x 0.25 = 6.25
    unknown = score_opportunity(Profile(), shop)
    assert Gap("capital.unknown", {"need": Decimal(2000)}) in unknown.gaps
    assert earned(unknown, "capital") == 0


def test_entrepreneurship_training_for_an_opportunity():
    needs = Opportunity(needs_entrepreneurship_training=True)
    assert Gap("training.entrepreneurship", {}) in score_opportunity(Profile(), needs).gaps
    trained = Profile(entrepreneurship_trained=True)
    assert score_opportunity(trained, needs).score == 100


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({**DEFAULT_DEMAND_WEIGHTS.as_dict(), "luck": 0}, "unknown demand weight components: luck"),
        ({**DEFAULT_DEMAND_WEIGHTS.as_dict(), "region": 11}, "must sum to 100, not 101"),
        ({**DEFAULT_DEMAND_WEIGHTS.as_dict(), "region": 10.0}, "non-negative integer"),
        ({**DEFAULT_DEMAND_WEIGHTS.as_dict(), "region": -1, "skills": 31}, "non-negative"),
        ({"occupation": 100}, "missing demand weight components"),
    ],
)
def test_invalid_weights_are_refused(mapping, message):
    with pytest.raises(ValueError, match=message):
        Weights.from_mapping(mapping, "admin-1")


def test_weights_are_versioned_and_of_one_kind():
    custom = Weights.from_mapping(
        {"occupation": 40, "skills": 20, "region": 10, "capital": 20, "training": 10},
        "admin-2",
        "opportunity",
    )
    assert custom.kind is Kind.OPPORTUNITY
    assert score_opportunity(Profile(), Opportunity(), custom).weights_version == "admin-2"
    assert DEFAULT_OPPORTUNITY_WEIGHTS.version == "2026-12-default"
    with pytest.raises(ValueError, match="opportunity weights cannot score a demand"):
        score_demand(Profile(), BRICKLAYING, custom)
    with pytest.raises(ValueError, match="version"):
        Weights.from_mapping(DEFAULT_DEMAND_WEIGHTS.as_dict(), " ")


def test_fold_drops_case_accents_and_spaces():
    assert fold("  Albañil   de OBRA ") == "albanil de obra"


@pytest.mark.parametrize("module", [scoring, scorer_inputs, scorer_weights])
def test_the_scorer_imports_only_the_standard_library(module):
    """The scorer's modules import the standard library and one another, nothing else."""
    own = {scoring.__name__, scorer_inputs.__name__, scorer_weights.__name__}
    tree = ast.parse(Path(module.__file__).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0
            if node.module not in own:
                modules.add(node.module.split(".")[0])
    assert modules and modules <= sys.stdlib_module_names, modules - sys.stdlib_module_names
