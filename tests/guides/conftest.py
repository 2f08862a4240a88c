"""Fixtures of the guide-management tests."""

import pytest

from tests.guides.helpers import taxonomy


@pytest.fixture
def sample(app, tx):
    """The sample taxonomy, committed; {name: ESCO id} ("weld", "cook"...)."""
    return taxonomy(app)


@pytest.fixture
def manager(make):
    return make.user("manager", locale="en")
