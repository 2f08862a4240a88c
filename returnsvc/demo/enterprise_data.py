"""The demo micro-enterprises as data: who owns each, its story (see demo.enterprises), plan,
funding, loan, training, jobs and visits, and the dates the stories are told from. Written by
demo.enterprises through the enterprise services."""

from dataclasses import dataclass, field

from returnsvc.partners.models import PartnerKind

# Colombia's demo partners have no microfinance institution: this one lends there.
CO_LENDER = {
    "name": "Bancamía — Oficina Pereira",
    "kind": PartnerKind.MICROFINANCE,
    "country": "CO",
    "region_code": "CO-RIS",
    "city": "Pereira",
    "contact_name": "Sandra Milena Zapata",
    "email": "partner-co-microfinance@demo.returnsvc.org",
    "phone": "",
    "services": "Microcrédito para emprendimientos y capital de trabajo; educación financiera.",
    "is_active": True,
}


@dataclass(frozen=True)
class Plan:
    total: str
    own: str
    revenue: str
    costs: str
    description: str = ""


@dataclass(frozen=True)
class DemoLoan:
    principal: str
    rate: str  # nominal yearly, percent
    term: int
    method: str = "declining"
    grace: int = 0


@dataclass(frozen=True)
class DemoEnterprise:
    owner: tuple[str, str]  # (given names, first surname) of a person of demo/people_data.py
    story: str  # idea, financing, operating, arrears, launched, closed
    name: str
    sector: str
    opportunity: str | None = None  # key of a business opportunity of the country's guide
    plans: tuple[Plan, ...] = ()
    # (kind, amount, note): the own money and grants of the plan
    funding: tuple[tuple[str, str, str], ...] = ()
    seed_grant: tuple[str, str] | None = None  # (programme key, amount)
    loan: DemoLoan | None = None
    training: str | None = None  # programme key (training or advisory)
    jobs: dict = field(default_factory=lambda: {"jobs_owner": 1})
    tax_id: str = ""
    visits: tuple[tuple[int, bool, str, str, str], ...] = ()  # (month, operating, revenue,
    #  problems, next steps)


