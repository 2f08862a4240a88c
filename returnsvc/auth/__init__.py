"""Accounts: sign in and out, passwords, one-time password links, the session version."""
