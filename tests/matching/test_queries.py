"""The loaders that turn the database into the scorer's inputs: profiles from the skills
profile tables, demand entries and opportunities of the current published editions only, and
programme offers with the coverage their opportunity links imply, in a fixed number of
statements whatever the number of rows."""

from datetime import date
from decimal import Decimal

import pytest

from returnsvc.extensions import db
from returnsvc.matching import guide_inputs, queries, scorer_inputs, scoring
from returnsvc.skills.models import (
    CompetencyCertificate,
    EmploymentPreference,
    Qualification,
    RecognitionStatus,
    ReturneeSkill,
    SkillEvidence,
    SkillLevel,
    WorkExperience,
    WorkPlace,
    WorkPreference,
)
from tests.guide_factories import ensure_isco
from tests.helpers import count_statements
from tests.skills.helpers import load_taxonomy

SKILL_URI = "http://example.org/test-skill/{}"
BRICKS_ES = "colocar ladrillos\nmezclar materiales de construcción\nleer planos estándar"
BRICKS_EN = "lay bricks\nmix construction grouts\nread standard blueprints"


def _skill(returnee_id, *, esco_skill_id=None, free_text=""):
    return ReturneeSkill(
        returnee_id=returnee_id,
        esco_skill_id=esco_skill_id,
        free_text=free_text,
        level=SkillLevel.ADVANCED,
        evidence=SkillEvidence.SELF_DECLARED,
    )


def _qualification(returnee_id, status, authority="", level="isced3"):
    return Qualification(
        returnee_id=returnee_id,
        title="Título",
        isced_level=level,
        issuing_country="ES",
        recognition_status=RecognitionStatus(status),
        recognition_authority=authority,
    )


def _bricklayer(make, ids, *, regions=("BO-S",), country="BO", region_code="BO-S"):
    """A returnee to Bolivia with nine years as a bricklayer and the trade's skills."""
    rid = make.returnee(origin_country=country, region_code=region_code, education_level="isced2")
    db.session.add_all(
        [
            WorkExperience(
                returnee_id=rid,
                isco_code="7112",
                years_experience=Decimal("9.0"),
                place=WorkPlace.ABROAD,
            ),
            _skill(rid, esco_skill_id=ids["bake"]),
            _skill(rid, free_text="Colocar  ladrillos"),
            _skill(rid, free_text="Mezclar materiales de construcción"),
            _skill(rid, free_text="Leer planos estándar"),
            WorkPreference(
                returnee_id=rid, employment=EmploymentPreference.WAGE, regions=list(regions)
            ),
        ]
    )
    db.session.flush()
    return rid


def _bolivian_bricklayers(make, ids, *, published=True, country="BO", edition_date=None):
    """A labour-market edition like the Bolivian demo's, with its 7112 entry."""
    edition = make.edition(
        country, published=published, edition_date=edition_date or date(2026, 10, 1)
    )
    entry = make.demand_entry(
        edition,
        isco_code="7112",
        regions=("BO-S", "BO-L", "BO-C") if country == "BO" else (),
        demand_level="high",
        min_education="isced1",
        experience_years=2,
        esco_skill_ids=[ids["bake"]],
        texts={
            "es": {"notes": "Mucha obra", "other_skills": BRICKS_ES},
            "en": {"notes": "Plenty of work", "other_skills": BRICKS_EN},
        },
    )
    return edition, entry


