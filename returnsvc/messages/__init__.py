"""Messages between a returnee and the counsellors of their case (issue #17)."""
