"""The permission sweep's tables, one module per feature, merged here.

Each module defines EXPECTED = {endpoint: (method, url, {role: status})} and may define
PLACEHOLDERS = {name: builder(world) -> value} for `{name}` parts of its URLs. SweepWorld gives
builders a home office (the signed-in staff belong to it), the signed-in user (world.user, None
for anonymous) and a case of that office (world.case, built on first use).
"""

import importlib
import pkgutil

from tests.sweep.common import ROLES


class SweepWorld:
    def __init__(self, app, make):
        self.app = app
        self.make = make
        self.home_office = make.office("ES")
        self.user = None
        self._case = None

    def link_returnee(self, user) -> None:
        """Make the signed-in returnee a person of their own, with a case at the home office
        (not world.case): the sweep runs the returnee role as someone whose portal has data."""
        from returnsvc.extensions import db
        from returnsvc.returnees.models import Returnee

        own = self.make.case(office_id=self.home_office.id, given_names="Propia")
        with self.app.app_context():
            db.session.get(Returnee, own.returnee_id).user_id = user.id
            db.session.commit()
        self.own_case = own

    @property
    def case(self):
        if self._case is None:
            counsellor_id = None
            if self.user is not None and self.user.role.value == "counsellor":
                counsellor_id = self.user.id
            self._case = self.make.case(office_id=self.home_office.id, counsellor_id=counsellor_id)
        return self._case


EXPECTED: dict = {}
# Routes that change content of one country (guides, programmes, practices, partners):
# {endpoint: (the content's country, status for a manager of that country)}; a manager of
# another country gets 403 (test_permission_sweep).
COUNTRY_SCOPED: dict = {}
PLACEHOLDERS: dict = {
    "user_id": lambda world: world.make.user("returnee").id,
    "office_id": lambda world: world.make.office().id,
    "case_id": lambda world: world.case.id,
}

for _info in pkgutil.iter_modules(__path__):
    if _info.name == "common":
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    _overlap = set(EXPECTED) & set(_module.EXPECTED)
    assert not _overlap, f"endpoints listed twice: {_overlap}"
    EXPECTED.update(_module.EXPECTED)
    COUNTRY_SCOPED.update(getattr(_module, "COUNTRY_SCOPED", {}))
    PLACEHOLDERS.update(getattr(_module, "PLACEHOLDERS", {}))

__all__ = ["COUNTRY_SCOPED", "EXPECTED", "PLACEHOLDERS", "ROLES", "SweepWorld"]
