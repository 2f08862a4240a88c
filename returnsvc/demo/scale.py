"""`flask seed scale`: a large, realistic demo data set for benchmarks (100,000 cases in well
under two minutes on two cores).

Rows are generated in Python from one seeded random generator per table (same `--seed`, same
data) and streamed into PostgreSQL with COPY on the session's own connection, so everything
happens in the caller's transaction: an interrupted run leaves nothing behind. Offices and
counsellors are taken from the database (created through the ordinary services when missing).

Per case: one returnee with their migration history and consents, a stage path that follows
`cases.stages.TRANSITIONS` (about 3 transitions), about 10 notes (10% confidential), about 2
tasks (some overdue, some done) and about one appointment. Every row is `is_demo` where the model
has the flag. Identity numbers are derived from the row id through a bijection, so they are
unique per document type and country across runs and appends.

Text goes into COPY's text format unescaped: every string here comes from the fixed lists below,
which contain no tab, newline or backslash (a test asserts it).
"""

import bisect
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import exists, select, text

from returnsvc.audit.models import AuditEntry
from returnsvc.audit.services import record
from returnsvc.auth import services as accounts
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.enums import Role
from returnsvc.core.regions import regions_of
from returnsvc.core.text import digits, fold
from returnsvc.demo.services import DEMO_OFFICES
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.offices.services import create_office

AUDIT_ACTION = "demo.scale_seeded"
TABLES = (
    "returnee",
    "migration_history",
    "case_file",
    "case_transition",
    "case_note",
    "task",
    "appointment",
)
DAY = 86_400

# --- people ------------------------------------------------------------------------------------

ORIGIN_WEIGHTS = {"EC": 35, "CO": 30, "BO": 20, "PE": 15}

