"""Load the demo data set. Every row is marked `is_demo` so it can be found and removed.

Passwords are random, returned to the caller to print once, and never stored in clear.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from returnsvc.auth import services as accounts
from returnsvc.auth.models import User
from returnsvc.core.enums import Role
from returnsvc.demo.apre import seed_demo_apre
from returnsvc.demo.campaigns import seed_demo_campaigns
from returnsvc.demo.enterprises import seed_demo_enterprises
from returnsvc.demo.guides import load_demo_guides
from returnsvc.demo.people import seed_demo_cases
from returnsvc.demo.portal import seed_demo_portal
from returnsvc.demo.savings import seed_demo_savings
from returnsvc.extensions import db
from returnsvc.invitations.services import link_account
from returnsvc.offices.services import create_office
from returnsvc.partners.demo import seed_demo_partners
from returnsvc.returnees.models import Returnee
from returnsvc.taxonomy.demo_data import load_demo_taxonomy

# (key, name, country, region, city)
DEMO_OFFICES = (
    ("madrid", "Oficina de Retorno Madrid", "ES", "Comunidad de Madrid", "Madrid"),
    ("barcelona", "Oficina de Retorno Barcelona", "ES", "Cataluña", "Barcelona"),
    ("murcia", "Oficina de Retorno Murcia", "ES", "Región de Murcia", "Murcia"),
    ("cochabamba", "Servicio de Empleo Cochabamba", "BO", "Cochabamba", "Cochabamba"),
    ("santa_cruz", "Servicio de Empleo Santa Cruz", "BO", "Santa Cruz", "Santa Cruz de la Sierra"),
    ("bogota", "Agencia de Empleo Bogotá", "CO", "Bogotá D.C.", "Bogotá"),
    ("pereira", "Agencia de Empleo Pereira", "CO", "Risaralda", "Pereira"),
    ("quito", "Red Socio Empleo Quito", "EC", "Pichincha", "Quito"),
    ("guayaquil", "Red Socio Empleo Guayaquil", "EC", "Guayas", "Guayaquil"),
    ("cuenca", "Red Socio Empleo Cuenca", "EC", "Azuay", "Cuenca"),
    ("lima", "Centro de Empleo Lima", "PE", "Lima", "Lima"),
)

# (email, full name, role, office key or None, preferred locale)
DEMO_PEOPLE = (
    ("admin@demo.returnsvc.org", "Ana Belén Ortega Ruiz", Role.ADMIN, None, "es"),
    ("manager.es@demo.returnsvc.org", "Javier Morales Pastor", Role.MANAGER, "madrid", "es"),
    ("manager.bo@demo.returnsvc.org", "Carla Mamani Quispe", Role.MANAGER, "cochabamba", "es"),
    ("manager.co@demo.returnsvc.org", "Andrés Felipe Rincón Gómez", Role.MANAGER, "bogota", "es"),
    ("manager.ec@demo.returnsvc.org", "María José Andrade Vera", Role.MANAGER, "quito", "es"),
    ("manager.pe@demo.returnsvc.org", "Luis Alberto Huamán Flores", Role.MANAGER, "lima", "es"),
    (
        "counsellor.madrid@demo.returnsvc.org",
        "Lucía Fernández García",
        Role.COUNSELLOR,
        "madrid",
        "es",
    ),
    (
        "counsellor.murcia@demo.returnsvc.org",
        "Pedro Sánchez Moreno",
        Role.COUNSELLOR,
        "murcia",
        "es",
    ),
    (
        "counsellor.cochabamba@demo.returnsvc.org",
        "Rosa Condori Choque",
        Role.COUNSELLOR,
        "cochabamba",
        "es",
    ),
    (
        "counsellor.pereira@demo.returnsvc.org",
        "Diana Marcela Ospina Ríos",
        Role.COUNSELLOR,
        "pereira",
        "es",
    ),
    (
        "counsellor.quito@demo.returnsvc.org",
        "Jorge Luis Cevallos Paredes",
        Role.COUNSELLOR,
        "quito",
        "es",
    ),
    # Every demo office has a counsellor (a transfer needs someone to take the case).
    (
        "counsellor.barcelona@demo.returnsvc.org",
        "Montserrat Puig Ferrer",
        Role.COUNSELLOR,
        "barcelona",
        "es",
    ),
    (
        "counsellor.santacruz@demo.returnsvc.org",
        "Marcelo Justiniano Suárez",
        Role.COUNSELLOR,
        "santa_cruz",
        "es",
    ),
    (
        "counsellor.bogota@demo.returnsvc.org",
        "Catalina Herrera Duarte",
        Role.COUNSELLOR,
        "bogota",
        "es",
    ),
    (
        "counsellor.guayaquil@demo.returnsvc.org",
        "Washington Zambrano Mera",
        Role.COUNSELLOR,
        "guayaquil",
        "es",
    ),
    (
        "counsellor.cuenca@demo.returnsvc.org",
        "Fernanda Ochoa Quezada",
        Role.COUNSELLOR,
        "cuenca",
        "es",
    ),
    ("counsellor.lima@demo.returnsvc.org", "Milagros Quispe Rojas", Role.COUNSELLOR, "lima", "es"),
    # Returnees belong to no office: each follows their own case, wherever it is held. Their
    # accounts are linked to their records once the demo people exist (DEMO_PORTAL_ACCOUNTS).
    ("returnee.ec@demo.returnsvc.org", "Wilson Patricio Guamán Loja", Role.RETURNEE, None, "es"),
    ("returnee.co@demo.returnsvc.org", "Luz Dary Cárdenas Mejía", Role.RETURNEE, None, "es"),
    ("returnee.bo@demo.returnsvc.org", "Freddy Vargas Mendoza", Role.RETURNEE, None, "es"),
)

# The demo returnee accounts and the demo people (demo/people_data.py) they are the portal accounts
# of: (account e-mail, given names, first surname).
DEMO_PORTAL_ACCOUNTS = (
    ("returnee.ec@demo.returnsvc.org", "Wilson Patricio", "Guamán"),
    ("returnee.co@demo.returnsvc.org", "Luz Dary", "Cárdenas"),
    ("returnee.bo@demo.returnsvc.org", "Freddy", "Vargas"),
)


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    role: Role
    password: str | None  # None when the account already existed (password not known)


def has_any_users() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def seed_demo() -> list[DemoSignIn]:
    """Create the demo offices and accounts with fresh random passwords."""
    offices = {
        key: create_office(
            {"name": name, "country": country, "region": region, "city": city},
            actor=None,
            is_demo=True,
        )
        for key, name, country, region, city in DEMO_OFFICES
    }
    sign_ins = []
    for email, full_name, role, office_key, locale in DEMO_PEOPLE:
        user = accounts.create_user(
            {
                "email": email,
                "full_name": full_name,
                "role": role.value,
                "office_id": offices[office_key].id if office_key else None,
                "preferred_locale": locale,
                "is_demo": True,
            },
            actor=None,
        )
        password = _random_password()
        accounts.assign_password(user, password, actor=None)
        sign_ins.append(DemoSignIn(email, role, password))
    load_demo_taxonomy()
    load_demo_guides()
    partners = seed_demo_partners()
    seed_demo_cases(partners)
    seed_demo_enterprises(partners)
    seed_demo_savings(partners)
    seed_demo_apre()
    seed_demo_campaigns()
    link_demo_portal_accounts()
    seed_demo_portal()
    return sign_ins


def link_demo_portal_accounts() -> int:
    """Link each demo returnee account to its person, through the invitations' own linking
    (returnee accounts only, one person each). Linked already: left as it is, so running
    this again changes nothing. Returns how many were linked now."""
    linked = 0
    for email, given_names, first_surname in DEMO_PORTAL_ACCOUNTS:
        user = accounts.find_user_by_email(email)
        returnee = db.session.scalar(
            select(Returnee).where(
                Returnee.is_demo.is_(True),
                Returnee.given_names == given_names,
                Returnee.first_surname == first_surname,
            )
        )
        if user is None or returnee is None or returnee.user_id is not None:
            continue
        linked += link_account(returnee, user, actor=None)
    return linked


def reset_demo_passwords() -> list[DemoSignIn]:
    """New random passwords for every active demo account (their old ones stop working)."""
    users = db.session.scalars(
        select(User).where(User.is_demo.is_(True), User.is_active.is_(True)).order_by(User.id)
    )
    sign_ins = []
    for user in users:
        password = _random_password()
        accounts.assign_password(user, password, actor=None)
        sign_ins.append(DemoSignIn(user.email, user.role, password))
    return sign_ins


def demo_accounts() -> list[DemoSignIn]:
    users = db.session.scalars(select(User).where(User.is_demo.is_(True)).order_by(User.id))
    return [DemoSignIn(u.email, u.role, None) for u in users]


def _random_password() -> str:
    # 16 URL-safe characters: typable, far from any common-password list.
    return secrets.token_urlsafe(12)
