"""Demo partner organisations: a few realistic ones per programme country, marked `is_demo`.

Names are of the kind of institution each country really has (public training services,
savings and credit cooperatives, microfinance institutions, psychosocial services, NGOs);
contact details are invented (example.org addresses, no real phone numbers).
"""

from sqlalchemy import func, select

from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.partners.services import create_partner

# (name, kind, country, region code, city, contact, services)
DEMO_PARTNERS = (
    (
        "Cruz Roja Española — Programa de Retorno Voluntario",
        PartnerKind.OTHER,
        "ES",
        "ES-MD",
        "Madrid",
        "Elena Martín",
        "Información y acompañamiento para el retorno voluntario; ayuda para el viaje y "
        "primera acogida en el país de origen.",
    ),
    (
        "Accem — Servicio de Orientación para el Retorno",
        PartnerKind.OTHER,
        "ES",
        "ES-CT",
        "Barcelona",
        "Jordi Puig",
        "Orientación sociolaboral antes del retorno y preparación de planes de negocio.",
    ),
    (
        "Centro de Salud Mental Comunitario Murcia Este",
        PartnerKind.PSYCHOSOCIAL,
        "ES",
        "ES-MC",
        "Murcia",
        "Dra. Carmen Navarro",
        "Atención psicológica a personas migrantes que preparan el retorno; duelo migratorio.",
    ),
    (
        "Fundación Infocal Cochabamba",
        PartnerKind.TRAINING,
        "BO",
        "BO-C",
        "Cochabamba",
        "Ing. Marcelo Rojas",
        "Formación técnica (mecánica automotriz, electricidad, gastronomía) con certificación.",
    ),
    (
        "BancoSol — Agencia Santa Cruz Centro",
        PartnerKind.MICROFINANCE,
        "BO",
        "BO-S",
        "Santa Cruz de la Sierra",
        "Lic. Patricia Suárez",
        "Microcréditos para emprendimientos y cuentas de ahorro para personas retornadas.",
    ),
    (
        "Pro Mujer Bolivia — La Paz",
        PartnerKind.MICROFINANCE,
        "BO",
        "BO-L",
        "La Paz",
        "Lic. Ximena Quispe",
        "Crédito y capacitación financiera para mujeres emprendedoras; servicios de salud básica.",
    ),
    (
        "SENA — Centro de Comercio y Servicios Pereira",
        PartnerKind.TRAINING,
        "CO",
        "CO-RIS",
        "Pereira",
        "Luis Fernando Osorio",
        "Cursos técnicos y tecnológicos gratuitos; certificación de competencias laborales.",
    ),
    (
        "SENA — Centro de Gestión de Mercados Bogotá",
        PartnerKind.TRAINING,
        "CO",
        "CO-DC",
        "Bogotá",
        "Paola Andrea Ruiz",
        "Formación en emprendimiento y acceso al Fondo Emprender.",
    ),
    (
        "Caja de Compensación Familiar de Risaralda",
        PartnerKind.OTHER,
        "CO",
        "CO-RIS",
        "Pereira",
        "Carolina Gaviria",
        "Intermediación laboral, subsidio de desempleo y programas de vivienda.",
    ),
    (
        "Cooperativa de Ahorro y Crédito Jardín Azuayo",
        PartnerKind.MICROFINANCE,
        "EC",
        "EC-A",
        "Cuenca",
        "Ing. Diego Peralta",
        "Cuentas de ahorro programado y microcrédito para emprendimientos de personas retornadas.",
    ),
    (
        "SECAP — Centro Operativo Quito",
        PartnerKind.TRAINING,
        "EC",
        "EC-P",
        "Quito",
        "Lcda. Verónica Andrade",
        "Capacitación y certificación de competencias laborales.",
    ),
    (
        "Empacadora del Pacífico S.A.",
        PartnerKind.EMPLOYER,
        "EC",
        "EC-G",
        "Guayaquil",
        "Jorge Mendoza (talento humano)",
        "Empleo en planta de procesamiento y logística; contratación de personas con "
        "experiencia en la industria alimentaria.",
    ),
    (
        "Centro de Salud Mental Comunitario San Juan de Lurigancho",
        PartnerKind.PSYCHOSOCIAL,
        "PE",
        "PE-LMA",
        "Lima",
        "Ps. Rocío Huamán",
        "Atención psicosocial gratuita: duelo migratorio, ansiedad y reintegración familiar.",
    ),
    (
        "SENATI — Sede Independencia",
        PartnerKind.TRAINING,
        "PE",
        "PE-LMA",
        "Lima",
        "Ing. César Salazar",
        "Formación profesional técnica en mecánica, soldadura y electricidad industrial.",
    ),
    (
        "Caja Municipal de Ahorro y Crédito de Arequipa",
        PartnerKind.MICROFINANCE,
        "PE",
        "PE-ARE",
        "Arequipa",
        "Lic. Mariela Chávez",
        "Créditos para micro y pequeñas empresas; depósitos de ahorro.",
    ),
    # Banks and savings cooperatives: where the demo savings plans (demo.savings) are kept.
    (
        "Cooperativa de Ahorro y Crédito Jesús Nazareno — Agencia Cochabamba",
        PartnerKind.FINANCIAL,
        "BO",
        "BO-C",
        "Cochabamba",
        "Lic. Verónica Rojas",
        "Cuentas de ahorro programado y depósitos a plazo; recepción de remesas.",
    ),
    (
        "Banco Caja Social — Oficina Pereira",
        PartnerKind.FINANCIAL,
        "CO",
        "CO-RIS",
        "Pereira",
        "Diana Carolina Ospina",
        "Ahorro programado para vivienda y negocio; pago de giros internacionales.",
    ),
    (
        "Cooperativa de Ahorro y Crédito JEP — Agencia Cuenca",
        PartnerKind.FINANCIAL,
        "EC",
        "EC-A",
        "Cuenca",
        "Ing. Paúl Sarmiento",
        "Ahorro programado y cuentas para migrantes; remesas desde España.",
    ),
    (
        "Caja Municipal de Ahorro y Crédito Huancayo — Agencia Lima",
        PartnerKind.FINANCIAL,
        "PE",
        "PE-LIM",
        "Lima",
        "Lic. Rocío Palomino",
        "Depósitos de ahorro programado y cobro de remesas del exterior.",
    ),
)


def seed_demo_partners() -> list[Partner]:
    """Create the demo partners (reusing any that already exist by country and name) and
    return them. Flushes; the caller commits."""
    partners = []
    for n, (name, kind, country, region, city, contact, services) in enumerate(DEMO_PARTNERS, 1):
        existing = db.session.scalar(
            select(Partner).where(
                Partner.country == country, func.lower(Partner.name) == func.lower(name)
            )
        )
        if existing is not None:
            partners.append(existing)
            continue
        partners.append(
            create_partner(
                {
                    "name": name,
                    "kind": kind,
                    "country": country,
                    "region_code": region,
                    "city": city,
                    "contact_name": contact,
                    "email": f"partner{n:02d}@demo.returnsvc.org",
                    "phone": "",
                    "services": services,
                    "is_active": True,
                },
                actor=None,
                is_demo=True,
            )
        )
    return partners