_FEMALE = (
    "María", "María José", "Ana María", "Rosa", "Carmen", "Luz Marina", "Gloria", "Sandra",
    "Mónica", "Diana Marcela", "Paola Andrea", "Lucía", "Ximena", "Verónica", "Mercedes",
    "Lourdes", "Elizabeth", "Patricia", "Sonia", "Maribel", "Yolanda", "Gladys", "Inés",
    "Beatriz", "Ángela", "Daniela", "Valeria", "Sofía", "Nancy", "Jimena",
)  # fmt: skip
_MALE = (
    "José", "Juan Carlos", "Luis Alberto", "Carlos", "Jorge", "Víctor Hugo", "Wilson", "Édgar",
    "Fernando", "Miguel Ángel", "Raúl", "Óscar", "Héctor", "César", "Julio", "Manuel",
    "Andrés Felipe", "Diego", "Franklin", "Ángel", "Iván", "Darío", "Ramiro", "René", "Rubén",
    "Juan José", "Marco Antonio", "Hugo", "Nelson", "Mauricio",
)  # fmt: skip
GIVEN_NAMES = {
    "BO": (_FEMALE + ("Wilma", "Filomena", "Benita", "Eulalia", "Reyna", "Nélida"),
           _MALE + ("Freddy", "Grover", "Eusebio", "Wálter", "Rolando", "Limbert")),
    "CO": (_FEMALE + ("Luz Dary", "Yolima", "Leidy Johana", "Marleny", "Yuliana", "Luz Ángela"),
           _MALE + ("Jhon Jairo", "Luis Fernando", "Wilmer", "Hernán", "John Fredy", "Gustavo")),
    "EC": (_FEMALE + ("Narcisa", "Mayra Alejandra", "Jessenia", "Zoila", "Blanca", "Rocío"),
           _MALE + ("Kléver", "Segundo", "Patricio", "Washington", "Byron", "Fausto")),
    "PE": (_FEMALE + ("Milagros", "Flor de María", "Yesenia", "Rocío", "Nelly", "Elena"),
           _MALE + ("Percy", "Jhonatan", "Elmer", "Teófilo", "Wilfredo", "Alejandro")),
}  # fmt: skip
SURNAMES = {
    "BO": ("Mamani", "Quispe", "Condori", "Choque", "Flores", "Vargas", "Gutiérrez", "Rojas",
           "Mendoza", "Fernández", "Limachi", "Huanca", "Apaza", "Ticona", "Colque", "Guzmán",
           "Rodríguez", "Torrez", "Villca", "Cruz", "Gonzáles", "Chávez", "Calle", "Añez"),
    "CO": ("Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández",
           "Ospina", "Cárdenas", "Restrepo", "Giraldo", "Muñoz", "Ramírez", "Valencia",
           "Quintero", "Castaño", "Zapata", "Londoño", "Jaramillo", "Agudelo", "Vásquez",
           "Mejía", "Rincón", "Peña", "Ríos", "Patiño"),
    "EC": ("Guamán", "Quishpe", "Morocho", "Chávez", "Zambrano", "Vera", "Andrade", "Loja",
           "Cevallos", "Paredes", "Sánchez", "Ortiz", "Tenesaca", "Pulla", "Jaramillo", "Yánez",
           "Villacís", "Cárdenas", "Macías", "Bravo", "Sarmiento", "Naula", "Peñafiel",
           "Tacuri"),
    "PE": ("Quispe", "Huamán", "Flores", "Mamani", "Chávez", "Rojas", "Ramos", "Vásquez",
           "Torres", "Díaz", "Sánchez", "Mendoza", "Cárdenas", "Castillo", "Ccori", "Huanca",
           "Paucar", "Yupanqui", "Espinoza", "Córdova", "Salazar", "Ñahui", "Condori", "Gómez"),
}  # fmt: skip
# (ISO 3166-2 code, city, weight): where most returnees come from.
REGIONS = {
    "EC": (("EC-P", "Quito", 22), ("EC-G", "Guayaquil", 20), ("EC-A", "Cuenca", 12),
           ("EC-L", "Loja", 10), ("EC-F", "Azogues", 8), ("EC-O", "Machala", 7),
           ("EC-T", "Ambato", 6), ("EC-I", "Ibarra", 5), ("EC-H", "Riobamba", 5),
           ("EC-M", "Portoviejo", 5)),
    "CO": (("CO-DC", "Bogotá", 20), ("CO-VAC", "Cali", 20), ("CO-ANT", "Medellín", 15),
           ("CO-RIS", "Pereira", 15), ("CO-QUI", "Armenia", 8), ("CO-CAL", "Manizales", 7),
           ("CO-ATL", "Barranquilla", 5), ("CO-SAN", "Bucaramanga", 5), ("CO-TOL", "Ibagué", 5)),
    "BO": (("BO-S", "Santa Cruz de la Sierra", 35), ("BO-C", "Cochabamba", 30),
           ("BO-L", "El Alto", 8), ("BO-L", "La Paz", 7), ("BO-T", "Tarija", 7),
           ("BO-H", "Sucre", 5), ("BO-O", "Oruro", 4), ("BO-P", "Potosí", 4)),
    "PE": (("PE-LMA", "Lima", 40), ("PE-ARE", "Arequipa", 10), ("PE-LAL", "Trujillo", 10),
           ("PE-JUN", "Huancayo", 8), ("PE-CUS", "Cusco", 8), ("PE-PIU", "Piura", 8),
           ("PE-LAM", "Chiclayo", 8), ("PE-CAL", "Callao", 8)),
}  # fmt: skip
STREETS = (
    "Calle Bolívar", "Av. Sucre", "Calle Junín", "Av. América", "Calle Olmedo", "Av. Los Andes",
    "Calle 10 de Agosto", "Av. Amazonas", "Calle Santa Rosa", "Pasaje Los Pinos",
    "Calle Antonio José de Sucre", "Av. Simón Bolívar", "Calle Mariscal Santa Cruz",
)  # fmt: skip
EDUCATION = (("isced0", 2), ("isced1", 12), ("isced2", 18), ("isced3", 35), ("isced4", 8),
             ("isced5", 8), ("isced6", 12), ("isced7", 3), (None, 2))  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")  # reserved: never real people
PROGRAMMES = (("apre", 25), ("iom_avrr", 30), ("other_public", 15), ("own_means", 30))
# (last occupation in Spain, ISIC Rev.4 section)
OCCUPATIONS = (
    ("Camarero de sala", "I"), ("Ayudante de cocina", "I"), ("Peón agrícola", "A"),
    ("Recolector de fruta", "A"), ("Albañil", "F"), ("Peón de la construcción", "F"),
    ("Empleada de hogar", "T"), ("Cuidadora de personas mayores", "Q"),
    ("Auxiliar de geriatría", "Q"), ("Repartidor", "H"), ("Conductor de reparto", "H"),
    ("Dependienta de comercio", "G"), ("Reponedor de supermercado", "G"),
    ("Limpiadora de oficinas", "N"), ("Operario de fábrica", "C"), ("Mozo de almacén", "H"),
    ("Cocinero", "I"), ("Electricista", "F"), ("Mecánico", "G"), ("Peluquera", "S"),
)  # fmt: skip

