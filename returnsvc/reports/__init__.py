"""Programme outcomes for managers (issue #18): the dashboard, its help page, its exports and
the health-professionals report.

The figures are registered by the case features through the case workspace
(`cases.workspace.ReportFigure`), so a feature left out of the app leaves its figures out.
Every figure reads the cases of one `Scope` (reports.filters): the cases the viewer may see
(cases.visibility), narrowed by the filters in the URL.
"""
