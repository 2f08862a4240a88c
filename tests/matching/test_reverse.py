"""The reverse match (the best people for one entry) and the portal's top matches: exact (the
same order as scoring every open case the viewer may see), scoped to the viewer, access-logged,
and 404 for entries outside the current guides."""

import random
from decimal import Decimal

import pytest
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, CaseAccess, CloseReason, Stage
from returnsvc.core.permissions import url_if_allowed
from returnsvc.extensions import db
from returnsvc.guides.models import DemandEntry
from returnsvc.matching import queries, ranking, scoring
from returnsvc.matching.weights import current_weights
from returnsvc.skills.models import (
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
from returnsvc.taxonomy.models import EscoSkill
from tests.cases.helpers import other_client
from tests.guide_factories import ensure_isco
from tests.helpers import count_statements

# (unit group, years): the same unit group, its minor, sub-major and major groups, and others.
TRADES = [
    ("7112", "6"), ("7112", "1"), ("7111", "9"), ("7119", "2"), ("7122", "4"), ("7131", "3"),
    ("7411", "10"), ("7212", "5"), ("9313", "2"), ("2221", "7"), (None, None), ("7112", "3"),
]  # fmt: skip


def _person(app, make, office_id, isco, years, **person) -> int:
    rid = make.returnee(origin_country="EC", **person)
    case = make.case(office_id=office_id, returnee_id=rid)
    if isco:
        with app.app_context():
            ensure_isco(isco)
            db.session.add(
                WorkExperience(
                    returnee_id=rid, isco_code=isco, years_experience=Decimal(years),
                    place=WorkPlace.ABROAD,
                )
            )  # fmt: skip
            db.session.commit()
    return case.id


@pytest.fixture
def world(app, make):
    class World:
        pass

    w = World()
    w.office, w.other_office = make.office("EC"), make.office("EC")
    w.cases = [_person(app, make, w.office.id, isco, years) for isco, years in TRADES]
    w.elsewhere = _person(app, make, w.other_office.id, "7112", "20")
    w.closed = _person(app, make, w.office.id, "7112", "30")
    with app.test_request_context():
        row = db.session.get(Case, w.closed)
        case_services.change_stage(
            row, Stage.CLOSED, version=row.version, actor=None, close_reason=CloseReason.EMPLOYED
        )
        db.session.commit()
    w.entry = make.demand_entry(
        make.edition("EC", "labour_market"), isco_code="7112", experience_years=5
    )
    return w


def _brute_force(app, case_ids, entry_id, kind="demand") -> list[tuple[int, int]]:
    """(score, case id) of every given case, best first, by scoring each in full."""
    with app.test_request_context():
        _country, entry = ranking.guide_inputs.current_entry(kind, entry_id)
        weights = current_weights(kind)
        score = scoring.score_demand if kind == "demand" else scoring.score_opportunity
        scored = []
        for case_id in case_ids:
            case = db.session.get(Case, case_id)
            profile = queries.profile_of(case.returnee_id)
            scored.append((score(profile, entry, weights).score, case_id))
        return sorted(scored, key=lambda pair: (-pair[0], pair[1]))


@pytest.mark.parametrize("limit", [1, 2, 5, 50])
def test_the_tiers_give_the_same_best_people_as_scoring_everyone(app, make, world, limit):
    counsellor = make.user("counsellor", office_id=world.office.id)
    expected = _brute_force(app, world.cases, world.entry)[:limit]
    with app.test_request_context():
        viewer = db.session.get(User, counsellor.id)
        found = ranking.candidates_for("demand", world.entry, viewer, limit=limit)
    assert [(c.match.score, c.case_id) for c in found] == expected
    assert world.elsewhere not in {c.case_id for c in found}  # another office's case
    assert world.closed not in {c.case_id for c in found}  # a closed case


def test_scope_follows_the_viewer(app, make, world):
    with app.test_request_context():
        manager = db.session.get(User, make.user("manager", office_id=world.office.id).id)
        peru = db.session.get(User, make.user("manager", office_id=make.office("PE").id).id)
        seen = {c.case_id for c in ranking.candidates_for("demand", world.entry, manager)}
        assert world.elsewhere in seen and set(world.cases) <= seen and world.closed not in seen
        assert ranking.candidates_for("demand", world.entry, peru) == []
        draft = make.demand_entry(make.edition("EC", "labour_market", published=False))
        assert ranking.candidates_for("demand", draft, manager) is None
        assert ranking.candidates_for("opportunity", world.entry, manager) is None


def test_the_page_logs_every_case_it_lists(app, make, world):
    counsellor = make.user("counsellor", office_id=world.office.id, locale="en")
    client = other_client(app, counsellor)
    page = client.get(f"/matching/demand/{world.entry}/people")
    assert page.status_code == 200
    assert "Who fits" in page.get_data(as_text=True)
    with app.app_context():
        logged = set(
            db.session.scalars(select(CaseAccess.case_id).where(CaseAccess.what == "reverse match"))
        )
    assert logged == set(world.cases)
    for odd in ("0", "2147483648", "-1"):
        assert client.get(f"/matching/demand/{odd}/people").status_code == 404
    assert client.get(f"/matching/opportunity/{world.entry}/people").status_code == 404
    returnee = other_client(app, make.user("returnee"))
    assert returnee.get(f"/matching/demand/{world.entry}/people").status_code == 403


def test_the_portal_query_gives_plain_words(app, make, world):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        returnee_id = db.session.get(Case, world.cases[0]).returnee_id
        [best] = ranking.top_matches(returnee_id, limit=1, locale="en")
        assert best.entry_id == world.entry and best.score > 0
        assert any("Same occupation" in reason for reason in best.reasons)
        assert ranking.top_matches(2147483647) == []
        assert db.session.get(Case, world.closed).stage is Stage.CLOSED


def test_the_managers_guide_page_links_to_who_fits(app, make, world):
    """The guides know nothing of matching: the link comes from url_if_allowed, and only for
    someone who may open the reverse match."""
    with app.app_context():
        edition_id = db.session.get(DemandEntry, world.entry).edition_id
    manager = other_client(app, make.user("manager", office_id=world.office.id, locale="en"))
    page = manager.get(f"/manage/guides/{edition_id}").get_data(as_text=True)
    assert f"/matching/demand/{world.entry}/people" in page
    with app.test_request_context():
        assert url_if_allowed("no.such_endpoint") is None
        assert url_if_allowed("matches.people", kind="demand", entry_id=1) is None  # anonymous


# --- Exact at scale: trades, skills, own words, experience and regions -------------------------
#
# A seeded crowd where every part of the bound matters: trades at every distance from the
# entries' codes (with and without years), required ESCO skills held or not, own-words skills
# written as the guide writes them, in other cases and accents, or not at all, work preferences
# with regions, with none (anywhere) or missing (the home region counts), closed cases and
# another office's cases. Many people tie: the order among them is the case id.

CODES = ["7112", "7111", "7119", "7122", "7131", "7411", "7212", "5120", "5131", "3322", "2221",
         "2222"]  # fmt: skip
YEARS = [None, "0.5", "1", "2", "3", "5", "9.5"]
WORDS = ["Colocar  LADRILLOS", "colocar ladrillos", "Leer planos estándar", "leer planos",
         "Albañilería", "conducir"]  # fmt: skip
REGIONS = ["EC-P", "EC-G", "EC-A"]


def _esco(uri: str) -> int:
    found = db.session.scalar(select(EscoSkill.id).where(EscoSkill.uri == uri))
    if found is None:
        skill = EscoSkill(uri=uri, skill_type="skill/competence")
        db.session.add(skill)
        db.session.flush()
        found = skill.id
    return found


def _profile_rows(rid: int, rng: random.Random, skills: list[int]) -> list:
    rows = [
        WorkExperience(
            returnee_id=rid, isco_code=code, place=WorkPlace.ABROAD,
            years_experience=None if years is None else Decimal(years),
        )
        for code, years in zip(
            rng.sample(CODES, rng.choice([0, 1, 1, 2, 3])), rng.choices(YEARS, k=3), strict=False
        )
    ]  # fmt: skip
    held = rng.sample(skills, rng.randint(0, len(skills)))
    words = rng.sample(WORDS, rng.choice([0, 0, 1, 2]))
    rows += [
        ReturneeSkill(
            returnee_id=rid, esco_skill_id=skill, free_text=text, level=SkillLevel.BASIC,
            evidence=SkillEvidence.SELF_DECLARED,
        )
        for skill, text in [(s, "") for s in held] + [(None, w) for w in words]
    ]  # fmt: skip
    rows += [
        Qualification(
            returnee_id=rid, title="Título", isced_level=rng.choice(["isced3", "isced6"]),
            issuing_country="ES", recognition_status=status,
        )
        for status in rng.sample(list(RecognitionStatus), rng.choice([0, 0, 1, 2]))
    ]  # fmt: skip
    preference = rng.choice(["none", "anywhere", "some"])
    if preference != "none":
        regions = [] if preference == "anywhere" else rng.sample(REGIONS, rng.randint(1, 2))
        rows.append(
            WorkPreference(returnee_id=rid, employment=EmploymentPreference.EITHER, regions=regions)
        )
    return rows


@pytest.fixture
def crowd(app, make):
    class Crowd:
        pass

    c = Crowd()
    rng = random.Random(14)
    c.office, other_office = make.office("EC"), make.office("EC")
    with app.app_context():
        for code in CODES:
            ensure_isco(code)
        skills = [_esco(f"http://example.org/reverse-skill/{n}") for n in range(3)]
        db.session.commit()
    c.mine, c.others, closed = [], [], []
    for n in range(70):
        office = c.office if n % 5 else other_office
        region = rng.choice([None, *REGIONS])
        rid = make.returnee(origin_country="EC", region_code=region)
        case = make.case(office_id=office.id, returnee_id=rid)
        with app.app_context():
            db.session.add_all(_profile_rows(rid, rng, skills))
            db.session.commit()
        (c.mine if office is c.office else c.others).append(case.id)
        if n % 13 == 0:
            closed.append(case.id)
    with app.test_request_context():
        for case_id in closed:
            row = db.session.get(Case, case_id)
            case_services.change_stage(
                row, Stage.CLOSED, version=row.version, actor=None,
                close_reason=CloseReason.EMPLOYED,
            )  # fmt: skip
        db.session.commit()
    c.mine = [case_id for case_id in c.mine if case_id not in closed]
    c.others = [case_id for case_id in c.others if case_id not in closed]
    texts = {
        "es": {"notes": "", "other_skills": "colocar ladrillos\nleer planos estándar"},
        "en": {"notes": "", "other_skills": "lay bricks"},
    }
    labour, business = make.edition("EC", "labour_market"), make.edition("EC", "business")
    c.entries = {
        "bricklayer": ("demand", make.demand_entry(
            labour, isco_code="7112", regions=("EC-P",), demand_level="medium",
            experience_years=3, esco_skill_ids=skills[:2], texts=texts,
        )),
        "nationwide": ("demand", make.demand_entry(
            labour, isco_code="7131", demand_level="low", esco_skill_ids=skills[2:], texts=texts,
        )),
        "nurse": ("demand", make.demand_entry(  # regulated, with an education level
            labour, isco_code="2221", regions=("EC-G", "EC-A"), min_education="isced5",
            experience_years=1, texts=texts,
        )),
        "midwife": ("demand", make.demand_entry(  # regulated
            labour, isco_code="2222", regions=("EC-G",), experience_years=2, texts=texts,
        )),
        "workshop": ("opportunity", make.opportunity(
            business, occupations=("7112", "5120"), regions=("EC-G",),
            esco_skill_ids=skills[1:],
        )),
        "any_trade": ("opportunity", make.opportunity(
            business, occupations=(), investment_min=None, investment_max=None,
            esco_skill_ids=skills,
        )),
    }  # fmt: skip
    return c


def test_branch_and_bound_gives_the_same_best_people_as_scoring_everyone(app, make, crowd):
    counsellor = make.user("counsellor", office_id=crowd.office.id)
    manager = make.user("manager", office_id=crowd.office.id)
    tied = 0
    for kind, entry_id in crowd.entries.values():
        for user, cases in ((counsellor, crowd.mine), (manager, crowd.mine + crowd.others)):
            everyone = _brute_force(app, cases, entry_id, kind)
            for limit in (1, 3, 10, 25, 100):
                with app.test_request_context():
                    viewer = db.session.get(User, user.id)
                    found = ranking.candidates_for(kind, entry_id, viewer, limit=limit)
                assert [(c.match.score, c.case_id) for c in found] == everyone[:limit], (
                    kind, entry_id, user.role, limit,
                )  # fmt: skip
                if limit < len(everyone) and everyone[limit - 1][0] == everyone[limit][0]:
                    tied += 1  # the last one shown ties with the first one left out
    assert tied >= 5


def test_the_bound_is_never_below_the_score(app, make, crowd):
    """Every person's bound, listed at every level, against their full score: never below,
    and the score itself when the entry asks nothing beyond trade, skills, experience, region
    and recognition (the search then reads little more than `limit` people)."""
    manager_id = make.user("manager", office_id=crowd.office.id).id
    for name, (kind, entry_id) in crowd.entries.items():
        with app.test_request_context():
            manager = db.session.get(User, manager_id)
            _country, entry = ranking.guide_inputs.current_entry(kind, entry_id)
            weights = current_weights(kind)
            bound = ranking._Bound(kind, entry, weights)
            listed = {}
            levels = [(4, 4), (3, 3), (2, 2), (1, 1), (0, 0)] if bound.codes else [(0, 0)]
            for lo, hi in [*levels, (0, 4), (2, 4), (0, 1)] if bound.codes else levels:
                for negative, case_id, rid in ranking._tier(bound, manager, "EC", lo, hi):
                    listed.setdefault((lo, hi), {})[case_id] = (-negative, rid)
            everyone = {case_id: value for (lo, hi), rows in listed.items() if lo == hi
                        for case_id, value in rows.items()}  # fmt: skip
            assert set(everyone) == set(crowd.mine + crowd.others)
            for span, rows in listed.items():
                assert rows == {case_id: everyone[case_id] for case_id in rows}, span
            if bound.codes:  # the spans are unions of the levels
                assert set(listed[(0, 4)]) == set(everyone)
                assert set(listed[(2, 4)]) == set(listed.get((2, 2), {})) | set(
                    listed.get((3, 3), {})
                ) | set(listed.get((4, 4), {}))
            score = scoring.score_demand if kind == "demand" else scoring.score_opportunity
            exact = name != "nurse"
            for case_id, (points, rid) in everyone.items():
                scored = score(queries.profile_of(rid), entry, weights).score
                assert points >= scored, case_id
                assert points == scored or not exact, case_id


def test_the_statements_do_not_grow_with_the_people(app, make, crowd):
    """Two for the entry, one for the weights, one per listing, six per batch of profiles and
    one for the names: the bricklayer's best three need one listing and one batch."""
    kind, entry_id = crowd.entries["bricklayer"]
    with app.test_request_context():
        viewer = db.session.get(User, make.user("manager", office_id=crowd.office.id).id)
        ranking.candidates_for(kind, entry_id, viewer, limit=3)  # warm caches
        with count_statements(app) as statements:
            ranking.candidates_for(kind, entry_id, viewer, limit=3)
    assert len(statements) == 2 + 1 + 1 + 6 + 1