def test_profile_from_the_profile_tables(ctx, make):
    ids = load_taxonomy()
    rid = make.returnee(origin_country="BO", region_code="BO-L", education_level="isced2")
    db.session.add_all(
        [
            WorkExperience(
                returnee_id=rid, isco_code="7112", years_experience=Decimal("4.5"),
                place=WorkPlace.ABROAD,
            ),
            WorkExperience(
                returnee_id=rid, isco_code="7512", esco_occupation_id=ids["baker"],
                place=WorkPlace.ORIGIN,
            ),
            _skill(rid, esco_skill_id=ids["knead"]),
            _skill(rid, free_text="  Albañilería "),
            CompetencyCertificate(
                returnee_id=rid, title="Albañilería", code=" EOCB0108 ", issuing_country="ES"
            ),
            CompetencyCertificate(returnee_id=rid, title="Sin código", issuing_country="ES"),
            _qualification(rid, "in_progress", "Ministerio de Educación", level="isced4"),
            _qualification(rid, "rejected"),
            WorkPreference(
                returnee_id=rid, employment=EmploymentPreference.EITHER, regions=["BO-S", "BO-C"]
            ),
        ]
    )  # fmt: skip
    db.session.flush()

    profile = queries.profile_of(rid)

    assert profile.occupations == (("7112", Decimal("4.5")), ("7512", None))
    assert profile.skills == {SKILL_URI.format("knead")}
    assert profile.own_words == {"albanileria"}
    assert profile.education == 4  # the qualification's level beats the declared isced2
    assert profile.certifications == {"EOCB0108"}
    assert profile.preferred_regions == {"BO-S", "BO-C"}
    assert profile.willing_to_move is False
    assert profile.capital is None and profile.entrepreneurship_trained is False
    assert profile.qualifications == (
        (None, "in_progress", "Ministerio de Educación"),
        (None, "not_requested", None),
    )


def test_regions_and_willingness_to_move(ctx, make):
    load_taxonomy()
    anywhere = make.returnee(region_code="EC-A")
    db.session.add(WorkPreference(returnee_id=anywhere, employment=EmploymentPreference.SELF))
    unknown = make.returnee(region_code="EC-P", education_level=None)
    db.session.flush()

    profiles = queries.profiles_of([anywhere, unknown, 10**9])

    assert set(profiles) == {anywhere, unknown}
    assert profiles[anywhere].willing_to_move is True
    assert profiles[anywhere].preferred_regions == {"EC-A"}  # where the person returns to
    assert profiles[unknown].willing_to_move is False
    assert profiles[unknown].preferred_regions == {"EC-P"}
    assert profiles[unknown].education is None and profiles[unknown].occupations == ()
    with pytest.raises(LookupError):
        queries.profile_of(10**9)


def test_the_profile_of_factory_complete_profile(ctx, make):
    rid = make.returnee()
    make.complete_profile(rid)
    profile = queries.profile_of(rid)
    assert len(profile.occupations) == 1 and profile.own_words == {"albanileria"}
    assert profile.education == 3 and profile.willing_to_move is True


def test_a_bricklayer_scores_high_against_the_bolivian_bricklayers(ctx, make):
    ids = load_taxonomy()
    _, entry_id = _bolivian_bricklayers(make, ids)
    rid = _bricklayer(make, ids)

    [(got_id, entry)] = guide_inputs.demand_entries_of("BO")
    assert got_id == entry_id
    assert entry == scorer_inputs.DemandEntry(
        isco="7112",
        regions=frozenset({"BO-S", "BO-L", "BO-C"}),
        demand_level="high",
        skills=frozenset({SKILL_URI.format("bake")}),
        own_words=frozenset(
            {"colocar ladrillos", "mezclar materiales de construccion", "leer planos estandar"}
        ),
        min_years=Decimal(2),
        min_education=1,
    )
    assert guide_inputs.demand_entries_of("BO", locale="en")[0][1].own_words == {
        "lay bricks", "mix construction grouts", "read standard blueprints",
    }  # fmt: skip

    match = scoring.score_demand(queries.profile_of(rid), entry)
    assert match.score == 100
    codes = {reason.code for reason in match.reasons}
    assert {
        "occupation.same_unit_group", "skills.covered", "experience.enough", "education.met",
        "region.preferred", "demand.level", "recognition.not_required",
    } <= codes  # fmt: skip
    assert match.gaps == ()


