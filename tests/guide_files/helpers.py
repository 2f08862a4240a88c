import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunity, DemandEntry

BOM = "\ufeff".encode()


def export(client, edition_id) -> bytes:
    response = client.get(f"/manage/guides/{edition_id}/export.csv")
    assert response.status_code == 200, response.status_code
    return response.data


def upload(client, edition_id, data: bytes, filename="guide.csv"):
    # The body is encoded here, in memory: the test client would spool a body over 500 kB to
    # a temporary file that it never closes (a ResourceWarning, an error in this suite).
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename)})
    return client.post(
        f"/manage/guides/{edition_id}/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def page(response) -> str:
    return response.get_data(as_text=True)


def state(app, edition_id) -> list:
    """Everything the import could change, to compare before and after."""
    with app.app_context():
        rows = []
        for model in (DemandEntry, BusinessOpportunity):
            rows += [
                (r.key, r.version, r.updated_at)
                for r in db.session.scalars(
                    select(model).where(model.edition_id == edition_id).order_by(model.key)
                )
            ]
        audits = db.session.scalar(
            select(db.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "guide_edition.imported")
        )
        return [rows, audits]


def audit_entries(app, action):
    with app.app_context():
        return [
            (e.target_id, e.changes)
            for e in db.session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        ]
