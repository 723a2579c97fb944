"""Dates as agencies write them."""

from datetime import date, time

import pytest

from dhr.evidence.fuzzy_dates import FuzzyDateError, Precision, parse_fuzzy_date

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
