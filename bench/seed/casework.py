"""The casework of the generated cases as COPY lines: notes (10% confidential), tasks and
appointments, following each case's story as `Generator.people` told it."""

import bisect

from bench.seed.rows import DAY, NULL, Random, amount, weights
from bench.seed.words import (
    APPOINTMENT_PLACES,
    APPOINTMENT_PURPOSES,
    CONFIDENTIAL_NOTES,
    INTERNAL_NOTES,
    NOTE_KINDS,
    NOTE_PHASES,
    NOTES_PER_STAGE,
    PARTNERS,
    PHASE_OF_STAGE,
    TASK_TITLES,
    TRADES,
    UTC_OFFSET_HOURS,
)


def note_bodies(rng: Random) -> dict:
    """Pre-rendered note texts per office country: templates x a few random fillings."""
    bodies = {}
    for country, partners in PARTNERS.items():

        def render(templates, partners=partners, country=country):
            return [
                t.format(
                    partner=rng.pick(partners),
                    trade=rng.pick(TRADES),
                    amount=amount(country, rng),
                    years=rng.between(3, 20),
                )
                for t in templates
                for _ in range(6)
            ]

        bodies[country] = {phase: render(t) for phase, t in NOTE_PHASES.items()}
        bodies[country]["internal"] = render(INTERNAL_NOTES)
        bodies[country]["confidential"] = render(CONFIDENTIAL_NOTES)
    return bodies


def notes(gen):
    """COPY lines of the notes: about ten a case, spread over its stages."""
    rng = gen.rng("notes")
    r, pick, weighted = rng.random, rng.pick, rng.weighted
    ts, now = gen.clock.ts, gen.now
    kinds = weights(NOTE_KINDS)
    bodies = note_bodies(rng)
    note_id = gen.first["case_note"]
    for case_id, country, counsellor, users, opened, end, moments, path, _ in gen.cases:
        texts = bodies[country]
        count = max(1, round(NOTES_PER_STAGE[path[-1]] * (0.4 + 1.2 * r())))
        span = max(end - opened, 3600)
        for _ in range(count):
            at = opened + int(r() * span)
            kind = weighted(kinds)
            confidential = r() < 0.10
            if confidential:
                body = pick(texts["confidential"])
            elif kind == "internal":
                body = pick(texts["internal"])
            else:
                stage = path[max(0, bisect.bisect_right(moments, at) - 1)]
                body = pick(texts[PHASE_OF_STAGE[stage]])
            author = counsellor if counsellor is not None else (pick(users) if users else NULL)
            created = min(at + int(r() * 129_600), now)  # written up within 36 hours
            yield (
                f"{note_id}\t{case_id}\t{kind}\t{body}\t{'t' if confidential else 'f'}\t"
                f"{ts(at)}\t{author}\t{ts(created)}\n"
            )
            note_id += 1


def tasks(gen):
    """COPY lines of the tasks: some done, some overdue, some due soon."""
    rng = gen.rng("tasks")
    r, pick, between = rng.random, rng.pick, rng.between
    ts, day, now, today = gen.clock.ts, gen.clock.day, gen.now, gen.today
    task_id = gen.first["task"]
    for case_id, country, counsellor, _, opened, end, _, path, _ in gen.cases:
        closed = path[-1] == "closed"
        assignee = NULL if counsellor is None else counsellor
        for _ in range(pick((0, 1, 1, 2, 2, 2, 3, 3, 4))):
            created = opened + int(r() * max(end - opened, 3600))
            due_day = created // DAY + between(3, 30)
            if closed:
                done = True
            elif due_day < today:
                done = r() < 0.65  # the others are overdue
            else:
                done = r() < 0.10
            done_at = done_by = NULL
            if done:
                moment = min(due_day * DAY + between(-5, 2) * DAY + 43_200, end, now - 60)
                done_at, done_by = ts(max(moment, created + 600)), assignee
            title = pick(TASK_TITLES).format(partner=pick(PARTNERS[country]))
            created_at = ts(created)
            yield (
                f"{task_id}\t{case_id}\t{title}\t{day(due_day)}\t{assignee}\t{done_at}\t"
                f"{done_by}\t{assignee}\t{created_at}\t{done_at if done else created_at}\t1\n"
            )
            task_id += 1


def appointments(gen):
    """COPY lines of the appointments: past ones attended or missed, some ahead."""
    rng = gen.rng("appointments")
    r, pick, between, weighted = rng.random, rng.pick, rng.between, rng.weighted
    ts, now = gen.clock.ts, gen.now
    places = weights(APPOINTMENT_PLACES)
    appointment_id = gen.first["appointment"]
    for case_id, country, counsellor, _, opened, end, _, path, office_name in gen.cases:
        horizon = end if path[-1] == "closed" else now + 21 * DAY
        person = NULL if counsellor is None else counsellor
        for _ in range(pick((0, 1, 1, 1, 2))):
            starts_day = (opened + int(r() * max(horizon - opened, DAY))) // DAY
            starts = starts_day * DAY + (between(8, 17) + UTC_OFFSET_HOURS[country]) * 3600
            attended = NULL
            if starts < now:
                attended = "t" if r() < 0.82 else "f"
            place = weighted(places)
            created = min(max(opened, starts - between(2, 20) * DAY), now - 60)
            updated = min(max(starts, created), now - 60) if attended != NULL else created
            yield (
                f"{appointment_id}\t{case_id}\t{ts(starts)}\t"
                f"{office_name if place == 'office' else place}\t{pick(APPOINTMENT_PURPOSES)}"
                f"\t{attended}\t{person}\t{person}\t{ts(created)}\t{ts(updated)}\t1\n"
            )
            appointment_id += 1
