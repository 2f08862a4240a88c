"""The form pages of the Enterprise tab: add and edit a business, move it to another stage,
write or revise its plan, record training, record follow-up visits (the funding and loan pages
are in funding_pages.py). Each loads its case through the scoped loaders and its enterprise
within that case (enterprise.lookups); enterprise.views registers them on the blueprint."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from returnsvc.cases.loaders import workable_case
from returnsvc.core.clock import local_today
from returnsvc.core.forms import select_choices
from returnsvc.core.i18n import message_with
from returnsvc.core.pages import FormPage
from returnsvc.enterprise import services
from returnsvc.enterprise.forms import (
    EditEnterpriseForm,
    EnterpriseForm,
    PlanForm,
    StageForm,
    TrainingForm,
    VisitForm,
    currency_choices,
)
from returnsvc.enterprise.lookups import (
    enterprise_or_404,
    opportunity_choices,
    page_locale,
    programme_choices,
)
from returnsvc.enterprise.models import VISIT_MONTHS, BusinessPlan, FollowUpVisit
from returnsvc.extensions import db
from returnsvc.programmes.models import ProgrammeKind


def tab_url(case, anchor: str | None = None) -> str:
    """The case's Enterprise tab, scrolled to `anchor` if given."""
    return url_for("enterprise.case_enterprises", case_id=case.id, _anchor=anchor)


def enterprise_anchor(enterprise_id: int) -> str:
    """The anchor of one business on the tab."""
    return f"enterprise-{enterprise_id}"


class EnterprisePage(FormPage):
    """A form page about one enterprise of a workable case (the generic form template)."""

    template = "enterprise/form.html"
    heading = ""

    def load(self, case_id, enterprise_id):
        case = workable_case(case_id)
        enterprise = enterprise_or_404(case, enterprise_id)
        return {"case": case, "enterprise": enterprise, "item": enterprise}

    def render(self, form, context):
        return render_template(
            self.template, form=form, heading=self.heading_text(context), **context
        )

    def heading_text(self, context):
        return self.heading

    def done_url(self, result, context):
        return tab_url(context["case"], enterprise_anchor(context["enterprise"].id))


class NewEnterprise(FormPage):
    template = "enterprise/form.html"

    def load(self, case_id):
        return {"case": workable_case(case_id), "enterprise": None}

    def make_form(self, context):
        form = EnterpriseForm()
        case = context["case"]
        country = case.returnee.origin_country
        form.set_choices(country, opportunity_choices(country, page_locale()))
        if not form.is_submitted():
            form.jobs_owner.data = 1
            form.region_code.data = case.returnee.region_code or ""
        return form

    def render(self, form, context):
        return render_template(self.template, form=form, heading=_("Add a business"), **context)

    def save(self, form, context):
        return services.create_enterprise(
            context["case"], form.enterprise_data(), actor=current_user
        )

    def message(self, enterprise, context):
        return message_with(_("Business added: %(name)s"), name=enterprise.name)

    def done_url(self, enterprise, context):
        return tab_url(context["case"], enterprise_anchor(enterprise.id))


class EditEnterprise(EnterprisePage):
    def heading_text(self, context):
        return _("Edit the business")

    def make_form(self, context):
        enterprise = context["enterprise"]
        form = EditEnterpriseForm(obj=enterprise)
        country = context["case"].returnee.origin_country
        form.set_choices(
            country, opportunity_choices(country, page_locale(), enterprise.opportunity_id)
        )
        if not form.is_submitted():
            form.sector.data = enterprise.sector.value
            form.tax_number.data = enterprise.tax_id
            form.version.data = enterprise.version
        return form

    def save(self, form, context):
        return services.update_enterprise(
            context["enterprise"],
            form.enterprise_data(),
            version=form.version.data,
            actor=current_user,
        )


class MoveEnterprise(EnterprisePage):
    def heading_text(self, context):
        return _("Move the business to another stage")

    def make_form(self, context):
        enterprise = context["enterprise"]
        form = StageForm()
        form.set_choices(services.next_stages(enterprise))
        if not form.is_submitted():
            form.version.data = enterprise.version
            form.launched_on.data = enterprise.launched_on
        return form

    def save(self, form, context):
        data = {"launched_on": form.launched_on.data, "closed_on": form.closed_on.data}
        return services.move_enterprise(
            context["enterprise"],
            form.stage.data,
            data,
            version=form.version.data,
            actor=current_user,
        )

    def message(self, previous, context):
        enterprise = context["enterprise"]
        return message_with(
            _("“%(name)s” is now at “%(stage)s”."),
            name=enterprise.name,
            stage=enterprise.stage.label,
        )


class NewPlan(EnterprisePage):
    def load(self, case_id, enterprise_id):
        context = super().load(case_id, enterprise_id)
        context["latest"] = db.session.scalar(
            select(BusinessPlan)
            .where(BusinessPlan.enterprise_id == enterprise_id)
            .order_by(BusinessPlan.version.desc())
            .limit(1)
        )
        return context

    def heading_text(self, context):
        if context["latest"] is not None:
            return _("Revise the business plan")
        return _("Write the business plan")

    def make_form(self, context):
        latest = context["latest"]
        form = PlanForm(obj=latest)  # a revision starts from the latest version
        form.currency.choices = currency_choices(context["case"].returnee.origin_country)
        return form

    def save(self, form, context):
        return services.add_plan_version(
            context["enterprise"], form.plan_data(), actor=current_user
        )

    def message(self, plan, context):
        return message_with(
            _("Version %(version)s of the plan of “%(name)s” saved."),
            version=plan.version,
            name=context["enterprise"].name,
        )


class AddTraining(EnterprisePage):
    def heading_text(self, context):
        return _("Record a training attended")

    def make_form(self, context):
        form = TrainingForm()
        country = context["case"].returnee.origin_country
        programmes = programme_choices(
            country, page_locale(), (ProgrammeKind.TRAINING, ProgrammeKind.ADVISORY)
        )
        form.programme_id.choices = select_choices([("", "—"), *programmes])
        return form

    def save(self, form, context):
        return services.add_training(
            context["enterprise"], form.training_data(), actor=current_user
        )

    def message(self, training, context):
        return _("Training recorded.")


class RecordVisit(EnterprisePage):
    def heading_text(self, context):
        return _("Record a follow-up visit")

    def make_form(self, context):
        enterprise = context["enterprise"]
        recorded = set(
            db.session.scalars(
                select(FollowUpVisit.due_month).where(
                    FollowUpVisit.enterprise_id == enterprise.id,
                    FollowUpVisit.due_month.is_not(None),
                )
            )
        )
        form = VisitForm()
        form.set_choices([m for m in VISIT_MONTHS if m not in recorded])
        country = context["case"].returnee.origin_country
        form.currency.choices = currency_choices(country)
        if not form.is_submitted():
            form.visited_on.data = local_today()
            form.is_operating.data = True
            form.jobs.data = enterprise.jobs
        return form

    def save(self, form, context):
        return services.record_visit(context["enterprise"], form.visit_data(), actor=current_user)

    def message(self, visit, context):
        return _("Visit recorded.")
