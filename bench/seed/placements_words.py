"""The words and proportions of the benchmark's placements and referrals (bench.seed.placements,
bench.seed.referrals): employers, partner organisations, what people are referred for and what
came of it (Spanish, as counsellors write them), contracts, pay periods and typical pay.

Every string here goes into COPY's text format or a partner's name unescaped: none may contain a
tab, a newline or a backslash.
"""

from bench.seed.rows import weights

# --- placements -----------------------------------------------------------------------------

FORMAL_CONTRACTS = weights(
    (("permanent", 45), ("fixed_term", 35), ("seasonal", 12), ("apprenticeship", 8))
)
INFORMAL_CONTRACTS = weights((("verbal", 75), ("seasonal", 25)))
INFORMAL_PERIODS = weights((("month", 35), ("week", 20), ("day", 35), ("hour", 10)))
FORMAL_HOURS = (40, 40, 40, 44, 48, 48, 30, 20, None)
INFORMAL_HOURS = (None, None, 15, 20, 25, 30, 40, 48, 54, 60)
# A month's pay where no guide entry says (in the currency of the country of return), and how
# a month's pay divides into the other periods.
MONTHLY_PAY = {"BOB": 3000, "COP": 1_600_000, "USD": 520, "PEN": 1300}
PER_MONTH = {"month": 1, "week": 4.33, "day": 26, "hour": 190}
# A month's pay by ISCO-08 major group, against MONTHLY_PAY.
PAY_BY_MAJOR_GROUP = {"0": 1.3, "1": 2.5, "2": 2.2, "3": 1.6, "4": 1.2, "5": 1.0, "6": 0.9,
                      "7": 1.1, "8": 1.1, "9": 0.9}  # fmt: skip
FORMAL_EMPLOYERS = (
    "Agroexportadora Andina S.A.", "Constructora Los Andes S.R.L.", "Hotel El Mirador",
    "Supermercados La Canasta", "Textiles del Valle S.A.", "Transportes Cóndor",
    "Clínica San Rafael", "Servicios de Limpieza Integral", "Restaurante La Casona",
    "Distribuidora Central", "Panificadora La Espiga", "Seguridad Privada Centinela",
)  # fmt: skip
INFORMAL_EMPLOYERS = (
    "Obra de construcción de un vecino", "Puesto del mercado central", "Familia particular",
    "Taller mecánico del barrio", "Finca familiar", "Tienda de abarrotes", "Comedor popular",
    "Transporte de carga por viaje", "Venta ambulante de un pariente", "Cosecha de temporada",
)  # fmt: skip

# --- partners and referrals -----------------------------------------------------------------

# How many active partners of each kind an origin country should have, and their names (the
# city is added).
PARTNER_MINIMUM = {"employer": 6, "training": 4}
PARTNER_MINIMUM_OTHERS = 3
PARTNER_NAMES = {
    "training": ("Instituto Técnico de Formación", "Centro de Capacitación Laboral",
                 "Escuela de Oficios"),
    "microfinance": ("Microfinanciera Progreso", "Fondo de Crédito Solidario",
                     "Financiera Emprende"),
    "financial": ("Cooperativa de Ahorro y Crédito", "Banco Popular, agencia",
                  "Caja Municipal de Ahorro"),
    "employer": ("Agroindustrias", "Constructora", "Hotel Plaza", "Supermercados",
                 "Textiles", "Transportes", "Clínica", "Servicios Generales"),
    "health": ("Centro de Salud", "Hospital General", "Policlínico Municipal"),
    "psychosocial": ("Centro de Atención Psicosocial", "Red de Apoyo Emocional",
                     "Servicio de Salud Mental Comunitaria"),
    "other": ("Defensoría del Migrante", "Asociación de Personas Retornadas",
              "Consultorio Jurídico Gratuito"),
}  # fmt: skip
PARTNER_SERVICES = {
    "training": "Cursos técnicos cortos con certificación.",
    "microfinance": "Microcréditos para emprendimientos.",
    "financial": "Cuentas de ahorro y transferencias.",
    "employer": "Ofertas de empleo para personas retornadas.",
    "health": "Atención médica general y especializada.",
    "psychosocial": "Acompañamiento psicológico tras el retorno.",
    "other": "Orientación legal y sobre documentos.",
}
REFERRAL_KINDS = weights((("training", 25), ("employer", 20), ("microfinance", 10),
                          ("financial", 10), ("health", 12), ("psychosocial", 13),
                          ("other", 10)))  # fmt: skip
PURPOSES = {
    "training": ("Curso de formación técnica.", "Certificación de competencias laborales.",
                 "Curso de gestión de pequeños negocios."),
    "microfinance": ("Solicitud de microcrédito para el negocio.",
                     "Capital de trabajo para ampliar el negocio."),
    "financial": ("Apertura de una cuenta de ahorro.", "Recepción de remesas a menor costo."),
    "employer": ("Entrevista para un puesto de trabajo.", "Proceso de selección abierto."),
    "health": ("Control médico general.", "Tratamiento de una dolencia crónica."),
    "psychosocial": ("Acompañamiento psicosocial tras el retorno.",
                     "Apoyo emocional para la familia."),
    "other": ("Asesoría sobre documentos de identidad.", "Homologación de estudios."),
}  # fmt: skip
DECLINE_REASONS = (
    "No quedan plazas este trimestre.", "No cumple los requisitos de acceso.",
    "Fuera de la zona que atiende la organización.", "La persona no acudió a la cita.",
)  # fmt: skip
OUTCOMES = (
    "Completó el servicio.", "Terminó el curso y recibió su certificado.",
    "Recibió la atención solicitada.", "Obtuvo el crédito solicitado.",
)  # fmt: skip
# What a referral becomes (cancelled after the partner accepted it, or before any answer).
REFERRAL_ENDS = weights((("sent", 12), ("accepted", 18), ("completed", 35), ("declined", 15),
                         ("cancelled_after_acceptance", 10), ("cancelled", 10)))  # fmt: skip
