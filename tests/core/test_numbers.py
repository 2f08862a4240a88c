"""The one reading of numbers typed by people (core.numbers) and the places that use it."""

from datetime import UTC, datetime

import pytest
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectField

from returnsvc.cases.timeline import Cursor
from returnsvc.core.forms import VersionField, WholeNumberField, coerce_id
from returnsvc.core.numbers import BIGINT_MAX, INT_MAX, parse_id, parse_whole_number
from returnsvc.guide_files.cells import CellError, _experience
from returnsvc.guides.checks import GuideError
from returnsvc.guides.entry_services import _programme_ids
from returnsvc.skills.cleaning import ProfileError, year
from returnsvc.skills.credentials import _level
from returnsvc.taxonomy.search import parse_picker_value

ODD = ["²", "①", "٣", "１２", "1_000", "-1", "+1", "1e3", "1.0", "0x1", "", " ", "١٢", "12a"]


@pytest.mark.parametrize("text", ODD)
def test_only_ascii_digits_are_numbers(text):
    # "²" and "①" pass str.isdigit() and then crash int(); int() reads "٣" and "1_000".
    assert parse_whole_number(text) is None


def test_bounds_and_types():
    assert parse_whole_number(" 42 ") == 42
    assert parse_whole_number("007") == 7
    assert parse_whole_number(str(INT_MAX)) == INT_MAX
    assert parse_whole_number(str(INT_MAX + 1)) is None  # beyond PostgreSQL's integer
    assert parse_whole_number(str(BIGINT_MAX), maximum=BIGINT_MAX) == BIGINT_MAX
    assert parse_whole_number("9" * 40, maximum=BIGINT_MAX) is None
    assert parse_whole_number("0") == 0 and parse_id("0") is None
    assert parse_whole_number("5", minimum=1, maximum=4) is None
    assert parse_whole_number(12) == 12 and parse_whole_number(-1) is None
    assert parse_whole_number(True) is None and parse_whole_number(None) is None
    assert parse_whole_number(1.0) is None


@given(st.text(max_size=25))
def test_any_text_is_a_bounded_int_or_none(text):
    number = parse_whole_number(text)
    assert number is None or (isinstance(number, int) and 0 <= number <= INT_MAX)
    if number is not None:
        assert text.strip(" \t\r\n").isascii()


@given(st.integers(min_value=0, max_value=INT_MAX))
def test_every_integer_reads_back(number):
    assert parse_whole_number(str(number)) == number


class _IdForm(FlaskForm):
    class Meta:
        csrf = False

    office_id = SelectField(
        coerce=coerce_id, choices=[SelectChoice("", "-"), SelectChoice(3, "Three")]
    )
    years = WholeNumberField()
    version = VersionField()


@pytest.mark.parametrize("value", ["²", "①", "٣", "2147483648", "99999999999999999999", "-1"])
def test_id_selects_and_number_fields_refuse_odd_values_with_a_form_error(app, value):
    with app.test_request_context():
        form = _IdForm(MultiDict({"office_id": value, "years": value, "version": value}))
        assert not form.validate()
        assert form.office_id.errors and form.years.errors
        assert form.version.data is None  # a stale edit, refused by the service


def test_id_selects_and_number_fields_read_good_values(app):
    with app.test_request_context():
        form = _IdForm(MultiDict({"office_id": "3", "years": " 12 ", "version": "4"}))
        assert form.validate(), form.errors
        assert (form.office_id.data, form.years.data, form.version.data) == (3, 12, 4)
        empty = _IdForm(MultiDict({"office_id": "", "years": ""}))
        assert empty.validate() and empty.office_id.data is None and empty.years.data is None


@pytest.mark.parametrize("value", ["skill:2147483648", "occupation:²", "isco:²²²²", "skill: 7"])
def test_picker_values_name_database_ids(value):
    # skill:2147483648 reached the database ("integer out of range"), a 500.
    assert parse_picker_value(value) is None


def test_picker_values_that_are_well_formed():
    assert parse_picker_value("skill:7") == ("skill", "7")
    assert parse_picker_value("isco:0110") == ("isco", "0110")


@pytest.mark.parametrize("ref", ["²", "①", "0", "-1", "9" * 20])
def test_timeline_cursor_with_an_odd_id_is_the_first_page(ref):
    assert Cursor.parse(f"2026-01-01T00:00:00+00:00~casework.note~{ref}") is None
    good = Cursor.parse("2026-01-01T00:00:00+00:00~casework.note~12")
    assert good == Cursor(datetime(2026, 1, 1, tzinfo=UTC), "casework.note", 12)


@pytest.mark.parametrize("value", ["²", "٢٠٢٠", "2147483648", "-5", "20 20"])
def test_profile_years_and_levels_refuse_odd_numbers(app, value):
    with app.test_request_context():
        with pytest.raises(ProfileError):
            year({"year": value}, "year")
        with pytest.raises(ProfileError):
            _level({"level": value})


def test_guide_file_years_of_experience_are_ascii_digits_up_to_40(app):
    with app.test_request_context():
        assert _experience(" 40 ", {}) == 40
        for cell in ("41", "²", "٣", "-1", "1e1"):
            with pytest.raises(CellError):
                _experience(cell, {})


@pytest.mark.parametrize("ids", [["²"], ["3", "①"], ["2147483648"], ["-1"], ["0"]])
def test_guide_programme_ids_are_database_ids(app, ids):
    with app.test_request_context():
        with pytest.raises(GuideError):
            _programme_ids(None, ids)  # refused before the edition is looked at
