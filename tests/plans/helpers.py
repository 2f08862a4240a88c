"""Helpers shared by the plan and partner tests."""

from tests.helpers import count_statements  # noqa: F401 - re-exported
