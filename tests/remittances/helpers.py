import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db
from returnsvc.remittances.models import RemittanceFigure

HEADER = (
    "sending_country,receiving_country,period,reference_amount,reference_currency,"
    "cost_percent,source_name,source_url\n"
)
ENGLISH = {"Accept-Language": "en"}


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode()


def upload(client, data: bytes, filename="figures.csv"):
    # Encoded here, in memory (see tests/guide_files/helpers.py).
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename)})
    return client.post(
        "/manage/remittances/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def page(response) -> str:
    return response.get_data(as_text=True)


def state(app) -> list:
    """Every figure and every audit entry of figures: what an import could change."""
    with app.app_context():
        figures = [
            (f.id, f.sending_country, f.receiving_country, f.period_start, f.cost_percent,
             f.source_name, f.superseded_at)
            for f in db.session.scalars(select(RemittanceFigure).order_by(RemittanceFigure.id))
        ]  # fmt: skip
        audits = db.session.scalar(
            select(db.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action.like("remittance_figure.%"))
        )
        return [figures, audits]
