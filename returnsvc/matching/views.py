"""The matching weights page (admins save new versions) and the help page on how scores work."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.matching import queries, services, weights
from returnsvc.matching.components import COMPONENT_LABELS, EXPLANATIONS, KIND_LABELS
from returnsvc.matching.forms import component_names, weights_form_class
from returnsvc.matching.models import KINDS

bp = Blueprint("matching", __name__, url_prefix="/matching")


class Weights(FormPage):
    """Both kinds' current weights and history, and a form per kind; a POST (`?kind=`) saves
    one kind's form as a new version. Each save is a new row, so the only conflict is a
    version saved after the form was loaded, which the service refuses."""

    template = "matching/weights.html"

    def load(self) -> dict:
        kind = None
        if request.method == "POST":
            kind = request.args.get("kind", "")
            if kind not in KINDS:
                abort(404)
        history = queries.weights_history()
        newest = {k: rows[0] if rows else None for k, rows in history.items()}
        current = {k: weights.as_weights(newest[k], k) for k in KINDS}
        return {"kind": kind, "history": history, "newest": newest, "current": current}

    def _filled_form(self, kind: str, context: dict):
        newest = context["newest"][kind]
        data = context["current"][kind].as_dict()
        data["based_on"] = newest.version if newest is not None else 0
        return weights_form_class(kind)(formdata=None, prefix=kind, data=data)

    def make_form(self, context: dict):
        if context["kind"] is None:
            return None
        return weights_form_class(context["kind"])(prefix=context["kind"])

    def render(self, form, context: dict):
        forms = {
            kind: form if kind == context["kind"] else self._filled_form(kind, context)
            for kind in KINDS
        }
        return render_template(
            self.template,
            weight_forms=forms,
            kinds=KINDS,
            kind_labels=KIND_LABELS,
            component_labels=COMPONENT_LABELS,
            components={kind: component_names(kind) for kind in KINDS},
            **context,
        )

    def save(self, form, context: dict):
        kind = context["kind"]
        values = {name: form[name].data for name in component_names(kind)}
        based_on = form.based_on.data
        return services.save_weights(
            kind,
            values,
            form.note.data,
            current_user,
            based_on=-1 if based_on is None else based_on,  # no version read: refused as stale
        )

    def done_url(self, result, context: dict) -> str:
        return url_for("matching.weights")

    def message(self, result, context: dict):
        return _l(
            "Version %(version)s of the weights for %(kind)s saved.",
            version=result.version,
            kind=KIND_LABELS[result.kind],
        )


add_page(bp, "/weights", Weights, Permission.MANAGE_MATCHING_WEIGHTS, endpoint="weights")


@bp.route("/how-scores-work")
@require_permission(Permission.VIEW_CASES)
def how_scores_work():
    current = {kind: weights.current_weights(kind) for kind in KINDS}
    sections = [
        (
            kind,
            KIND_LABELS[kind],
            [
                (COMPONENT_LABELS[name], current[kind].of(name), EXPLANATIONS[(kind, name)])
                for name in component_names(kind)
            ],
            None if current[kind] is weights.DEFAULTS[kind] else current[kind].version,
        )
        for kind in KINDS
    ]
    return render_template("matching/how_scores_work.html", sections=sections)
