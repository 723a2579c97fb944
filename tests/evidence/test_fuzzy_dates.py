"""Dates as agencies write them."""

import dataclasses
from datetime import date, time

import pytest

from dhr.evidence.fuzzy_dates import FuzzyDate, FuzzyDateError, Precision, display_date, parse_fuzzy_date

P = Precision


@pytest.mark.parametrize(
    ("text", "start", "precision", "end", "at", "approximate", "shown"),
    [
        ("3/3/2019", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
        ("03/03/19", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
        ("3.3.2019", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
        ("2019-03-03", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
        ("3 March 2019", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
        ("3rd Mar 2019", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
        ("29/2/2020", date(2020, 2, 29), P.EXACT, None, None, False, "29 February 2020"),
        ("March 2019", date(2019, 3, 1), P.MONTH, date(2019, 3, 31), None, False, "March 2019"),
        ("Feb 2020", date(2020, 2, 1), P.MONTH, date(2020, 2, 29), None, False, "February 2020"),
        ("03/2019", date(2019, 3, 1), P.MONTH, date(2019, 3, 31), None, False, "March 2019"),
        ("2019", date(2019, 1, 1), P.YEAR, date(2019, 12, 31), None, False, "2019"),
        ("c. 3 March 2019", date(2019, 3, 3), P.EXACT, None, None, True, "c. 3 March 2019"),
        ("approx. 2018", date(2018, 1, 1), P.YEAR, date(2018, 12, 31), None, True, "c. 2018"),
        ("?22 May 2016", date(2016, 5, 22), P.EXACT, None, None, True, "c. 22 May 2016"),
        ("3-10 March 2019", date(2019, 3, 3), P.RANGE, date(2019, 3, 10), None, False, "3 March 2019 to 10 March 2019"),
        (
            "01/03/2019 to 15/03/2019",
            date(2019, 3, 1),
            P.RANGE,
            date(2019, 3, 15),
            None,
            False,
            "1 March 2019 to 15 March 2019",
        ),
        (
            "March 2019 - April 2019",
            date(2019, 3, 1),
            P.RANGE,
            date(2019, 4, 30),
            None,
            False,
            "1 March 2019 to 30 April 2019",
        ),
        ("3/3/2019 14:30", date(2019, 3, 3), P.DATETIME, None, time(14, 30), False, "3 March 2019 14:30"),
        ("3/3/2019 2:30pm", date(2019, 3, 3), P.DATETIME, None, time(14, 30), False, "3 March 2019 14:30"),
        ("3/3/2019 12:05am", date(2019, 3, 3), P.DATETIME, None, time(0, 5), False, "3 March 2019 00:05"),
        ("  3   March   2019 ", date(2019, 3, 3), P.EXACT, None, None, False, "3 March 2019"),
    ],
)
def test_readable_dates(text, start, precision, end, at, approximate, shown):
    parsed = parse_fuzzy_date(text)
    assert (parsed.start, parsed.precision, parsed.end, parsed.at, parsed.approximate) == (
        start,
        precision,
        end,
        at,
        approximate,
    )
    assert parsed.display() == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the date of the event"),
        ("31/2/2019", "is not a real date"),
        ("13/13/2019", "is not a real date"),
        ("yesterday", "Enter a date like"),
        ("Smarch 2019", "is not a month"),
        ("1/1/1850", "between 1900 and 2100"),
        ("March 2019 14:30", "A time needs a full date"),
        ("3/3/2019 25:00", "real time"),
        ("10/3/2019 to 1/3/2019", "on or after its start"),
        ("12/31/2019", "is not a real date"),  # US order is refused, not silently swapped
    ],
)
def test_unreadable_dates_explain_why(text, message):
    with pytest.raises(FuzzyDateError, match=message):
        parse_fuzzy_date(text)


@pytest.mark.parametrize("text", ["December 2019", "Dec 2019", "12/2019"])
def test_december_is_the_last_month(text):
    parsed = parse_fuzzy_date(text)
    assert (parsed.start, parsed.precision, parsed.end) == (date(2019, 12, 1), P.MONTH, date(2019, 12, 31))


def test_january_as_a_number_is_a_month():
    assert parse_fuzzy_date("1/2019").end == date(2019, 1, 31)


@pytest.mark.parametrize("text", ["0/2019", "13/2019"])
def test_numeric_months_outside_1_to_12_are_not_months(text):
    with pytest.raises(FuzzyDateError, match="is not a month"):
        parse_fuzzy_date(text)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("3/3/2019 12:30pm", time(12, 30)),  # noon stays 12, not 24
        ("3/3/2019 12:30am", time(0, 30)),
        ("3/3/2019 11:59pm", time(23, 59)),
        ("3/3/2019 1:00am", time(1, 0)),
        ("3/3/2019 0:00", time(0, 0)),
        ("3/3/2019 23:59", time(23, 59)),
        ("3/3/2019 09.00", time(9, 0)),
        ("3/3/2019 14:30:45", time(14, 30)),
        ("2019-03-03T14:30", time(14, 30)),
        ("3 March 2019 at 14:30", time(14, 30)),
    ],
)
def test_times_at_the_edges_of_the_clock(text, at):
    parsed = parse_fuzzy_date(text)
    assert (parsed.start, parsed.precision, parsed.at) == (date(2019, 3, 3), P.DATETIME, at)


@pytest.mark.parametrize("text", ["3/3/2019 14:60", "3/3/2019 24:00", "3/3/2019 12:60pm"])
def test_a_time_past_the_clock_gives_our_error_not_a_raw_value_error(text):
    # FuzzyDateError subclasses ValueError, so only an exact type check catches a leaked datetime.time error
    with pytest.raises(FuzzyDateError, match="real time") as raised:
        parse_fuzzy_date(text)
    assert type(raised.value) is FuzzyDateError


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # A range may start and end on the same day or month.
        ("3-3 March 2019", date(2019, 3, 3), date(2019, 3, 3)),
        ("3 to 3 March 2019", date(2019, 3, 3), date(2019, 3, 3)),
        ("3/3/2019 to 3/3/2019", date(2019, 3, 3), date(2019, 3, 3)),
        ("March 2019 - March 2019", date(2019, 3, 1), date(2019, 3, 31)),
        # Dashes with and without spaces, and whole years.
        ("1/3/2019–15/3/2019", date(2019, 3, 1), date(2019, 3, 15)),
        ("1/3/2019 – 15/3/2019", date(2019, 3, 1), date(2019, 3, 15)),
        ("3–10 March 2019", date(2019, 3, 3), date(2019, 3, 10)),
        ("2018 to 2019", date(2018, 1, 1), date(2019, 12, 31)),
    ],
)
def test_a_range_reads_its_start_and_end(text, start, end):
    parsed = parse_fuzzy_date(text)
    assert (parsed.start, parsed.precision, parsed.end) == (start, P.RANGE, end)


