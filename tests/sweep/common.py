"""Shared status rows for the sweep tables."""

ROLES = ("anonymous", "returnee", "counsellor", "manager", "admin")
OPEN = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": 302, "returnee": 200, "counsellor": 200, "manager": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 302, "returnee": 403, "counsellor": 403, "manager": 403, "admin": 200}
LANDING = {"anonymous": 200, "returnee": 302, "counsellor": 302, "manager": 302, "admin": 302}
# Case pages: the signed-in counsellor/manager belong to the case's office (see SweepWorld);
# admins read everything; returnees have no access to casework.
CASE_READ = {"anonymous": 302, "returnee": 403, "counsellor": 200, "manager": 200, "admin": 200}


def status(anonymous, returnee, counsellor, manager, admin) -> dict:
    """A row written positionally, in ROLES order."""
    return dict(zip(ROLES, (anonymous, returnee, counsellor, manager, admin), strict=True))
