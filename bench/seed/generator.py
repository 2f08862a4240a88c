"""The people of the benchmark data set and their cases: who they are, where they return to,
which office follows them and the stages their case went through, as COPY lines. The casework
of each case (notes, tasks, appointments) follows from the facts kept in `Generator.cases`
(bench.seed.casework)."""

from datetime import date

from bench.seed import casework
from bench.seed.rows import (
    APPOINTMENT_COLUMNS,
    CASE_COLUMNS,
    DAY,
    EPOCH_ORDINAL,
    MIGRATION_COLUMNS,
    NOTE_COLUMNS,
    NULL,
    RETURNEE_COLUMNS,
    TASK_COLUMNS,
    TRANSITION_COLUMNS,
    Clock,
    Random,
    nie_letter,
    permute,
    weights,
    year_of,
)
from bench.seed.words import (
    CLOSE_REASONS_EARLY,
    CLOSE_REASONS_LATE,
    CLOSED_FROM_WEIGHTS,
    CURRENT_DWELL,
    DEPARTURE_WEIGHTS,
    EDUCATION,
    EMAIL_DOMAINS,
    FINAL_STAGE_WEIGHTS,
    FORWARD,
    GIVEN_NAMES,
    LETTERS,
    OCCUPATIONS,
    ORIGIN_WEIGHTS,
    PROGRAMMES,
    REGIONS,
    STAGE_DAYS,
    STREETS,
    SURNAMES,
    UTC_OFFSET_HOURS,
)
from returnsvc.core.regions import regions_of
from returnsvc.core.text import digits, fold

CLOSED_FROM = weights(tuple(zip(range(len(FORWARD)), CLOSED_FROM_WEIGHTS, strict=True)))


