"""Benchmark data generators: the case-management data set at scale (`seed_scale`: returnees,
cases and their casework), guide content (`seed_guides`) and the people's skills profiles
(`seed_profiles`). They write through the application's models and services but are no part
of it: nothing in returnsvc/ imports them.

    python -m bench.seed --cases 100000            # or --append to add to a loaded set
    python -m bench.seed --guide-entries 10000     # replaces the previous benchmark guides
    python -m bench.seed --profiles                # profiles for the demo people without one
    python -m bench.seed --placements              # jobs and referrals (bench.seed.placements)
"""

from bench.seed.cases import ScaleError, analyze, demo_case_count, scale_data_exists, seed_scale
from bench.seed.guides import seed_guides
from bench.seed.profiles import seed_profiles

__all__ = [
    "ScaleError",
    "analyze",
    "demo_case_count",
    "scale_data_exists",
    "seed_guides",
    "seed_profiles",
    "seed_scale",
]
