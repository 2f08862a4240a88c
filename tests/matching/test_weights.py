"""Matching weights as data: defaults until an admin saves a version, every save a new version
(audited), bad sets and stale forms refused, and the help page shows the weights in use."""

import re

import pytest
from sqlalchemy import func, select

from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.matching import scorer_weights
from returnsvc.matching.models import MatchingWeights
from returnsvc.matching.services import save_weights
from returnsvc.matching.weights import current_weights
from tests.helpers import audit_actions

DEMAND = {"occupation": 40, "skills": 20, "experience": 10, "education": 5,
          "certifications": 5, "region": 10, "demand_level": 5, "recognition": 5}  # fmt: skip


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(MatchingWeights))


def _form(kind: str, values: dict, based_on: int, note: str = "") -> dict:
    data = {f"{kind}-{name}": str(value) for name, value in values.items()}
    return data | {f"{kind}-based_on": str(based_on), f"{kind}-note": note}


def test_defaults_when_no_version_is_saved(ctx):
    assert current_weights("demand") == scorer_weights.DEFAULT_DEMAND_WEIGHTS
    assert current_weights("opportunity") == scorer_weights.DEFAULT_OPPORTUNITY_WEIGHTS


def test_save_creates_a_version_that_becomes_current(ctx, make):
    admin = make.user("admin")
    first = save_weights("demand", DEMAND, "more weight on the trade", admin, based_on=0)
    assert first.version == 1 and first.created_by_id == admin.id
    weights = current_weights("demand")
    assert weights.kind is scorer_weights.Kind.DEMAND
    assert weights.as_dict() == DEMAND and weights.version == "1"
    second = save_weights("demand", DEMAND | {"occupation": 30, "skills": 30}, "", admin)
    assert second.version == 2 and current_weights("demand").of("skills") == 30
    # The other kind keeps its defaults and numbers its versions on its own.
    assert current_weights("opportunity") == scorer_weights.DEFAULT_OPPORTUNITY_WEIGHTS
    opp = scorer_weights.DEFAULT_OPPORTUNITY_WEIGHTS.as_dict()
    assert save_weights("opportunity", opp, "", admin).version == 1


@pytest.mark.parametrize(
    "values",
    [
        DEMAND | {"occupation": 41},  # sums to 101
        DEMAND | {"occupation": -10, "skills": 70},
        DEMAND | {"luck": 0},
        {k: v for k, v in DEMAND.items() if k != "recognition"} | {"occupation": 45},
        DEMAND | {"occupation": 40.0},
    ],
    ids=["sum", "negative", "unknown", "missing", "not-int"],
)
def test_bad_values_are_refused_and_nothing_is_written(ctx, make, values):
    admin = make.user("admin")
    with pytest.raises(Refusal):
        save_weights("demand", values, "", admin)
    assert _count() == 0


def test_stale_base_version_is_refused(ctx, make):
    admin = make.user("admin")
    save_weights("demand", DEMAND, "", admin, based_on=0)
    with pytest.raises(Refusal, match="versi(on|ón) 1"):
        save_weights("demand", DEMAND, "", admin, based_on=0)
    assert _count() == 1


def test_page_saves_a_version_and_records_it(app, client, sign_in):
    sign_in("admin", locale="en", full_name="Ada Weights")
    page = client.get("/matching/weights").get_data(as_text=True)
    assert "default weights shipped" in page and "/matching/how-scores-work" in page
    response = client.post(
        "/matching/weights?kind=demand", data=_form("demand", DEMAND, 0, "trade first")
    )
    assert response.status_code == 302
    page = client.get("/matching/weights").get_data(as_text=True)
    assert "version 1, saved by Ada Weights" in page and "trade first" in page
    assert "This form is based on version 1." in page
    assert "matching_weights.saved" in audit_actions(app)
    with app.app_context():
        assert current_weights("demand").as_dict() == DEMAND


def test_page_shows_a_bad_sum_next_to_the_form(app, client, sign_in):
    sign_in("admin", locale="en")
    response = client.post(
        "/matching/weights?kind=demand", data=_form("demand", DEMAND | {"skills": 25}, 0)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The weights add up to 105; they must add up to 100." in page
    negative = client.post(
        "/matching/weights?kind=demand", data=_form("demand", DEMAND | {"skills": -5}, 0)
    )
    assert negative.status_code == 200 and 'aria-invalid="true"' in negative.get_data(as_text=True)
    with app.app_context():
        assert _count() == 0
    assert "matching_weights.saved" not in audit_actions(app)


def test_page_refuses_a_form_based_on_an_older_version(app, client, sign_in):
    sign_in("admin", locale="en")
    assert (
        client.post("/matching/weights?kind=demand", data=_form("demand", DEMAND, 0)).status_code
        == 302
    )
    stale = client.post(
        "/matching/weights?kind=demand",
        data=_form("demand", DEMAND | {"skills": 15, "region": 15}, 0),
    )
    assert stale.status_code == 200
    assert "Someone saved version 1" in stale.get_data(as_text=True)
    with app.app_context():
        assert _count() == 1


@pytest.mark.parametrize("role", ["counsellor", "manager", "returnee"])
def test_only_admins_open_or_save_weights(client, sign_in, role):
    sign_in(role)
    assert client.get("/matching/weights").status_code == 403
    response = client.post("/matching/weights?kind=demand", data=_form("demand", DEMAND, 0))
    assert response.status_code == 403


def _weight_of(page: str, label: str) -> str:
    match = re.search(rf"<th scope=\"row\">{label}</th>\s*<td>(\d+)</td>", page)
    assert match, label
    return match.group(1)


@pytest.mark.parametrize(
    ("locale", "title", "label"),
    [("en", "How match scores work", "Occupation"), ("es", "Cómo se calculan", "Ocupación")],
)
def test_help_page_shows_the_current_weights(app, client, sign_in, make, locale, title, label):
    admin = make.user("admin")
    with app.test_request_context():
        save_weights("demand", DEMAND | {"occupation": 37, "skills": 23}, "", admin)
        db.session.commit()
    sign_in("counsellor", locale=locale)
    page = client.get("/matching/how-scores-work").get_data(as_text=True)
    assert title in page
    assert _weight_of(page, label) == "37"  # demand: the saved version
    assert "25" == re.findall(rf"<th scope=\"row\">{label}</th>\s*<td>(\d+)</td>", page)[1]
