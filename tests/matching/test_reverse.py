"""The reverse match (the best people for one entry) and the portal's top matches: exact (the
same order as scoring every open case the viewer may see), scoped to the viewer, access-logged,
and 404 for entries outside the current guides."""

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
from returnsvc.skills.models import WorkExperience, WorkPlace
from tests.cases.helpers import other_client
from tests.guide_factories import ensure_isco

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


def _brute_force(app, case_ids, entry_id) -> list[tuple[int, int]]:
    """(score, case id) of every given case, best first, by scoring each in full."""
    with app.test_request_context():
        _country, entry = ranking.guide_inputs.current_entry("demand", entry_id)
        scored = []
        for case_id in case_ids:
            case = db.session.get(Case, case_id)
            profile = queries.profile_of(case.returnee_id)
            scored.append((scoring.score_demand(profile, entry).score, case_id))
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
