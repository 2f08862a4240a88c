"""Micro-enterprise support (issue #15): enterprises, business plans, funding, micro-loans,
follow-up visits and survival."""
