"""The explorer and the Matches tab never disagree (issue #14, "One scorer"): for the same
profile inputs the explorer shows matching.entries.rank_entries' order, cut at its LIMIT; the
visitor's input becomes exactly the anonymous profile the issue describes."""

from urllib.parse import urlencode

import pytest

from returnsvc.explorer import explore as explorer
from returnsvc.explorer import forms
from returnsvc.extensions import db
from returnsvc.matching.entries import rank_entries
from returnsvc.matching.scorer_inputs import Profile
from returnsvc.taxonomy.models import EscoSkill
from returnsvc.taxonomy.trades import unit_groups_for
from tests.explorer.test_explore import explore, ids, section


@pytest.fixture
def crowded(world, make):
    """More entries than LIMIT, of near and far trades, regions, skills and demand levels, so
    that the order is the scorer's and the cut matters."""
    skills = world.skills
    plans = [
        ("5120", ["EC-P"], "medium", [skills["meat"]]),
        ("5120", [], "low", []),
        ("5129", ["EC-G"], "high", [skills["meat"], skills["weld"]]),
        ("5131", [], "high", [skills["children"]]),
        ("7112", ["EC-P"], "high", [skills["weld"]]),
        ("7212", [], "medium", [skills["weld"], skills["techniques"]]),
        ("7212", ["EC-P"], "low", [skills["underwater"]]),
        ("2221", ["EC-P"], "high", []),
        ("5311", [], "medium", [skills["children"]]),
        ("8344", ["EC-G"], "high", [skills["forklift"]]),
        ("5120", ["EC-P", "EC-G"], "very_high", [skills["meat"], skills["techniques"]]),
        ("5110", [], "medium", []),
    ]
    for n, (code, regions, level, skill_ids) in enumerate(plans):
        make.demand_entry(
            world.labour,
            key=f"crowd-{n}",
            isco_code=code,
            regions=regions,
            demand_level=level,
            esco_skill_ids=skill_ids,
            texts={"en": {"other_skills": "pastry\nlay bricks" if n % 3 else "forklift"}},
            min_education="isced3" if n % 4 == 0 else None,
            experience_years=n % 3 or None,
        )
    for n, occupations in enumerate(
        [["5120"], ["5129", "7112"], [], ["2221"], ["7212"], ["5131", "5120"], ["8344"]] * 2
    ):
        make.opportunity(
            world.business,
            key=f"crowd-{n}",
            occupations=occupations,
            regions=[["EC-P"], [], ["EC-G"]][n % 3],
            esco_skill_ids=[skills["meat"]] if n % 2 else [],
            investment_min=None if n % 5 == 0 else "1000.00",
        )
    return world


def _uris(skill_ids) -> frozenset[str]:
    return frozenset(db.session.get(EscoSkill, skill_id).uri for skill_id in skill_ids)


QUERIES = [
    # (query string, page language, the ESCO skills the words name, the own-words lines)
    ({"country": "EC", "region": "EC-P", "occupation": "5120", "skills": "weld pastry"}, "en",
     ("weld", "underwater", "techniques"), {"pastry"}),
    ({"country": "EC", "occupation": "7112"}, "en", (), set()),
    ({"country": "EC", "skills": "soldar, cocinar carne, albañil"}, "es", ("weld", "underwater",
     "meat"), set()),
    ({"country": "EC", "region": "EC-G"}, "en", (), set()),
    ({"country": "EC", "skills": "lay bricks"}, "en", (), {"lay bricks"}),
]  # fmt: skip


@pytest.mark.parametrize(("args", "locale", "skill_names", "own_words"), QUERIES)
def test_the_explorer_shows_rank_entries_order(
    app, client, crowded, args, locale, skill_names, own_words
):
    body = explore(client, locale, **args)
    shown = {
        "demand": ids(section(body, "demand-heading"), "demand"),
        "opportunity": ids(section(body, "business-heading"), "opportunity"),
    }
    with app.test_request_context(headers={"Accept-Language": locale}):
        # The profile the issue describes, built here by hand from the same inputs.
        words = args.get("skills")
        codes = [args["occupation"]] if "occupation" in args else []
        codes += [code for code in unit_groups_for(words) if code not in codes] if words else []
        profile = Profile(
            occupations=tuple((code, None) for code in codes),
            skills=_uris(crowded.skills[name] for name in skill_names),
            own_words=frozenset(own_words),
            preferred_regions=frozenset({args["region"]}) if "region" in args else frozenset(),
        )
        ranked = rank_entries(
            profile, "EC", region=args.get("region"), limit=explorer.LIMIT, locale=locale,
            # asked about a trade or skills, the explorer keeps to that field
            related_only=bool(profile.occupations or profile.skills or profile.own_words),
        )  # fmt: skip
        expected = {kind: [item.entry_id for item in items] for kind, items in ranked.items()}
        # what the explorer leaves out (another field) changes nothing in the order of the rest
        everything = rank_entries(profile, "EC", region=args.get("region"), limit=1000,
                                  locale=locale)  # fmt: skip
        for kind, kept in expected.items():
            order = [item.entry_id for item in everything[kind]]
            assert [i for i in order if i in kept] == kept
        # and the explorer builds that very profile
        query = forms.explorer_query(args, lambda country, code: True)
        assert explorer.explore(query, locale).profile == profile
    # the cut at LIMIT or the field filter is exercised
    assert len(expected["demand"]) == explorer.LIMIT or len(everything["demand"]) > len(
        expected["demand"]
    )
    assert shown == expected, urlencode(args)
