"""What savings campaigns hang on the case workspace: their figure on the programme-outcomes
dashboard (campaigns.report_figures). campaigns.views contributes it."""

from returnsvc.campaigns import report_figures
from returnsvc.cases.workspace import ReportFigure
from returnsvc.core.i18n import lazy_text as _l

__all__ = ["FIGURES"]

FIGURES = (
    ReportFigure(
        "campaigns",
        _l("Savings campaigns"),
        65,
        report_figures.campaign_results,
        "reports/figures/campaigns.html",
        _l(
            "The savings campaigns of the chosen country of return (every country when none is "
            "chosen) whose period overlaps the dashboard's and that enrolled at least one "
            "person of the selection; the 20 that started last are shown. Their results are "
            "counted as on the campaign's page, over the campaign's own period, but only over "
            "the enrolled people of the selection and the savings plans of the selection's "
            "cases: people enrolled; plans opened (started in the campaign's period); people "
            "saving (a deposit booked in it and not reversed); saved, per currency, the "
            "deposits less the withdrawals booked in it, leaving out reversed entries and "
            "interest. By the person's sex."
        ),
        report_figures.campaigns_export,
    ),
)
