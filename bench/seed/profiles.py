"""Skills profiles for the benchmark's people (issue #14's "100,000 returnees with profiles"):
`python -m bench.seed --profiles`, or `bench.matching` before a run.

Every demo returnee without any profile row gets, drawn from one seeded generator (same --seed,
same profiles): 1-3 work experiences (one in twenty people a health unit group, which the scorer
treats as regulated; otherwise mostly the unit groups the current guides ask for, some others)
with years of experience; 2-8 ESCO skills among those the guide entries require, and for about
a third of them own words (often a line the guides write under "other skills"); a
qualification with its recognition procedure for the health people; a work preference for 60%
(regions of their country, or none: willing to move); and an education level where the returnee
has none. These are the columns `matching.queries.profiles_of` reads.

Rows are streamed with COPY (bench.seed.copying) in the caller's transaction; people who
already have a profile are left alone, so a second run adds nothing.
"""

from datetime import date

from sqlalchemy import text

from bench.seed.copying import copy_rows
from bench.seed.guides_words import WORDS
from bench.seed.rows import NULL, Random, weights
from bench.seed.words import EDUCATION
from returnsvc.core.countries import currency_of
from returnsvc.core.regions import regions_of
from returnsvc.extensions import db
from returnsvc.matching.scorer_inputs import REGULATED_ISCO_PREFIXES

HEALTH_SHARE = 0.05
GUIDE_OCCUPATION_SHARE = 0.8
PREFERENCE_SHARE = 0.6
OWN_WORDS_SHARE = 0.35
OCCUPATION_COUNTS = weights(((1, 45), (2, 35), (3, 20)))
PLACES = weights((("abroad", 70), ("origin", 30)))
SKILL_LEVELS = weights((("basic", 30), ("intermediate", 50), ("advanced", 20)))
EVIDENCE = weights((("self_declared", 70), ("verified", 20), ("certified", 10)))
EMPLOYMENT = weights((("wage", 50), ("self", 20), ("either", 30)))
RECOGNITION = weights((("not_needed", 5), ("requested", 20), ("in_progress", 25),
                       ("recognised", 40), ("rejected", 10)))  # fmt: skip
HEALTH_TITLES = (
    ("Grado en Enfermería", "isced6"),
    ("Técnico Superior en Cuidados Auxiliares de Enfermería", "isced5"),
    ("Licenciatura en Medicina y Cirugía", "isced7"),
    ("Técnico en Emergencias Sanitarias", "isced5"),
)
AUTHORITIES = ("Ministerio de Educación", "Ministerio de Salud", "")
# Own words: the guides' "other skills" lines (Spanish, as counsellors type them) and others.
OWN_WORDS = tuple(spanish for _english, spanish in WORDS) + (
    "manejo de tractor", "atención al público", "cocina andina", "poda de frutales",
)  # fmt: skip

PROFILE_TABLES = ("work_experience", "returnee_skill", "qualification", "work_preference")
STAMP = ("created_at", "updated_at", "version")
EXPERIENCE_COLUMNS = ("returnee_id", "isco_code", "years_experience", "place",
                      "last_year_worked", *STAMP)  # fmt: skip
SKILL_COLUMNS = ("returnee_id", "esco_skill_id", "free_text", "level", "evidence", *STAMP)
QUALIFICATION_COLUMNS = ("returnee_id", "title", "isced_level", "issuing_country", "institution",
                         "year_awarded", "recognition_status", "recognition_authority",
                         "recognition_requested_on", "recognition_resolved_on", *STAMP)  # fmt: skip
PREFERENCE_COLUMNS = ("returnee_id", "employment", "regions", "expected_wage", "wage_currency",
                      *STAMP)  # fmt: skip

_WITHOUT_PROFILE = " AND ".join(
    f"NOT EXISTS (SELECT 1 FROM {table} p WHERE p.returnee_id = r.id)" for table in PROFILE_TABLES
)


def _taxonomy() -> tuple[list[str], list[str], list[str], list[int]]:
    """(unit groups the guides use, other unit groups, health unit groups, skills the guide
    entries require), each sorted so that the same seed draws the same profiles."""
    guide_codes = list(
        db.session.scalars(
            text(
                "SELECT code FROM isco_group WHERE level = 4 AND code IN"
                " (SELECT isco_code FROM demand_entry"
                "  UNION SELECT unnest(occupations) FROM business_opportunity) ORDER BY code"
            )
        )
    )
    every = list(db.session.scalars(text("SELECT code FROM isco_group WHERE level = 4 ORDER BY 1")))
    if not every:
        raise RuntimeError("no ISCO-08 unit groups: generate the guides (--guide-entries) first")
    others = [code for code in every if code not in set(guide_codes)] or every
    health = [code for code in guide_codes or every if code.startswith(REGULATED_ISCO_PREFIXES)]
    health = health or [code for code in every if code.startswith(REGULATED_ISCO_PREFIXES)]
    skills = list(
        db.session.scalars(text("SELECT DISTINCT esco_skill_id FROM required_skill ORDER BY 1"))
    )
    return guide_codes or every, others, health, skills


