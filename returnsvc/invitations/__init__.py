"""Portal access (issue #17): from a case, a counsellor of its office invites the person to the
returnee portal with a single-use link that lasts a week (shown once as a link and a QR code
to print or send, e-mailed when SMTP is configured), re-invites them, and revokes their access.
The person's returnee-role account is linked to their record (Returnee.user_id); the link's
status and every step show on the case, and every step is audited."""
