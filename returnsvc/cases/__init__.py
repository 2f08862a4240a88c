"""Cases: one open case per returnee, its stages, transfers between offices and its access log."""
