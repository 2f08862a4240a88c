from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from returnsvc.core.i18n import lazy_text as _l


class ImportForm(FlaskForm):
    # The content is checked by reading.read_edition_file (size, encoding, columns, rows);
    # the file name and type the browser sends are not trusted.
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(message=_l("Choose a CSV file."))],
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField(_l("Import"))
