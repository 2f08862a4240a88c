"""Demo data for trying the service: offices, staff and returnee accounts, all marked is_demo."""
