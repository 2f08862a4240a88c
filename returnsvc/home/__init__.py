"""Landing page, signed-in home, language switch, health check."""
