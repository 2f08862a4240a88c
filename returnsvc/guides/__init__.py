"""Labour-market and business-opportunity guides per origin country, their editions and
entries: managed by programme managers, published for the public explorer. Business
opportunities link to support programmes (programme_links)."""
