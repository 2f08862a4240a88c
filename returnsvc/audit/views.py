from flask import Blueprint, render_template, request

from returnsvc.audit import queries
from returnsvc.audit.actions import action_label, target_label
from returnsvc.audit.forms import AuditFilterForm
from returnsvc.audit.services import record_denial
from returnsvc.core.numbers import BIGINT_MAX
from returnsvc.core.paging import number_arg
from returnsvc.core.permissions import Permission, access_denied, require_permission

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
# Every refused authorisation of this app goes to the audit log.
bp.record_once(lambda state: access_denied.connect(record_denial, sender=state.app, weak=False))


@bp.route("/")
@require_permission(Permission.VIEW_AUDIT_LOG)
def index():
    form = AuditFilterForm(request.args)
    filters = form.data if form.validate() else {}
    before_id = number_arg("before", maximum=BIGINT_MAX)
    entries, next_before = queries.audit_page(filters, before_id=before_id)
    # Page links carry only the filter fields the form knows, never arbitrary query arguments
    # (url_for would honour `_external`, `_scheme`... taken from the URL).
    next_args = {name: request.args[name] for name in form.data if request.args.get(name)}
    return render_template(
        "audit/index.html",
        form=form,
        entries=entries,
        next_before=next_before,
        next_args=next_args,
        action_label=action_label,
        target_label=target_label,
    )
