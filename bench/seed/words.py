"""The words of the benchmark data set: names, places, the stages a case goes through and how
long it stays in each, and the texts of notes, tasks and appointments (Spanish, as counsellors
write them).

Every string here goes into COPY's text format unescaped: none may contain a tab, a newline or a
backslash (a test asserts it).
"""

# --- people ------------------------------------------------------------------------------------

ORIGIN_WEIGHTS = {"EC": 35, "CO": 30, "BO": 20, "PE": 15}

FEMALE = (
    "María", "María José", "Ana María", "Rosa", "Carmen", "Luz Marina", "Gloria", "Sandra",
    "Mónica", "Diana Marcela", "Paola Andrea", "Lucía", "Ximena", "Verónica", "Mercedes",
    "Lourdes", "Elizabeth", "Patricia", "Sonia", "Maribel", "Yolanda", "Gladys", "Inés",
    "Beatriz", "Ángela", "Daniela", "Valeria", "Sofía", "Nancy", "Jimena",
)  # fmt: skip
MALE = (
    "José", "Juan Carlos", "Luis Alberto", "Carlos", "Jorge", "Víctor Hugo", "Wilson", "Édgar",
    "Fernando", "Miguel Ángel", "Raúl", "Óscar", "Héctor", "César", "Julio", "Manuel",
    "Andrés Felipe", "Diego", "Franklin", "Ángel", "Iván", "Darío", "Ramiro", "René", "Rubén",
    "Juan José", "Marco Antonio", "Hugo", "Nelson", "Mauricio",
)  # fmt: skip
GIVEN_NAMES = {
    "BO": (FEMALE + ("Wilma", "Filomena", "Benita", "Eulalia", "Reyna", "Nélida"),
           MALE + ("Freddy", "Grover", "Eusebio", "Wálter", "Rolando", "Limbert")),
    "CO": (FEMALE + ("Luz Dary", "Yolima", "Leidy Johana", "Marleny", "Yuliana", "Luz Ángela"),
           MALE + ("Jhon Jairo", "Luis Fernando", "Wilmer", "Hernán", "John Fredy", "Gustavo")),
    "EC": (FEMALE + ("Narcisa", "Mayra Alejandra", "Jessenia", "Zoila", "Blanca", "Rocío"),
           MALE + ("Kléver", "Segundo", "Patricio", "Washington", "Byron", "Fausto")),
    "PE": (FEMALE + ("Milagros", "Flor de María", "Yesenia", "Rocío", "Nelly", "Elena"),
           MALE + ("Percy", "Jhonatan", "Elmer", "Teófilo", "Wilfredo", "Alejandro")),
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

PHASE_OF_STAGE = {"registered": "intake", "assessed": "intake", "plan_agreed": "plan",
                   "in_support": "support", "reopened": "support", "follow_up": "follow_up",
                   "closed": "closing"}  # fmt: skip

LETTERS = "ABCDEFGHJKLMNPRSTUVXYZ"
# Departures per year from 1998 to 2021: the big wave came in 1999-2008.
DEPARTURE_WEIGHTS = (3, 8, 10, 10, 9, 8, 7, 7, 6, 6, 5, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1)
