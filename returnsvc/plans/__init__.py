"""The reintegration plan of a case: goals by dimension and the actions towards them."""
