"""Everyday trade words → ISCO-08 unit groups (taxonomy.trades).

The words people use for their own trade, as they say them: Spanish in both genders and the
Andean usage (chofer, mesero, gasfitero, niñera, técnica en enfermería...), and English. Each
row is (the unit groups, best first, space-separated; the words). Words are written in the
singular, with their accents; matching folds accents and case and accepts a plural "s"/"es".
A longer phrase wins over the shorter words inside it ("ayudante de cocina" is not a cook).
"""

TRADE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Health
    (
        "2221",
        (
            "enfermero",
            "enfermera",
            "licenciado en enfermería",
            "licenciada en enfermería",
            "nurse",
            "registered nurse",
        ),
    ),
    (
        "3221",
        (
            "técnico en enfermería",
            "técnica en enfermería",
            "técnico de enfermería",
            "técnica de enfermería",
            "nursing technician",
        ),
    ),
    (
        "3221 5321",
        (
            "auxiliar de enfermería",
            "asistente de enfermería",
            "nursing auxiliary",
            "nursing assistant",
            "nurse aide",
            "nursing aide",
        ),
    ),
    ("2211", ("médico", "médica", "doctor", "doctora", "physician")),
    ("2222 3222", ("partera", "partero", "obstetra", "midwife")),
    # Care and the home
    (
        "5311",
        (
            "niñera",
            "niñero",
            "cuidadora de niños",
            "cuidador de niños",
            "nanny",
            "babysitter",
            "childminder",
            "child care worker",
        ),
    ),
    (
        "5322",
        (
            "cuidador de ancianos",
            "cuidadora de ancianos",
            "cuidador de adultos mayores",
            "cuidadora de adultos mayores",
            "cuidador",
            "cuidadora",
            "caregiver",
            "carer",
            "care worker",
            "home care worker",
            "elderly carer",
        ),
    ),
    (
        "9111",
        (
            "empleada doméstica",
            "empleado doméstico",
            "trabajadora del hogar",
            "trabajador del hogar",
            "trabajadora doméstica",
            "trabajador doméstico",
            "domestic worker",
            "housekeeper",
            "maid",
        ),
    ),
    ("9112 9111", ("limpiador", "limpiadora", "personal de limpieza", "cleaner")),
    ("5153", ("conserje", "janitor", "caretaker")),
    # Hospitality and tourism
    ("5120", ("cocinero", "cocinera", "cook")),
    ("3434 5120", ("chef", "jefe de cocina", "jefa de cocina")),
    (
        "9412",
        (
            "ayudante de cocina",
            "auxiliar de cocina",
            "lavaplatos",
            "kitchen helper",
            "kitchen assistant",
            "kitchen porter",
            "dishwasher",
        ),
    ),
    ("5131", ("mesero", "mesera", "camarero", "camarera", "mozo", "moza", "waiter", "waitress")),
    ("5132", ("bartender", "barman", "barista")),
    (
        "5113",
        (
            "guía de turismo",
            "guía turístico",
            "guía turística",
            "guía",
            "tour guide",
            "travel guide",
        ),
    ),
    ("4226 4224", ("recepcionista", "receptionist")),
    # Building trades
    ("7112", ("albañil", "bricklayer", "mason", "brick mason")),
    (
        "3123 7111",
        ("maestro de obra", "maestro de obras", "maestra de obra", "construction foreman"),
    ),
    (
        "9313",
        (
            "peón de construcción",
            "ayudante de construcción",
            "ayudante de albañil",
            "obrero de construcción",
            "obrera de construcción",
            "construction worker",
            "construction labourer",
            "construction laborer",
            "building labourer",
        ),
    ),
    ("7411", ("electricista", "electrician")),
    (
        "7126",
        (
            "gasfitero",
            "gasfitera",
            "gásfiter",
            "fontanero",
            "fontanera",
            "plomero",
            "plomera",
            "plumber",
        ),
    ),
    ("7115", ("carpintero", "carpintera", "carpenter")),
    ("7522", ("ebanista", "cabinetmaker", "cabinet maker", "joiner")),
    ("7131", ("pintor", "pintora", "pintor de brocha gorda", "painter", "house painter")),
    ("7122", ("ceramista", "azulejero", "azulejera", "tiler")),
    ("7123", ("yesero", "yesera", "plasterer")),
    ("7114", ("fierrero", "encofrador", "concrete worker", "steel fixer")),
    # Metal and vehicles
    ("7212", ("soldador", "soldadora", "welder")),
    (
        "7231",
        (
            "mecánico",
            "mecánica",
            "mecánico automotriz",
            "mecánica automotriz",
            "mechanic",
            "car mechanic",
            "motor mechanic",
        ),
    ),
    ("8322 8332 8331", ("chofer", "chófer", "conductor", "conductora", "driver")),
    ("8322", ("taxista", "taxi driver", "car driver")),
    (
        "8332",
        (
            "camionero",
            "camionera",
            "chofer de camión",
            "conductor de camión",
            "conductora de camión",
            "trailero",
            "truck driver",
            "lorry driver",
        ),
    ),
    ("8331", ("chofer de bus", "conductor de bus", "chofer de autobús", "bus driver")),
    (
        "8344",
        (
            "montacarguista",
            "operador de montacargas",
            "operadora de montacargas",
            "forklift driver",
            "forklift operator",
        ),
    ),
    ("8341", ("tractorista", "operador de maquinaria agrícola", "tractor driver")),
    ("9621 8321", ("repartidor", "repartidora", "delivery driver", "delivery rider", "courier")),
    # Food trades and garments
    (
        "7512",
        (
            "panadero",
            "panadera",
            "pastelero",
            "pastelera",
            "repostero",
            "repostera",
            "baker",
            "pastry cook",
        ),
    ),
    ("7511", ("carnicero", "carnicera", "butcher")),
    (
        "7531 7533",
        ("costurera", "costurero", "modista", "sastre", "seamstress", "tailor", "dressmaker"),
    ),
    ("7536", ("zapatero", "zapatera", "shoemaker", "cobbler")),
    (
        "5141",
        ("peluquero", "peluquera", "estilista", "barbero", "hairdresser", "barber", "hairstylist"),
    ),
    # Farming
    ("6111 6112 6130", ("agricultor", "agricultora", "campesino", "campesina", "farmer")),
    (
        "9211",
        (
            "jornalero",
            "jornalera",
            "peón agrícola",
            "jornalero agrícola",
            "jornalera agrícola",
            "trabajador agrícola",
            "trabajadora agrícola",
            "farm worker",
            "farmworker",
            "farmhand",
            "farm labourer",
            "farm laborer",
        ),
    ),
    (
        "6121",
        (
            "ganadero",
            "ganadera",
            "ordeñador",
            "ordeñadora",
            "vaquero",
            "livestock farmer",
            "cattle farmer",
            "milker",
            "dairy worker",
        ),
    ),
    ("6113", ("jardinero", "jardinera", "gardener")),
    ("6222", ("pescador", "pescadora", "fisherman", "fisher")),
    # Shops, offices, security
    (
        "5223",
        (
            "vendedor",
            "vendedora",
            "dependiente",
            "dependienta",
            "shop assistant",
            "sales assistant",
            "salesperson",
        ),
    ),
    ("9520 5212", ("vendedor ambulante", "vendedora ambulante", "street vendor")),
    ("5230", ("cajero", "cajera", "cashier")),
    (
        "5414",
        ("guardia de seguridad", "guardia", "vigilante", "guardián", "security guard", "watchman"),
    ),
    ("4120", ("secretaria", "secretario", "secretary")),
    ("2411", ("contador", "contadora", "contable", "accountant")),
    ("4311", ("auxiliar contable", "tenedor de libros", "bookkeeper")),
    ("2330 2341", ("profesor", "profesora", "docente", "teacher")),
    ("2341", ("maestro", "maestra", "primary teacher", "schoolteacher")),
    # Computing
    (
        "2512 2514",
        (
            "programador",
            "programadora",
            "desarrollador de software",
            "desarrolladora de software",
            "programmer",
            "software developer",
        ),
    ),
    (
        "3512",
        (
            "técnico en informática",
            "técnica en informática",
            "soporte técnico",
            "it support",
            "it technician",
        ),
    ),
)
