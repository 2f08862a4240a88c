"""Savings (issue #16): savings plans and their append-only ledger."""