DEMO_ENTERPRISES = (
    # --- Ecuador (USD) -------------------------------------------------------------------
    DemoEnterprise(
        owner=("Jorge Enrique", "Paredes"),
        story="arrears",
        name="Cevichería El Puerto",
        sector="I",
        opportunity="ec-ceviche-bar",
        plans=(Plan("9000", "2500", "3200", "2500", "Cevichería de barrio con 8 mesas."),),
        funding=(
            ("own_savings", "2500", "Ahorros de los años en España."),
            ("other", "1500", "Ayuda a la reintegración de la OIM (equipamiento de cocina)."),
        ),
        loan=DemoLoan("5000", "18", 18),
        training="ec-secap-training",
        jobs={"jobs_owner": 1, "jobs_family_women": 1, "jobs_employees_men": 1},
        tax_id="1709876543001",
        visits=(
            (3, True, "2900", "", "Mantener el menú corto y revisar los precios del pescado."),
            (6, True, "3100", "", "Probar servicio a domicilio los fines de semana."),
            (
                12,
                True,
                "1900",
                "Bajaron las ventas tras la apertura de un local de comida rápida en la esquina.",
                "Hablar con la cooperativa sobre un nuevo calendario de pagos.",
            ),
        ),
    ),
    DemoEnterprise(
        owner=("Nancy Beatriz", "Chicaiza"),
        story="operating",
        name="Panadería Santa Clara",
        sector="C",
        opportunity="ec-bakery",
        plans=(Plan("6000", "1500", "2400", "1800", "Pan de leña y pastelería por encargo."),),
        funding=(("own_savings", "1500", "Ahorros propios."),),
        loan=DemoLoan("4500", "16", 18),
        training="ec-secap-training",
        jobs={"jobs_owner": 1, "jobs_family_men": 1},
        tax_id="1712345678001",
        visits=(
            (3, True, "2100", "", "Ampliar los pedidos a tiendas del barrio."),
            (6, True, "2500", "", "Contratar una ayudante para las mañanas."),
        ),
    ),
    DemoEnterprise(
        owner=("Wilson Patricio", "Guamán"),
        story="financing",
        name="Acabados Guamán",
        sector="F",
        opportunity="ec-home-finishing",
        plans=(
            Plan(
                "12000",
                "3000",
                "3500",
                "2600",
                "Acabados de construcción: enlucidos, cerámica y pintura para viviendas en Cuenca.",
            ),
            Plan(
                "10500",
                "4000",
                "3300",
                "2400",
                "Revisado: herramienta de segunda mano y "
                "furgoneta compartida; el pago APRE entra como aporte propio.",
            ),
        ),  # fmt: skip
        funding=(
            ("apre", "2500", "Pago APRE."),
            ("own_savings", "1500", ""),
        ),
        seed_grant=("ec-gad-seed-capital", "2000"),
        loan=DemoLoan("4500", "15", 24),
    ),
    DemoEnterprise(
        owner=("María Fernanda", "Quizhpi"),
        story="idea",
        name="Cuidados a domicilio en Gualaceo",
        sector="Q",
        opportunity="ec-home-care-service",
    ),
    # --- Colombia (COP) ------------------------------------------------------------------
    DemoEnterprise(
        owner=("Luz Dary", "Cárdenas"),
        story="operating",
        name="Cuidar en Casa Pereira",
        sector="Q",
        opportunity="co-home-care-agency",
        plans=(
            Plan(
                "32000000",
                "8000000",
                "9500000",
                "7000000",
                "Agencia de auxiliares de enfermería a domicilio.",
            ),
        ),  # fmt: skip
        funding=(
            ("apre", "6000000", "Pago APRE."),
            ("own_savings", "2000000", ""),
        ),
        seed_grant=("co-fondo-emprender", "10000000"),
        loan=DemoLoan("14000000", "26", 24),
        training="co-sena-training",
        jobs={"jobs_owner": 1, "jobs_employees_women": 2},
        tax_id="901234567-8",
        visits=(
            (3, True, "7800000", "", "Conseguir convenio con una EPS."),
            (6, True, "9200000", "", "Formar a una tercera auxiliar."),
        ),
    ),
    DemoEnterprise(
        owner=("John Fredy", "Osorio"),
        story="idea",
        name="Taller de motos Osorio",
        sector="G",
        opportunity="co-motorcycle-workshop",
    ),
    # --- Bolivia (BOB) -------------------------------------------------------------------
    DemoEnterprise(
        owner=("Freddy", "Vargas"),
        story="operating",
        name="Acabados Vargas",
        sector="F",
        opportunity="bo-building-finishes",
        plans=(Plan("55000", "15000", "14000", "10500", "Acabados y remodelación."),),
        funding=(
            ("own_savings", "8000", ""),
            ("other", "7000", "Ayuda a la reintegración de la OIM (herramientas)."),
        ),
        loan=DemoLoan("40000", "20", 24),
        training="bo-infocal-training",
        jobs={"jobs_owner": 1, "jobs_employees_men": 2},
        tax_id="4567891012",
        visits=(
            (3, True, "12500", "", "Presupuestos por escrito a cada cliente."),
            (6, True, "14800", "Retrasos en el cobro de dos obras.", "Pedir anticipos del 30 %."),
        ),
    ),
    DemoEnterprise(
        owner=("Rosa", "Mamani"),
        story="financing",
        name="Panadería Doña Rosa",
        sector="C",
        opportunity="bo-neighbourhood-bakery",
        plans=(
            Plan("38000", "8000", "11000", "8500", "Panadería de barrio con horno a gas."),
            Plan(
                "34000",
                "10000",
                "10500",
                "7800",
                "Revisado: horno usado y local más pequeño; el pago APRE se suma al aporte propio.",
            ),
        ),  # fmt: skip
        funding=(
            ("apre", "6000", "Pago APRE."),
            ("own_savings", "4000", ""),
        ),
        seed_grant=("bo-municipal-seed", "7000"),
        loan=DemoLoan("17000", "18", 24),
    ),
    DemoEnterprise(
        owner=("Juan Carlos", "Choque"),
        story="closed",
        name="Hortalizas del Alto",
        sector="A",
        plans=(Plan("20000", "20000", "5000", "4200", "Invernadero de hortalizas."),),
        funding=(("own_savings", "20000", "Ahorros propios."),),
        jobs={"jobs_owner": 1, "jobs_family_women": 1},
        visits=(
            (
                3,
                True,
                "3100",
                "Una helada dañó la mitad de la producción.",
                "Buscar un seguro agrícola y cubrir el invernadero.",
            ),
        ),
    ),
    # --- Peru (PEN) ----------------------------------------------------------------------
    DemoEnterprise(
        owner=("Milagros", "Huamán"),
        story="operating",
        name="Bodega Milagros",
        sector="G",
        plans=(Plan("24000", "6000", "9000", "7200", "Bodega de barrio en Lima."),),
        funding=(
            ("apre", "4000", "Pago APRE."),
            ("own_savings", "2000", ""),
        ),
        loan=DemoLoan("18000", "32", 24),
        training="pe-produce-advisory",
        jobs={"jobs_owner": 1, "jobs_family_men": 1},
        tax_id="10456789123",
        visits=(
            (3, True, "8200", "", "Llevar el inventario en la aplicación del banco."),
            (6, True, "9400", "", "Ampliar horario los domingos."),
        ),
    ),
    DemoEnterprise(
        owner=("César Augusto", "Quispe"),
        story="closed",
        name="Hospedaje Qosqo Wasi",
        sector="I",
        opportunity="pe-tourist-hostel",
        plans=(Plan("45000", "30000", "7500", "6000", "Hospedaje familiar de 6 habitaciones."),),
        funding=(
            ("own_savings", "30000", ""),
            ("other", "15000", "Ayuda a la reintegración de la OIM."),
        ),
        jobs={"jobs_owner": 1, "jobs_family_women": 1},
        visits=(
            (3, True, "6800", "", "Registrarse en las plataformas de reservas."),
            (6, True, "4100", "Pocas reservas fuera de temporada.", "Buscar convenios."),
        ),
    ),
    DemoEnterprise(
        owner=("Yessenia", "Vásquez"),
        story="launched",
        name="Menú Yessenia",
        sector="I",
        opportunity="pe-set-menu-restaurant",
        plans=(Plan("15000", "5000", "6000", "4800", "Menú del día en Trujillo."),),
        funding=(("own_savings", "5000", ""),),
        loan=DemoLoan("10000", "30", 18, method="flat", grace=1),
        jobs={"jobs_owner": 1, "jobs_family_women": 1},
    ),
)

# How long ago (days) each story's business opened and, if closed, closed.
LAUNCHED_DAYS_AGO = {"operating": 243, "arrears": 425, "launched": 97}
CLOSED = {("Juan Carlos", "Choque"): (275, 125), ("César Augusto", "Quispe"): (335, 60)}
# Repayments stop this many days ago on the loan in arrears: its oldest unpaid instalment is
# then due between 31 and 62 days ago (more than 30 days past due, whatever the month lengths).
ARREARS_STOP_DAYS = 62