# --- cases -------------------------------------------------------------------------------------

FORWARD = ("registered", "assessed", "plan_agreed", "in_support", "follow_up")
FINAL_STAGE_WEIGHTS = (("registered", 18), ("assessed", 17), ("plan_agreed", 14),
                       ("in_support", 20), ("follow_up", 9), ("closed", 19),
                       ("reopened", 3))  # fmt: skip
CLOSED_FROM_WEIGHTS = (15, 20, 20, 25, 20)  # over FORWARD
CLOSE_REASONS_EARLY = (("lost_contact", 35), ("withdrew", 25), ("re_migrated", 20),
                       ("other", 15), ("deceased", 5))  # fmt: skip
CLOSE_REASONS_LATE = (
    ("employed", 35),
    ("self_employed", 35),
    ("in_training", 10),
    ("lost_contact", 8),
    ("re_migrated", 6),
    ("withdrew", 4),
    ("other", 2),
)
# Days spent before leaving a stage: (min, max).
STAGE_DAYS = {"registered": (2, 30), "assessed": (7, 45), "plan_agreed": (7, 60),
              "in_support": (60, 300), "follow_up": (30, 180), "closed": (30, 400),
              "reopened": (7, 60)}  # fmt: skip
# How long an open case has been sitting in its current stage at most (days).
CURRENT_DWELL = {"registered": 45, "assessed": 90, "plan_agreed": 120, "in_support": 400,
                 "follow_up": 300, "reopened": 150}  # fmt: skip
NOTES_PER_STAGE = {"registered": 2.5, "assessed": 5.5, "plan_agreed": 9.0, "in_support": 14.0,
                   "follow_up": 17.0, "closed": 13.0, "reopened": 17.0}  # fmt: skip
# Office hours in UTC by office country (local 08:00-18:00).
UTC_OFFSET_HOURS = {"ES": -1, "BO": 4, "CO": 5, "EC": 5, "PE": 5}

# --- notes, tasks, appointments ----------------------------------------------------------------

