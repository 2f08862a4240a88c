"""PES offices and partner desks, in Spain and the origin countries."""
