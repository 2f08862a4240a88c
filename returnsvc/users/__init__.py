"""Administration of user accounts (services live in returnsvc.auth.services)."""