def test_only_the_current_published_edition_of_the_country(ctx, make):
    ids = load_taxonomy()
    old, _ = _bolivian_bricklayers(make, ids, edition_date=date(2025, 1, 1))
    current, current_entry = _bolivian_bricklayers(make, ids)
    draft, _ = _bolivian_bricklayers(make, ids, published=False, edition_date=date(2027, 1, 1))
    _bolivian_bricklayers(make, ids, country="PE")

    assert [i for i, _ in guide_inputs.demand_entries_of("BO")] == [current_entry]
    assert guide_inputs.demand_entries_of("BO", edition_id=old)  # an earlier published edition
    assert guide_inputs.demand_entries_of("BO", edition_id=draft) == []
    assert guide_inputs.demand_entries_of("EC", edition_id=current) == []
    assert guide_inputs.demand_entries_of("CO") == []
    assert guide_inputs.opportunities_of("BO") == []  # no business guide


def test_opportunities_and_programme_offers(ctx, make):
    ids = load_taxonomy()
    ensure_isco("5120")
    training_programme = make.programme("EC", kind="training", regions=("EC-A",))
    credit = make.programme("EC", kind="micro_credit")
    savings = make.programme("EC", kind="savings_product")
    unlinked = make.programme("EC", kind="advisory")
    make.programme("EC", kind="training", published=False)
    peru = make.programme("PE", kind="training")
    edition = make.edition("EC", "business")
    draft = make.edition("EC", "business", published=False, edition_date=date(2027, 1, 1))
    opportunity = make.opportunity(
        edition,
        regions=("EC-A",),
        occupations=("5120", "7512"),
        investment_min="5000.00",
        investment_max=None,
        programme_ids=[training_programme, credit],
        esco_skill_ids=[ids["bake"], ids["knead"]],
    )
    make.opportunity(draft, programme_ids=[savings], esco_skill_ids=[ids["forklift"]])
    pe_edition = make.edition("PE", "business")
    make.opportunity(pe_edition, programme_ids=[peru])

    assert guide_inputs.opportunities_of("EC") == [
        (
            opportunity,
            scorer_inputs.Opportunity(
                isco=frozenset({"5120", "7512"}),
                regions=frozenset({"EC-A"}),
                skills=frozenset({SKILL_URI.format("bake"), SKILL_URI.format("knead")}),
                investment_min=Decimal("5000.00"),
                investment_max=None,
            ),
        )
    ]
    offers = {offer.id: offer for offer in guide_inputs.programme_offers("EC")}
    assert set(offers) == {training_programme, credit, savings, unlinked}
    taught = offers[training_programme]
    assert taught.kind == "training" and taught.country == "EC"
    assert taught.regions == {"EC-A"} and taught.covers_entrepreneurship is True
    assert taught.covers_skills == {SKILL_URI.format("bake"), SKILL_URI.format("knead")}
    assert taught.covers_unit_groups == {"5120", "7512"}
    assert offers[credit].covers_entrepreneurship is False  # not a teaching kind
    assert offers[credit].covers_unit_groups == {"5120", "7512"}
    assert offers[savings].kind == "savings"
    assert offers[savings].covers_skills == frozenset()  # its link is in a draft edition
    assert offers[unlinked].covers_entrepreneurship is False
    assert [offer.id for offer in guide_inputs.programme_offers("PE")] == [peru]


def test_statements_do_not_grow_with_rows(app, ctx, make):
    ids = load_taxonomy()
    ensure_isco("5120")
    people = [_bricklayer(make, ids)]

    def counts():
        with count_statements(app) as statements:
            queries.profile_of(people[0])
            queries.profiles_of(people)
            guide_inputs.demand_entries_of("BO")
            guide_inputs.opportunities_of("BO")
            guide_inputs.programme_offers("BO")
        return len(statements)

    edition = make.edition("BO")
    business = make.edition("BO", "business")
    programme = make.programme("BO", kind="training")
    make.demand_entry(edition, esco_skill_ids=[ids["bake"]])
    make.opportunity(business, programme_ids=[programme], esco_skill_ids=[ids["bake"]])
    few = counts()
    for _ in range(4):
        make.demand_entry(edition, esco_skill_ids=[ids["bake"], ids["knead"]])
        make.opportunity(
            business,
            programme_ids=[programme, make.programme("BO")],
            esco_skill_ids=[ids["knead"]],
        )
        people.append(_bricklayer(make, ids))
    assert counts() == few == 6 + 6 + 1 + 1 + 2
