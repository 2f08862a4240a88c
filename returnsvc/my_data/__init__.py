"""My data (issue #17): what the service holds about a returnee, shown to them in the portal,
with a request to correct their contact details (approved by their counsellor), withdrawal of
the sharing and statistics consents, and the download of their own subject-access record."""