def seed_profiles(seed: int = 42, progress=None) -> dict[str, int]:
    """Profiles for the demo returnees that have none; returns rows written per table (and
    `education_level`: returnees given one). Runs in the caller's transaction, never commits."""
    say = progress or (lambda _message: None)
    people = db.session.execute(
        text(
            "SELECT r.id, r.origin_country, r.region_code, r.education_level IS NULL"
            f" FROM returnee r WHERE r.is_demo AND {_WITHOUT_PROFILE} ORDER BY r.id"
        )
    ).all()
    counts = dict.fromkeys((*PROFILE_TABLES, "education_level"), 0)
    if not people:
        return counts
    guide_codes, other_codes, health_codes, skills = _taxonomy()
    # The first id is part of the seed: people added later do not repeat the first profiles.
    rng = Random(f"{seed}:{people[0][0]}:profiles")
    r, pick, between, weighted = rng.random, rng.pick, rng.between, rng.weighted
    now = db.session.scalar(text("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SSOF')"))
    stamp = f"\t{now}\t{now}\t1\n"
    regions = {}
    experience, own_skills, qualifications, preferences = [], [], [], []
    education = weights(tuple(row for row in EDUCATION if row[0]))
    schooled = []
    for returnee_id, country, home, no_education in people:
        rid = str(returnee_id)
        health = health_codes and r() < HEALTH_SHARE
        codes = [pick(health_codes)] if health else []
        for _ in range(weighted(OCCUPATION_COUNTS) - len(codes)):
            code = pick(guide_codes if r() < GUIDE_OCCUPATION_SHARE else other_codes)
            if code not in codes:
                codes.append(code)
        for code in codes:
            years = NULL if r() < 0.1 else f"{between(0, 200) / 10:.1f}"
            last = NULL if r() < 0.2 else str(between(2005, 2025))
            experience.append(f"{rid}\t{code}\t{years}\t{weighted(PLACES)}\t{last}{stamp}")
        if skills:
            for skill in rng.sample(skills, min(len(skills), between(2, 8))):
                own_skills.append(
                    f"{rid}\t{skill}\t\t{weighted(SKILL_LEVELS)}\t{weighted(EVIDENCE)}{stamp}"
                )
        if r() < OWN_WORDS_SHARE or not skills:
            for words in {pick(OWN_WORDS) for _ in range(between(1, 2))}:
                own_skills.append(
                    f"{rid}\t{NULL}\t{words}\t{weighted(SKILL_LEVELS)}\tself_declared{stamp}"
                )
        if health:
            qualifications.append(_qualification(rng, rid, country) + stamp)
        if r() < PREFERENCE_SHARE:
            preferences.append(_preference(rng, rid, country, home, regions) + stamp)
        if no_education:
            schooled.append((returnee_id, weighted(education)))
    say(f"  drew the profiles of {len(people):,} people")
    conn = db.session.connection().connection.driver_connection
    for table, columns, rows in (
        ("work_experience", EXPERIENCE_COLUMNS, experience),
        ("returnee_skill", SKILL_COLUMNS, own_skills),
        ("qualification", QUALIFICATION_COLUMNS, qualifications),
        ("work_preference", PREFERENCE_COLUMNS, preferences),
    ):
        counts[table] = copy_rows(conn, table, columns, rows)
        say(f"  {table:<18} {counts[table]:>10,} rows")
    if schooled:
        ids, levels = zip(*schooled, strict=True)
        counts["education_level"] = db.session.execute(
            text(
                "UPDATE returnee SET education_level = s.level FROM"
                " unnest(CAST(:ids AS integer[]), CAST(:levels AS text[])) AS s(id, level)"
                " WHERE returnee.id = s.id"
            ),
            {"ids": list(ids), "levels": list(levels)},
        ).rowcount
    return counts


def _qualification(rng: Random, rid: str, country: str) -> str:
    title, level = rng.pick(HEALTH_TITLES)
    status = rng.weighted(RECOGNITION)
    awarded = rng.between(1995, 2022)
    requested = resolved = NULL
    if status != "not_needed":
        day = date(2019, 1, 1).toordinal() + rng.between(0, 6 * 365)
        requested = date.fromordinal(day).isoformat()
        if status in ("recognised", "rejected"):
            resolved = date.fromordinal(day + rng.between(30, 400)).isoformat()
    issuer = rng.pick(("ES", country))
    return (
        f"{rid}\t{title}\t{level}\t{issuer}\t\t{awarded}\t{status}"
        f"\t{rng.pick(AUTHORITIES) if requested != NULL else ''}\t{requested}\t{resolved}"
    )


def _preference(rng: Random, rid: str, country: str, home: str, cache: dict) -> str:
    codes = cache.get(country) or cache.setdefault(country, [c for c, _ in regions_of(country)])
    chosen = []
    if rng.random() < 0.65:  # else no region: would work anywhere
        chosen = [home] if home else []
        for _ in range(rng.between(0 if chosen else 1, 2)):
            code = rng.pick(codes)
            if code not in chosen:
                chosen.append(code)
    wage = currency = NULL
    if rng.random() < 0.4:
        wage, currency = str(rng.between(150, 2500) * 10), currency_of(country)
    return f"{rid}\t{rng.weighted(EMPLOYMENT)}\t{{{','.join(chosen)}}}\t{wage}\t{currency}"
