"""Audit log: who did what to which record, when (UTC), from where."""