PARTNERS = {
    "EC": ("SECAP", "BanEcuador", "la Cooperativa JEP", "el MIES"),
    "CO": ("el SENA", "Bancóldex", "el Fondo Emprender", "la Caja de Compensación"),
    "BO": ("la Fundación Infocal", "BancoSol", "Pro Mujer", "el Ministerio de Trabajo"),
    "PE": ("SENATI", "Mibanco", "Caja Arequipa", "el Programa Impulsa Perú"),
    "ES": ("la OIM", "Cruz Roja", "Accem", "el SEPE"),
}
TRADES = (
    "panadería",
    "costura",
    "mecánica",
    "peluquería",
    "cocina",
    "soldadura",
    "electricidad",
    "gastronomía",
    "agricultura orgánica",
    "crianza de cuyes",
    "tienda de barrio",
)
NOTE_PHASES = {
    "intake": (
        "Primera entrevista. Se explica el programa y se firman los consentimientos.",
        "Se revisa la documentación: falta el certificado de antecedentes.",
        "Valoración inicial de competencias; experiencia de {years} años en España.",
        "La persona pregunta por la convalidación de estudios; se le orienta.",
        "Se recogen los datos de la unidad familiar y de las personas a cargo.",
        "Se acuerda una segunda cita para completar la valoración.",
        "Interés en formación en {trade}. Se informará de cursos de {partner}.",
    ),
    "plan": (
        "Se acuerda el plan de reintegración: objetivo económico en {trade}.",
        "Plan revisado con la persona; añade objetivo de vivienda.",
        "Se prepara la derivación a {partner} para formación.",
        "Presupuesto del emprendimiento: {amount} en equipamiento inicial.",
        "Se firma el plan; próxima revisión en un mes.",
    ),
    "support": (
        "Asiste al curso de {trade} en {partner}; valora bien la formación.",
        "Solicitud de microcrédito presentada en {partner} por {amount}.",
        "Seguimiento del negocio: ventas estables, dificultades con el local.",
        "Acompañamiento a entrevista de trabajo; queda pendiente respuesta.",
        "Se entrega el apoyo en especie (herramientas de {trade}).",
        "Revisión del plan: un objetivo cumplido, otro aplazado.",
        "La persona informa de que ha empezado a trabajar a media jornada.",
        "Llamada sin respuesta; se deja mensaje de voz.",
    ),
    "follow_up": (
        "Seguimiento a los tres meses: mantiene el empleo.",
        "Seguimiento a los seis meses: el negocio cubre gastos.",
        "Contacto por mensajería; todo sigue según lo previsto.",
        "Se actualizan los datos de contacto.",
        "Encuesta de satisfacción completada.",
    ),
    "closing": (
        "Cierre acordado con la persona; objetivos del plan cumplidos.",
        "Sin contacto tras tres intentos; se propone el cierre.",
        "La persona comunica que vuelve a emigrar; se cierra el caso.",
    ),
}
INTERNAL_NOTES = (
    "Revisado el expediente con la coordinadora.",
    "Coordinación con {partner} sobre la derivación.",
    "Pendiente de validar el presupuesto con la jefatura.",
    "Se actualiza el expediente tras la reunión de equipo.",
)
CONFIDENTIAL_NOTES = (
    "Relata ansiedad por la situación familiar; se ofrece apoyo psicosocial.",
    "Duelo migratorio: dificultades de adaptación al regreso. Derivación a {partner} valorada.",
    "Refiere conflicto familiar en el hogar; se activa protocolo y se acuerda seguimiento.",
    "Sesión de apoyo emocional; mejora respecto a la última cita.",
    "Manifiesta problemas de sueño y preocupación por deudas contraídas en el viaje.",
    "Se comenta situación de salud de un familiar; se informa de servicios disponibles.",
)
NOTE_KINDS = (("visit", 30), ("phone", 35), ("message", 20), ("internal", 15))
TASK_TITLES = (
    "Llamar para confirmar la asistencia al curso",
    "Solicitar certificado de estudios",
    "Enviar derivación a {partner}",
    "Revisar el plan de reintegración",
    "Comprobar la documentación del microcrédito",
    "Preparar informe de seguimiento",
    "Agendar visita al negocio",
    "Actualizar datos de contacto",
)
APPOINTMENT_PURPOSES = (
    "Entrevista inicial", "Valoración de competencias", "Firma del plan de reintegración",
    "Seguimiento del plan", "Revisión del emprendimiento", "Orientación laboral",
    "Seguimiento a los seis meses",
)  # fmt: skip
APPOINTMENT_PLACES = (("office", 60), ("Videollamada", 20), ("Llamada telefónica", 10),
                      ("Domicilio de la persona", 10))  # fmt: skip

_PHASE_OF_STAGE = {"registered": "intake", "assessed": "intake", "plan_agreed": "plan",
                   "in_support": "support", "reopened": "support", "follow_up": "follow_up",
                   "closed": "closing"}  # fmt: skip


class ScaleError(Exception):
    """The scale data set cannot be loaded as asked (message for the operator)."""


def scale_data_exists() -> bool:
    """Whether `seed scale` has already loaded data into this database."""
    seeded = exists().where(AuditEntry.action == AUDIT_ACTION)
    demo_cases = exists().where(Case.is_demo.is_(True))
    return bool(db.session.scalar(select(seeded & demo_cases)))


def demo_case_count() -> int:
    return db.session.scalar(text("SELECT count(*) FROM case_file WHERE is_demo")) or 0