def test_a_one_day_range_shows_both_ends():
    assert parse_fuzzy_date("3-3 March 2019").display() == "3 March 2019 to 3 March 2019"


def test_a_range_ending_the_day_before_it_starts_is_refused():
    with pytest.raises(FuzzyDateError, match="on or after its start"):
        parse_fuzzy_date("4-3 March 2019")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("c. 3-10 March 2019", "c. 3 March 2019 to 10 March 2019"),
        ("approx. 1/3/2019 to 10/3/2019", "c. 1 March 2019 to 10 March 2019"),
    ],
)
def test_an_approximate_range_stays_approximate(text, shown):
    parsed = parse_fuzzy_date(text)
    assert (parsed.precision, parsed.approximate) == (P.RANGE, True)
    assert parsed.display() == shown


def test_a_second_range_separator_is_refused_with_our_error():
    with pytest.raises(FuzzyDateError, match="Enter a date like"):
        parse_fuzzy_date("1/3/2019 to 2/3/2019 to 3/3/2019")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("1/1/00", 2000),
        ("1/1/50", 2050),  # the pivot itself is this century
        ("1/1/51", 1951),
        ("1/1/99", 1999),
    ],
)
def test_two_digit_years_pivot_at_50(text, year):
    assert parse_fuzzy_date(text).start == date(year, 1, 1)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("1/1/1900", date(1900, 1, 1)),
        ("1900", date(1900, 1, 1)),
        ("31/12/2100", date(2100, 12, 31)),
    ],
)
def test_the_years_1900_and_2100_are_inside_the_range(text, start):
    assert parse_fuzzy_date(text).start == start


@pytest.mark.parametrize("text", ["31/12/1899", "1899", "1/1/2101", "2101", "0100"])
def test_years_outside_1900_to_2100_are_refused(text):
    # "0100" is four digits, so it must not be read as the two-digit year 00
    with pytest.raises(FuzzyDateError, match="between 1900 and 2100"):
        parse_fuzzy_date(text)


def test_sept_is_september():
    assert parse_fuzzy_date("Sept 2019").start == date(2019, 9, 1)


def test_no_text_at_all_asks_for_the_date():
    with pytest.raises(FuzzyDateError, match="Enter the date of the event"):
        parse_fuzzy_date(None)


def test_a_fuzzy_date_built_from_parts_is_exact_and_not_approximate_by_default():
    made = FuzzyDate(date(2019, 3, 3), P.EXACT)
    assert (made.end, made.at, made.approximate) == (None, None, False)
    assert made.display() == "3 March 2019"


def test_a_fuzzy_date_cannot_be_changed_once_made():
    made = FuzzyDate(date(2019, 3, 3), P.EXACT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.approximate = True


@pytest.mark.parametrize(
    ("precision", "end", "at", "shown"),
    [
        (P.EXACT, None, time(9, 0), "3 March 2019"),  # a time shows only on a date-and-time
        (P.DATETIME, None, None, "3 March 2019"),
        (P.RANGE, None, None, "3 March 2019"),
        (P.EXACT, date(2019, 3, 10), None, "3 March 2019"),  # an end shows only on a range
    ],
)
def test_display_falls_back_to_the_day_when_a_part_is_missing(precision, end, at, shown):
    assert display_date(date(2019, 3, 3), precision, end, at) == shown


def test_noon_on_the_24_hour_clock_is_not_midnight():
    assert parse_fuzzy_date("3/3/2019 12:30").at == time(12, 30)


@pytest.mark.parametrize("text", ["3/3/2019 13:00pm", "3/3/2019 13:00am"])
def test_am_or_pm_after_a_24_hour_time_is_ignored(text):
    assert parse_fuzzy_date(text).at == time(13, 0)


@pytest.mark.parametrize("text", ["3/3/2019 14:75", "3/3/2019 14:99", "3/3/2019 99:00"])
def test_two_digit_times_far_past_the_clock_give_our_error(text):
    with pytest.raises(FuzzyDateError, match="real time") as raised:
        parse_fuzzy_date(text)
    assert type(raised.value) is FuzzyDateError


def test_each_precision_has_a_label_for_people():
    assert [precision.label for precision in Precision] == [
        "Exact date",
        "Date and time",
        "Month only",
        "Year only",
        "Date range",
    ]
