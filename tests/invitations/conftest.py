from tests.invitations.helpers import mailbox  # noqa: F401 - the fixture
