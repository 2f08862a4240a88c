"""Reading CSV records: values and the line each record starts on, whatever the text holds."""

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from returnsvc.taxonomy.importers.csv_rows import ErrorLog, read_csv, split_labels

# Any text a CSV cell may hold, newlines included (NUL is refused; a lone CR would count as a
# line break of its own, which the expected line numbers below do not model).
cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=8))
def test_records_keep_their_values_and_the_line_they_start_on(app, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["a", "b"])
    expected_lines, line = [], 2
    for row in rows:
        before = out.tell()
        writer.writerow(row)
        expected_lines.append(line)
        line += out.getvalue()[before:].count("\n")
    with tempfile.TemporaryDirectory() as folder, app.app_context():
        path = Path(folder) / "rows.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        errors = ErrorLog()
        table = read_csv(path, errors)
    assert not errors
    assert [r.line for r in table.records] == expected_lines
    assert [(r.values["a"], r.values["b"]) for r in table.records] == [
        (a.strip(), b.strip()) for a, b in rows
    ]


@given(st.lists(cells, max_size=10))
def test_split_labels_gives_each_non_blank_label_once(labels):
    result = split_labels("\n".join(labels))
    assert len(result) == len(set(result))
    assert all(label and label == label.strip() and "\n" not in label for label in result)
    assert set(result) <= {part.strip() for label in labels for part in label.split("\n")}
