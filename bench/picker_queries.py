"""What people type into the occupation and skill pickers: the benchmark's query set.

Each entry is (kind, locale, query). Kinds: Spanish and English words, 2-5 letter prefixes
(what the JS picker sends while the user is still typing), Spanish typed without accents,
typos, multi-word phrases, English words on a Spanish page (the fallback), ISCO codes.
"""

WORDS_ES = (
    "cocinero", "albañil", "enfermería", "soldar", "conducir", "electricista", "carpintero",
    "fontanero", "pintar", "limpieza", "cuidar", "vender", "contabilidad", "agricultura",
    "cosechar", "construcción", "mecánico", "peluquería", "costura", "panadero", "camarero",
    "programación", "informática", "inglés", "gestionar", "jardinería", "ganadería", "pesca",
    "almacén", "reparar",
)  # fmt: skip
WORDS_EN = (
    "cook", "welding", "driver", "nurse", "carpenter", "plumbing", "electrician", "sales",
    "accounting", "farming", "cleaning", "childcare", "hairdresser", "baker", "waiter",
    "programming", "teach", "manage", "forklift", "warehouse", "repair", "garden", "livestock",
    "fishing", "translate",
)  # fmt: skip
PREFIXES = (
    ("es", "co"), ("es", "ma"), ("es", "sol"), ("es", "elec"), ("es", "carp"), ("es", "enfe"),
    ("es", "pa"), ("es", "con"), ("es", "ges"), ("es", "limp"), ("es", "al"), ("es", "coc"),
    ("es", "cui"), ("es", "agri"), ("es", "mec"), ("en", "we"), ("en", "dri"), ("en", "nur"),
    ("en", "acc"), ("en", "far"), ("en", "man"), ("en", "op"), ("en", "clea"), ("en", "sel"),
    ("en", "pro"),
)  # fmt: skip
ACCENTLESS_ES = (
    "albanil", "enfermeria", "mecanico", "peluqueria", "construccion", "jardineria",
    "fontaneria", "electronica", "informatica", "panaderia", "carniceria", "tecnico",
    "ninos", "contabilidad basica", "almacen",
)  # fmt: skip
TYPOS = (
    ("es", "cocinro"), ("es", "enfremeria"), ("es", "soldadra"), ("es", "electrisista"),
    ("es", "carpintro"), ("es", "mecanicco"), ("es", "agriculutra"), ("es", "albanyl"),
    ("en", "welidng"), ("en", "carpeter"), ("en", "electrican"), ("en", "acounting"),
    ("en", "recepcionist"), ("en", "forklfit"), ("en", "plumbng"),
)  # fmt: skip
MULTI_WORD = (
    ("es", "cuidar niños"), ("es", "atención al cliente"), ("es", "conducir camión"),
    ("es", "limpieza de oficinas"), ("es", "gestión de proyectos"), ("es", "primeros auxilios"),
    ("es", "seguridad alimentaria"), ("es", "manejar carretilla elevadora"),
    ("en", "customer service"), ("en", "forklift truck"), ("en", "operate machinery"),
    ("en", "first aid"), ("en", "food safety"), ("en", "project management"),
    ("en", "look after children"),
)  # fmt: skip
CROSS_LANGUAGE = ("cook", "welding", "nurse", "childcare", "forklift", "bricklayer", "plumber")
ISCO_CODES = ("5120", "7112", "2221", "9112", "8322", "22", "5")


def query_set() -> list[tuple[str, str, str]]:
    """(kind, locale, query), in a fixed order. ISCO codes are for the occupation picker."""
    queries = [("word_es", "es", q) for q in WORDS_ES]
    queries += [("word_en", "en", q) for q in WORDS_EN]
    queries += [("prefix", locale, q) for locale, q in PREFIXES]
    queries += [("accentless", "es", q) for q in ACCENTLESS_ES]
    queries += [("typo", locale, q) for locale, q in TYPOS]
    queries += [("multi_word", locale, q) for locale, q in MULTI_WORD]
    queries += [("cross_language", "es", q) for q in CROSS_LANGUAGE]
    queries += [("isco_code", "es", q) for q in ISCO_CODES]
    return queries