def seed_scale(
    cases: int,
    *,
    seed: int = 42,
    append: bool = False,
    rebuild_indexes: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Load `cases` returnees, each with a case and its casework; returns rows per table.

    Runs in the caller's transaction (COPYs and flushes, never commits). Refuses when scale data
    is already present unless `append`. With `rebuild_indexes` (default: for 2,000 cases or
    more) the foreign keys and secondary indexes of the loaded tables are dropped and rebuilt
    around the load, with their exact definitions: checking a foreign key row by row costs
    three times the COPY itself. The tables are then locked for reading too until the commit.
    """
    if cases < 1:
        raise ScaleError("--cases must be at least 1.")
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    if not append and scale_data_exists():
        raise ScaleError("Scale data is already loaded in this database; use --append to add more.")
    offices = _offices_with_counsellors(say)
    session_connection = db.session.connection()
    session_connection.exec_driver_sql(
        "LOCK TABLE " + ", ".join(TABLES) + " IN SHARE ROW EXCLUSIVE MODE"
    )
    conn = session_connection.connection.driver_connection
    generator = _Generator(seed, offices, _next_ids(conn), int(time.time()))
    if rebuild_indexes is None:
        rebuild_indexes = cases >= 2000
    restore = _drop_keys_and_indexes(conn) if rebuild_indexes else []

    def lap(label: str, step_started: float) -> None:
        now = time.perf_counter()
        say(f"  {label:<36} {now - step_started:6.1f} s  (total {now - started:.1f} s)")

    step_started = time.perf_counter()
    generator.prepare(cases)
    lap(f"generated {cases:,} people and cases", step_started)
    counts = {}
    for table, columns, rows in generator.streams():
        step_started = time.perf_counter()
        counts[table] = _copy(conn, table, columns, rows)
        lap(f"{table:<18} {counts[table]:>10,} rows", step_started)
    if restore:
        step_started = time.perf_counter()
        conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in restore:
            conn.execute(statement)
        lap(f"{len(restore)} indexes and foreign keys rebuilt", step_started)
    _reset_sequences(conn)
    record(AUDIT_ACTION, changes={"cases": cases, "seed": seed, "rows": counts})
    db.session.flush()
    return counts


def analyze() -> None:
    """Fresh planner statistics for the loaded tables (run after the commit)."""
    db.session.execute(text("ANALYZE " + ", ".join(TABLES)))


# --- offices and counsellors -------------------------------------------------------------------


def _offices_with_counsellors(say) -> list[dict]:
    """Active offices with their active counsellors, creating demo ones where missing."""
    if db.session.scalar(select(Office.id).where(Office.is_active).limit(1)) is None:
        for _key, name, country, region, city in DEMO_OFFICES:
            create_office(
                {"name": name, "country": country, "region": region, "city": city},
                actor=None,
                is_demo=True,
            )
        say(f"  created {len(DEMO_OFFICES)} demo offices")
    offices = db.session.scalars(select(Office).where(Office.is_active).order_by(Office.id)).all()
    result, created = [], 0
    for office in offices:
        counsellors = db.session.scalars(
            select(User.id)
            .where(User.office_id == office.id, User.role == Role.COUNSELLOR, User.is_active)
            .order_by(User.id)
        ).all()
        if not counsellors:
            for n in (1, 2):
                user = accounts.create_user(
                    {
                        "email": f"scale.counsellor{n}.office{office.id}@demo.returnsvc.org",
                        "full_name": f"{('Marta', 'Pablo')[n - 1]} Demo ({office.city})",
                        "role": Role.COUNSELLOR.value,
                        "office_id": office.id,
                        "is_demo": True,
                    },
                    actor=None,
                )
                counsellors.append(user.id)
                created += 1
        result.append(
            {"id": office.id, "name": office.name, "country": office.country, "users": counsellors}
        )
    if created:
        say(f"  created {created} demo counsellors (no password)")
    return result


# --- COPY and sequences ------------------------------------------------------------------------


def _next_ids(conn) -> dict[str, int]:
    """First free id per table: above both the highest row and the sequence (tables locked)."""
    first = {}
    for table in TABLES:
        seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
        highest = conn.execute(
            f"SELECT greatest((SELECT coalesce(max(id), 0) FROM {table}),"
            f" (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {seq}))"
        ).fetchone()[0]
        first[table] = highest + 1
    return first


def _drop_keys_and_indexes(conn) -> list[str]:
    """Drop the foreign keys and the indexes not backing a constraint (primary keys and unique
    constraints stay) of the loaded tables; return the statements that recreate them."""
    restore_indexes, restore_keys = [], []
    for table, name, definition in conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        (list(TABLES),),
    ).fetchall():
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        restore_keys.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        (list(TABLES),),
    ).fetchall():
        conn.execute(f"DROP INDEX {name}")
        restore_indexes.append(definition)
    return restore_indexes + restore_keys


def _reset_sequences(conn) -> None:
    for table in TABLES:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" greatest((SELECT coalesce(max(id), 0) FROM {table}), 1))"
        )


def _copy(conn, table: str, columns: tuple[str, ...], rows) -> int:
    """Stream tab-separated lines into `table`; returns the number of rows."""
    count = 0
    batch: list[str] = []
    with conn.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for line in rows:
                batch.append(line)
                if len(batch) >= 5000:
                    copy.write("".join(batch))
                    count += len(batch)
                    batch.clear()
            if batch:
                copy.write("".join(batch))
                count += len(batch)
    return count


# --- generation --------------------------------------------------------------------------------
# Hot loops: 100,000 people and 1,000,000 notes. The stdlib's randint/choice/choices cost about a
# microsecond each, so the loops use `_Random`'s helpers on `random()` and pre-rendered text.

NULL = "\\N"
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class _Random(random.Random):
    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, table):
        values, cumulative = table
        return values[bisect.bisect_right(cumulative, self.random())]


def _table(pairs):
    """(values, cumulative fractions) for `_Random.weighted` from (value, ..., weight) rows."""
    total = sum(p[-1] for p in pairs)
    cumulative, running = [], 0
    for p in pairs:
        running += p[-1]
        cumulative.append(running / total)
    cumulative[-1] = 1.0
    return [p[0] for p in pairs], cumulative


def _permute(n: int, multiplier: int, modulus: int) -> int:
    """A bijection on 0..modulus-1 (multiplier coprime with modulus): unique, random-looking."""
    return (n * multiplier + 7_654_321) % modulus


def _nie_letter(number: int) -> str:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def _year_of(epoch: int) -> int:
    return datetime.fromtimestamp(epoch, UTC).year


def _amount(country: str, rng: _Random) -> str:
    value = 500 + 50 * rng.between(0, 90)
    if country == "CO":
        return f"{value * 1000:,} COP".replace(",", ".")
    if country == "BO":
        return f"Bs {value * 7:,}".replace(",", ".")
    if country == "PE":
        return f"S/ {value * 4:,}".replace(",", ".")
    return f"{value:,} {'EUR' if country == 'ES' else 'USD'}".replace(",", ".")


class _Clock:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS+00' for COPY, from two lookup tables."""

    def __init__(self):
        self._days: dict[int, str] = {}
        self._hms = [
            f" {h:02d}:{m:02d}:{s:02d}+00" for h in range(24) for m in range(60) for s in range(60)
        ]

    def day(self, epoch_day: int) -> str:
        text_ = self._days.get(epoch_day)
        if text_ is None:
            text_ = self._days[epoch_day] = date.fromordinal(_EPOCH_ORDINAL + epoch_day).isoformat()
        return text_

    def ts(self, epoch: int) -> str:
        day, seconds = divmod(epoch, DAY)
        return (self._days.get(day) or self.day(day)) + self._hms[seconds]


class _Generator:
    """Builds COPY lines. Per-case facts go to `self.cases` for the casework streams."""

    def __init__(self, seed: int, offices: list[dict], first_ids: dict[str, int], now: int):
        self.seed = seed
        self.offices = offices
        self.first = first_ids
        self.now = now
        self.today = now // DAY
        self.clock = _Clock()
        self.cases: list[tuple] = []
        self.by_country: dict[str, list[dict]] = {}
        for office in offices:
            self.by_country.setdefault(office["country"], []).append(office)

    def rng(self, name: str) -> _Random:
        # The first id is part of the seed: an --append run does not repeat the first people.
        return _Random(f"{self.seed}:{self.first['returnee']}:{name}")

    def prepare(self, cases: int) -> None:
        """Build the people, cases and transitions (kept in memory: about 200 MB per 100,000)."""
        self._prepared = self._people(cases)

    def streams(self):
        """(table, columns, lines) in foreign-key order; casework lines are made as they go."""
        returnees, migrations, case_rows, transitions = self._prepared
        yield "returnee", RETURNEE_COLUMNS, returnees
        yield "migration_history", MIGRATION_COLUMNS, migrations
        yield "case_file", CASE_COLUMNS, case_rows
        yield "case_transition", TRANSITION_COLUMNS, transitions
        yield "case_note", NOTE_COLUMNS, self._notes()
        yield "task", TASK_COLUMNS, self._tasks()
        yield "appointment", APPOINTMENT_COLUMNS, self._appointments()

    def _work_time(self, day: int, country: str, rng: _Random) -> int:
        """A moment in office hours (local 08:00-18:00) of `day`, as UTC epoch seconds."""
        moment = day * DAY + rng.between(8 * 3600, 18 * 3600 - 1)
        return min(moment + UTC_OFFSET_HOURS[country] * 3600, self.now - 60)

    # -- people, cases and transitions (built together: they share the case's story) --

    def _people(self, count: int):
        rng = self.rng("people")
        r, pick, between, weighted = rng.random, rng.pick, rng.between, rng.weighted
        ts, day, now, today = self.clock.ts, self.clock.day, self.now, self.today
        origins = _table(tuple(ORIGIN_WEIGHTS.items()))
        final_stages = _table(FINAL_STAGE_WEIGHTS)
        early, late = _table(CLOSE_REASONS_EARLY), _table(CLOSE_REASONS_LATE)
        education, programmes = _table(EDUCATION), _table(PROGRAMMES)
        households = _table(((1, 12), (2, 18), (3, 24), (4, 22), (5, 13), (6, 7), (7, 4)))
        departures = _table(tuple(zip(range(1998, 2022), DEPARTURE_WEIGHTS, strict=True)))
        regions = {}
        for country, rows in REGIONS.items():
            valid = {code for code, _ in regions_of(country)}
            regions[country] = _table(tuple(((c, city), w) for c, city, w in rows if c in valid))
        quechua = {"BO": 0.25, "PE": 0.2, "EC": 0.1, "CO": 0.0}
        birth_low = date(1960, 1, 1).toordinal() - _EPOCH_ORDINAL
        birth_high = date(2002, 12, 31).toordinal() - _EPOCH_ORDINAL
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
            years_abroad = max(0, _year_of(return_day * DAY) - departure)
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
            reference = f"{office_country}-{_year_of(opened)}-{case_id:06d}"
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

    def _pick_office(self, origin: str, rng: _Random) -> dict:
        """40% before the return (Spanish offices), 60% after it (offices in the origin)."""
        spain, home = self.by_country.get("ES"), self.by_country.get(origin)
        if home and (not spain or rng.random() < 0.6):
            return rng.pick(home)
        return rng.pick(spain or self.offices)

    @staticmethod
    def _stage_path(stage: str, rng: _Random) -> list[str]:
        """The stages the case went through, following cases.stages.TRANSITIONS."""
        if stage in FORWARD:
            path = list(FORWARD[: FORWARD.index(stage) + 1])
            if stage == "in_support" and rng.random() < 0.06:
                path += ["plan_agreed", "in_support"]  # the plan was redone
            return path
        path = [*FORWARD[: rng.weighted(_CLOSED_FROM) + 1], "closed"]
        if stage == "reopened":
            path.append("reopened")
        return path

    @staticmethod
    def _document(returnee_id: int, origin: str, rng: _Random):
        """Unique per type and country: the number part is a bijection of the returnee id."""
        draw = rng.random()
        if draw < 0.03:
            return None, None, None
        if draw < 0.60:
            number = _permute(returnee_id, 48_271, 10**8)
            if origin == "BO":  # carnet de identidad: 5 to 8 digits, no leading zero
                return "national_id", str(number or 10**8), origin
            prefix = {"EC": f"{rng.between(1, 24):02d}", "CO": "10"}.get(origin, "")
            return "national_id", f"{prefix}{number:08d}", origin
        if draw < 0.85:
            number = _permute(returnee_id, 69_621, 10**7)
            letters = rng.pick(_LETTERS) + rng.pick(_LETTERS)
            return "passport", f"{letters}{number:07d}", origin
        number = _permute(returnee_id, 50_421, 10**7)
        lead = rng.between(0, 2)
        check = _nie_letter(lead * 10**7 + number)
        return "foreigner_id", f"{'XYZ'[lead]}{number:07d}{check}", "ES"

    @staticmethod
    def _phone(origin: str, office_country: str, rng: _Random) -> str:
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

    # -- casework --

    def _note_bodies(self, rng: _Random) -> dict:
        """Pre-rendered note texts per office country: templates x a few random fillings."""
        bodies = {}
        for country, partners in PARTNERS.items():

            def render(templates, partners=partners, country=country):
                return [
                    t.format(
                        partner=rng.pick(partners),
                        trade=rng.pick(TRADES),
                        amount=_amount(country, rng),
                        years=rng.between(3, 20),
                    )
                    for t in templates
                    for _ in range(6)
                ]

            bodies[country] = {phase: render(t) for phase, t in NOTE_PHASES.items()}
            bodies[country]["internal"] = render(INTERNAL_NOTES)
            bodies[country]["confidential"] = render(CONFIDENTIAL_NOTES)
        return bodies

    def _notes(self):
        rng = self.rng("notes")
        r, pick, weighted = rng.random, rng.pick, rng.weighted
        ts, now = self.clock.ts, self.now
        kinds = _table(NOTE_KINDS)
        bodies = self._note_bodies(rng)
        note_id = self.first["case_note"]
        for case_id, country, counsellor, users, opened, end, moments, path, _ in self.cases:
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
                    body = pick(texts[_PHASE_OF_STAGE[stage]])
                author = counsellor if counsellor is not None else (pick(users) if users else NULL)
                created = min(at + int(r() * 129_600), now)  # written up within 36 hours
                yield (
                    f"{note_id}\t{case_id}\t{kind}\t{body}\t{'t' if confidential else 'f'}\t"
                    f"{ts(at)}\t{author}\t{ts(created)}\n"
                )
                note_id += 1

    def _tasks(self):
        rng = self.rng("tasks")
        r, pick, between = rng.random, rng.pick, rng.between
        ts, day, now, today = self.clock.ts, self.clock.day, self.now, self.today
        task_id = self.first["task"]
        for case_id, country, counsellor, _, opened, end, _, path, _ in self.cases:
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

    def _appointments(self):
        rng = self.rng("appointments")
        r, pick, between, weighted = rng.random, rng.pick, rng.between, rng.weighted
        ts, now = self.clock.ts, self.now
        places = _table(APPOINTMENT_PLACES)
        appointment_id = self.first["appointment"]
        for case_id, country, counsellor, _, opened, end, _, path, office_name in self.cases:
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


_LETTERS = "ABCDEFGHJKLMNPRSTUVXYZ"
_CLOSED_FROM = _table(tuple(zip(range(len(FORWARD)), CLOSED_FROM_WEIGHTS, strict=True)))
# Departures per year from 1998 to 2021: the big wave came in 1999-2008.
DEPARTURE_WEIGHTS = (3, 8, 10, 10, 9, 8, 7, 7, 6, 6, 5, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1)

RETURNEE_COLUMNS = (
    "id", "given_names", "first_surname", "second_surname", "sex", "birth_date", "nationality",
    "document_type", "document_number", "document_country", "phone", "phone_digits", "email",
    "origin_country", "region_code", "city", "address", "household_size", "dependants",
    "education_level", "languages", "consent_service_at", "consent_service_by_id",
    "consent_sharing_at", "consent_sharing_by_id", "consent_statistics_at",
    "consent_statistics_by_id", "search_text", "created_by_id", "is_demo", "created_at",
    "updated_at", "version",
)  # fmt: skip
MIGRATION_COLUMNS = (
    "id", "returnee_id", "host_country", "departure_year", "years_abroad",
    "planned_return_date", "actual_return_date", "return_programme", "last_occupation_abroad",
    "last_sector_abroad", "created_at", "updated_at", "version",
)  # fmt: skip
CASE_COLUMNS = (
    "id", "reference", "returnee_id", "office_id", "counsellor_id", "stage", "stage_changed_at",
    "opened_at", "closed_at", "close_reason", "is_demo", "created_at", "updated_at", "version",
    "person_sort",
)  # fmt: skip
TRANSITION_COLUMNS = (
    "id", "case_id", "from_stage", "to_stage", "actor_id", "occurred_at", "close_reason",
)  # fmt: skip
NOTE_COLUMNS = (
    "id", "case_id", "kind", "body", "is_confidential", "occurred_at", "author_id", "created_at",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "case_id", "title", "due_date", "assignee_id", "done_at", "done_by_id",
    "created_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
APPOINTMENT_COLUMNS = (
    "id", "case_id", "starts_at", "location", "purpose", "attended", "counsellor_id",
    "created_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
