"""Expected status per role for matching: the weights page for admins, the help page on how
scores work for every staff role, the Matches tab and a match's page for whoever may read the
case, the reverse match for every staff role (each sees the cases in their own scope)."""

from tests.sweep.common import ADMIN_ONLY, CASE_READ, status

STAFF = status(302, 403, 200, 200, 200)


def _entry_id(world) -> int:
    """A job in demand of the current published guide of the case's country (EC)."""
    cache = world.__dict__.setdefault("_match_entry", {})
    if "id" not in cache:
        edition = world.make.edition("EC", "labour_market")
        cache["id"] = world.make.demand_entry(edition, isco_code="7112")
    return cache["id"]


EXPECTED = {
    "matching.weights": ("GET", "/matching/weights", ADMIN_ONLY),
    "matching.how_scores_work": ("GET", "/matching/how-scores-work", STAFF),
    "matches.case_matches": ("GET", "/cases/{case_id}/matches", CASE_READ),
    "matches.match": ("GET", "/cases/{case_id}/matches/demand/{match_entry_id}", CASE_READ),
    "matches.people": ("GET", "/matching/demand/{match_entry_id}/people", STAFF),
}
def _opportunity_id(world) -> int:
    """A business opportunity of the current published business guide of Ecuador."""
    cache = world.__dict__.setdefault("_match_entry", {})
    if "opportunity" not in cache:
        edition = world.make.edition("EC", "business")
        cache["opportunity"] = world.make.opportunity(edition, occupations=("7112",))
    return cache["opportunity"]


PLACEHOLDERS = {"match_entry_id": _entry_id, "match_opportunity_id": _opportunity_id}
