"""The returnee portal (issue #17): what a returnee sees of their own case, at /my.

The portal reads only the signed-in person's own record (`access.own_returnee`): no portal
URL carries a person's or a case's id. Its pages beyond the home are the portal sections
that case features register in the case workspace (`cases.workspace.PortalSection`): their
plan, their opportunities, their savings, their business, their messages, their data. A
feature left out of the app leaves no trace in the portal.
"""
