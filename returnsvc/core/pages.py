"""The one way a record's pages are written: Flask's MethodView, with the steps every
create / edit / delete page takes written once.

A page class says what differs (its form, template, service and messages) by overriding a few
methods; `load` does the scoped lookup (404/403 inside) and returns the objects the page works
on, which every other step receives as `context`. Register it with `add_page`:

    class EditGoal(FormPage):
        template = "plans/goal_form.html"

        def load(self, case_id, goal_id):
            case = workable_case(case_id)
            return {"case": case, "goal": goal_or_404(case, goal_id)}
        ...

    add_page(bp, "/<int:case_id>/plan/goals/<int:goal_id>", EditGoal, Permission.WORK_ON_CASES)

One-click actions (a button that changes a status) stay plain view functions.
"""

from flask import abort, redirect, render_template, request
from flask.views import MethodView

from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.flashes import flash
from returnsvc.core.forms import show_refusal
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal

CHANGES_SAVED = _l("Changes saved.")
NOTHING_CHANGED = _l("Nothing was changed.")


class RecordPage(MethodView):
    """What every page of a record shares: the lookup, the form and its rendering."""

    methods = ["GET", "POST"]
    template: str = ""
    form_class: type | None = None

    def load(self, **url_args) -> dict:
        """The objects the page works on (scoped: 404 when invisible, 403 when read-only)."""
        raise NotImplementedError

    def make_form(self, context: dict):
        """The form; on GET it is filled from the stored record (with its version)."""
        return self.form_class()

    def render(self, form, context: dict):
        return render_template(self.template, form=form, **context)

    def back_url(self, context: dict) -> str:
        """Where a conflict page's "back" link leads: this page again."""
        return request.path

    def stored(self, context: dict):
        """The record as stored, for the conflict page's side-by-side view."""
        return context.get("item")

    def conflict(self, form, context: dict):
        return conflict_response(form, self.stored(context), back_url=self.back_url(context))


class FormPage(RecordPage):
    """GET shows the form. POST validates it and calls the service (`save`): on success a
    message and a redirect; a refusal goes next to its field and the form is shown again with
    the values kept; a form loaded from an older version answers the conflict page."""

    def save(self, form, context: dict):
        """Call the service; returns what `done_url` and `message` need."""
        raise NotImplementedError

    def done_url(self, result, context: dict) -> str:
        raise NotImplementedError

    def message(self, result, context: dict):
        """The success flash. Edits return their changes: {} means nothing was changed."""
        if isinstance(result, dict):
            return CHANGES_SAVED if result else NOTHING_CHANGED
        return CHANGES_SAVED

    def wants_save(self, form, context: dict) -> bool:
        """False when the POST is not a save (a picker's "Search" button, say)."""
        return True

    def get(self, **url_args):
        context = self.load(**url_args)
        return self.render(self.make_form(context), context)

    def post(self, **url_args):
        context = self.load(**url_args)
        form = self.make_form(context)
        if self.wants_save(form, context) and form.validate_on_submit():
            try:
                result = self.save(form, context)
            except StaleEdit:
                return self.conflict(form, context)
            except Refusal as refusal:
                show_refusal(form, refusal)
            else:
                flash(self.message(result, context), "success")
                return redirect(self.done_url(result, context))
        return self.render(form, context)


class DeletePage(RecordPage):
    """GET asks for confirmation (the form carries the version seen); POST deletes."""

    def make_form(self, context: dict):
        form = self.form_class()
        if request.method == "GET":
            form.version.data = self.stored(context).version
        return form

    def delete(self, form, context: dict):
        raise NotImplementedError

    def done_url(self, result, context: dict) -> str:
        raise NotImplementedError

    def message(self, result, context: dict):
        raise NotImplementedError

    def refused_url(self, context: dict) -> str:
        """Where a refused deletion leads (with its message): back to the record."""
        return self.back_url(context)

    def get(self, **url_args):
        context = self.load(**url_args)
        return self.render(self.make_form(context), context)

    def post(self, **url_args):
        context = self.load(**url_args)
        form = self.make_form(context)
        if not form.validate_on_submit():
            abort(400)
        try:
            result = self.delete(form, context)
        except StaleEdit:
            return self.conflict(form, context)
        except Refusal as refusal:
            flash_refusal(refusal)
            return redirect(self.refused_url(context))
        flash(self.message(result, context), "success")
        return redirect(self.done_url(result, context))


def add_page(bp, rule: str, page: type[RecordPage], permission: Permission, endpoint=None):
    """Register a page class on a blueprint under `permission` (its endpoint: the class name
    in snake case unless given)."""
    name = endpoint or _snake(page.__name__)
    view = page.as_view(name)
    bp.add_url_rule(rule, view_func=require_permission(permission)(view))
    return view


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))