class Generator:
    """Builds COPY lines. Per-case facts go to `self.cases` for the casework streams."""

    def __init__(self, seed: int, offices: list[dict], first_ids: dict[str, int], now: int):
        self.seed = seed
        self.offices = offices
        self.first = first_ids
        self.now = now
        self.today = now // DAY
        self.clock = Clock()
        self.cases: list[tuple] = []
        self.by_country: dict[str, list[dict]] = {}
        for office in offices:
            self.by_country.setdefault(office["country"], []).append(office)

    def rng(self, name: str) -> Random:
        # The first id is part of the seed: an --append run does not repeat the first people.
        return Random(f"{self.seed}:{self.first['returnee']}:{name}")

    def prepare(self, cases: int) -> None:
        """Build the people, cases and transitions (kept in memory: about 200 MB per 100,000)."""
        self._prepared = self.people(cases)

    def streams(self):
        """(table, columns, lines) in foreign-key order; casework lines are made as they go."""
        returnees, migrations, case_rows, transitions = self._prepared
        yield "returnee", RETURNEE_COLUMNS, returnees
        yield "migration_history", MIGRATION_COLUMNS, migrations
        yield "case_file", CASE_COLUMNS, case_rows
        yield "case_transition", TRANSITION_COLUMNS, transitions
        yield "case_note", NOTE_COLUMNS, casework.notes(self)
        yield "task", TASK_COLUMNS, casework.tasks(self)
        yield "appointment", APPOINTMENT_COLUMNS, casework.appointments(self)

    def _work_time(self, day: int, country: str, rng: Random) -> int:
        """A moment in office hours (local 08:00-18:00) of `day`, as UTC epoch seconds."""
        moment = day * DAY + rng.between(8 * 3600, 18 * 3600 - 1)
        return min(moment + UTC_OFFSET_HOURS[country] * 3600, self.now - 60)

    # -- people, cases and transitions (built together: they share the case's story) --

    def people(self, count: int):
        """COPY lines of the returnees, their migration histories, cases and transitions."""
        rng = self.rng("people")
        r, pick, between, weighted = rng.random, rng.pick, rng.between, rng.weighted
        ts, day, now, today = self.clock.ts, self.clock.day, self.now, self.today
        origins = weights(tuple(ORIGIN_WEIGHTS.items()))
        final_stages = weights(FINAL_STAGE_WEIGHTS)
        early, late = weights(CLOSE_REASONS_EARLY), weights(CLOSE_REASONS_LATE)
        education, programmes = weights(EDUCATION), weights(PROGRAMMES)
        households = weights(((1, 12), (2, 18), (3, 24), (4, 22), (5, 13), (6, 7), (7, 4)))
        departures = weights(tuple(zip(range(1998, 2022), DEPARTURE_WEIGHTS, strict=True)))
        regions = {}
        for country, rows in REGIONS.items():
            valid = {code for code, _ in regions_of(country)}
            regions[country] = weights(tuple(((c, city), w) for c, city, w in rows if c in valid))
        quechua = {"BO": 0.25, "PE": 0.2, "EC": 0.1, "CO": 0.0}
        birth_low = date(1960, 1, 1).toordinal() - EPOCH_ORDINAL
        birth_high = date(2002, 12, 31).toordinal() - EPOCH_ORDINAL
        birth_mode = birth_low + 0.55 * (birth_high - birth_low)
        returnee_rows, migration_rows, case_rows, transition_rows = [], [], [], []
        returnee_id, case_id = self.first["returnee"], self.first["case_file"]
        migration_id, transition_id = self.first["migration_history"], self.first["case_transition"]
        for _ in range(count):
            origin = weighted(origins)
            office = self._pick_office(origin, rng)
            office_country, users = office["country"], office["users"]
            stage = weighted(final_stages)
            path = self._stage_path(stage, rng)
            counsellor = pick(users) if users else None
            if stage == "registered" and r() < 0.3:
                counsellor = None  # not assigned yet
            by = NULL if counsellor is None else str(counsellor)

            # When: the last change first, then back in time through each stage's duration.
            if stage == "closed":
                last_day = today - between(1, 3 * 365)
            else:
                last_day = today - between(1, CURRENT_DWELL[stage])
            days = [last_day]
            for step in reversed(path[:-1]):
                days.append(days[-1] - between(*STAGE_DAYS[step]))
            days.reverse()
            moments = [self._work_time(d, office_country, rng) for d in days]
            opened, changed = moments[0], moments[-1]
            opened_at, changed_at = ts(opened), ts(changed)

            # Who.
            draw = r()
            sex = "female" if draw < 0.5 else ("male" if draw < 0.996 else "other")
            female_names, male_names = GIVEN_NAMES[origin]
            if sex == "other":
                given = pick(female_names if r() < 0.5 else male_names)
            else:
                given = pick(female_names if sex == "female" else male_names)
            surnames = SURNAMES[origin]
            first_surname = pick(surnames)
            second_surname = pick(surnames) if r() < 0.97 else ""
            birth = int(rng.triangular(birth_low, birth_high, birth_mode))
            doc_type, doc_number, doc_country = self._document(returnee_id, origin, rng)
            phone = self._phone(origin, office_country, rng)
            phone_digits = digits(phone)
            region_code, city = weighted(regions[origin])
            # Exactly what returnees.services._refresh_search_fields writes.
            full_name = " ".join(p for p in (given, first_surname, second_surname) if p)
            search_text = " ".join(
                p for p in (fold(full_name), (doc_number or "").lower(), phone_digits) if p
            )
            email = ""
            if r() < 0.55:
                handle = fold(given.split()[0] + "." + first_surname).replace(" ", "")
                email = f"{handle}{between(1, 99)}@{pick(EMAIL_DOMAINS)}"
            address = f"{pick(STREETS)} {between(1, 2500)}" if r() < 0.5 else ""
            household = weighted(households)
            languages = "es"
            if r() < quechua[origin]:
                languages += ",qu"
            if origin == "BO" and r() < 0.1:
                languages = "ay," + languages
            if r() < 0.05:
                languages += ",en"
            if r() < 0.03:
                languages = "ca," + languages
            registered = max(opened - between(0, 2 * DAY), opened - opened % DAY)
            consent_at = ts(registered)
            sharing, statistics = r() < 0.8, r() < 0.9
            returnee_rows.append(
                "\t".join((
                    str(returnee_id), given, first_surname, second_surname, sex, day(birth),
                    origin, doc_type or NULL, doc_number or NULL, doc_country or NULL, phone,
                    phone_digits, email, origin, region_code, city, address, str(household),
                    str(between(0, household - 1)), weighted(education) or NULL,
                    "{" + languages + "}", consent_at, by,
                    consent_at if sharing else NULL, by if sharing else NULL,
                    consent_at if statistics else NULL, by if statistics else NULL,
                    search_text, by, "t", consent_at, changed_at, "1",
                )) + "\n"
            )  # fmt: skip

            # Migration: abroad since the 2000s wave; return dates around the case.
            departure = weighted(departures)
            opened_day = opened // DAY
            planned = actual = NULL
            if office_country == "ES":  # preparing the return from Spain
                return_day = opened_day + between(30, 240)
                planned = day(return_day)
                if return_day < today and stage not in ("registered", "assessed"):
                    actual = day(return_day + between(-10, 20))
            else:  # back home already
                return_day = opened_day - between(10, 200)
                actual = day(return_day)
                if r() < 0.6:
                    planned = day(return_day - between(0, 30))
            years_abroad = max(0, year_of(return_day * DAY) - departure)
            occupation, sector = pick(OCCUPATIONS)
            migration_rows.append(
                "\t".join((
                    str(migration_id), str(returnee_id), "ES", str(departure), str(years_abroad),
                    planned, actual, weighted(programmes), occupation, sector, consent_at,
                    consent_at, "1",
                )) + "\n"
            )  # fmt: skip

            # The case and its transitions (the closing one carries the reason).
            reason = None
            if "closed" in path:
                closed_from = path[path.index("closed") - 1]
                reason = weighted(late if closed_from in ("in_support", "follow_up") else early)
            is_closed = stage == "closed"
            reference = f"{office_country}-{year_of(opened)}-{case_id:06d}"
            case_rows.append(
                "\t".join((
                    str(case_id), reference, str(returnee_id), str(office["id"]), by, stage,
                    changed_at, opened_at, changed_at if is_closed else NULL,
                    reason if is_closed else NULL, "t", opened_at, changed_at, "1",
                    fold(f"{first_surname} {second_surname} {given}"),
                )) + "\n"
            )  # fmt: skip
            previous = NULL
            for index, to_stage in enumerate(path):
                transition_rows.append(
                    f"{transition_id}\t{case_id}\t{previous}\t{to_stage}\t{by}\t"
                    f"{ts(moments[index])}\t{reason if to_stage == 'closed' else NULL}\n"
                )
                previous = to_stage
                transition_id += 1
            end = changed if is_closed else now - 3600
            self.cases.append(
                (case_id, office_country, counsellor, users, opened, end, moments, path,
                 office["name"])
            )  # fmt: skip
            returnee_id += 1
            migration_id += 1
            case_id += 1
        return returnee_rows, migration_rows, case_rows, transition_rows

    def _pick_office(self, origin: str, rng: Random) -> dict:
        """40% before the return (Spanish offices), 60% after it (offices in the origin)."""
        spain, home = self.by_country.get("ES"), self.by_country.get(origin)
        if home and (not spain or rng.random() < 0.6):
            return rng.pick(home)
        return rng.pick(spain or self.offices)

    @staticmethod
    def _stage_path(stage: str, rng: Random) -> list[str]:
        """The stages the case went through, following cases.stages.TRANSITIONS."""
        if stage in FORWARD:
            path = list(FORWARD[: FORWARD.index(stage) + 1])
            if stage == "in_support" and rng.random() < 0.06:
                path += ["plan_agreed", "in_support"]  # the plan was redone
            return path
        path = [*FORWARD[: rng.weighted(CLOSED_FROM) + 1], "closed"]
        if stage == "reopened":
            path.append("reopened")
        return path

    @staticmethod
    def _document(returnee_id: int, origin: str, rng: Random):
        """Unique per type and country: the number part is a bijection of the returnee id."""
        draw = rng.random()
        if draw < 0.03:
            return None, None, None
        if draw < 0.60:
            number = permute(returnee_id, 48_271, 10**8)
            if origin == "BO":  # carnet de identidad: 5 to 8 digits, no leading zero
                return "national_id", str(number or 10**8), origin
            prefix = {"EC": f"{rng.between(1, 24):02d}", "CO": "10"}.get(origin, "")
            return "national_id", f"{prefix}{number:08d}", origin
        if draw < 0.85:
            number = permute(returnee_id, 69_621, 10**7)
            letters = rng.pick(LETTERS) + rng.pick(LETTERS)
            return "passport", f"{letters}{number:07d}", origin
        number = permute(returnee_id, 50_421, 10**7)
        lead = rng.between(0, 2)
        check = nie_letter(lead * 10**7 + number)
        return "foreigner_id", f"{'XYZ'[lead]}{number:07d}{check}", "ES"

    @staticmethod
    def _phone(origin: str, office_country: str, rng: Random) -> str:
        draw = rng.random()
        if draw < 0.03:
            return ""
        n = rng.between
        if office_country == "ES" and draw < 0.6:  # still on a Spanish number
            return f"+34 6{n(10, 99)} {n(0, 999):03d} {n(0, 999):03d}"
        if origin == "EC":
            return f"+593 9{n(0, 9)} {n(0, 999):03d} {n(0, 9999):04d}"
        if origin == "CO":
            return f"+57 3{n(0, 25):02d} {n(0, 999):03d} {n(0, 9999):04d}"
        if origin == "BO":
            return f"+591 {n(6, 7)}{n(0, 9999999):07d}"
        return f"+51 9{n(0, 99):02d} {n(0, 999):03d} {n(0, 999):03d}"
