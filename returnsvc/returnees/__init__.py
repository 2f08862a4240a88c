"""Returnees: the person, their identity, contact, household, consents and migration history."""
