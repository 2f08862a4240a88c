"""Labour-market and business-opportunity guides per origin country, support programmes and
good practices: managed by programme managers, published for the public explorer."""
