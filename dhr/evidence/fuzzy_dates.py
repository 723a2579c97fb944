"""Dates as agencies write them in chronologies: exact, with a time, month or year only, approximate, or a range.

parse_fuzzy_date("3/3/2019"), ("3 March 2019 14:30"), ("March 2019"), ("2019"), ("c. 3 March 2019"),
("approx. 2018"), ("3-10 March 2019"), ("01/03/2019 - 15/03/2019"). UK order: day before month.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, time

from dhr.core.enums import LabelledEnum
from dhr.core.errors import DomainError


class Precision(LabelledEnum):
    """How much of the date is known."""

    EXACT = "exact"
    DATETIME = "datetime"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "exact": "Exact date",
            "datetime": "Date and time",
            "month": "Month only",
            "year": "Year only",
            "range": "Date range",
        }


@dataclass(frozen=True)
class FuzzyDate:
    """A date as precise as it is known. `start` orders it; `end` closes a range, month or year; `approximate`
    marks 'c.' or 'approx.' on any of them."""

    start: date
    precision: Precision
    end: date | None = None
    at: time | None = None
    approximate: bool = False

    def display(self) -> str:
        """How the chronology shows it: '3 March 2019', 'March 2019', 'c. 2019', '3 March 2019 to 10 March 2019'."""
        return ("c. " if self.approximate else "") + display_date(self.start, self.precision, self.end, self.at)

    def in_words(self) -> str:
        """The display with its 'c.' spelled out, to show how a typed date was read: 'approximately March 2019'."""
        return ("approximately " if self.approximate else "") + display_date(
            self.start, self.precision, self.end, self.at
        )


def display_date(start: date, precision: "Precision", end: date | None, at: time | None) -> str:
    """The text for a date of the given precision (without the 'c.' marker)."""
    day = f"{start.day} {start:%B %Y}"
    if precision is Precision.DATETIME and at:
        return f"{day} {at:%H:%M}"
    if precision is Precision.MONTH:
        return f"{start:%B %Y}"
    if precision is Precision.YEAR:
        return str(start.year)
    if precision is Precision.RANGE and end:
        return f"{day} to {end.day} {end:%B %Y}"
    return day


class FuzzyDateError(DomainError, ValueError):
    """The text is not a date we can read; the message says what would be."""


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_APPROX = re.compile(r"^(?:c\.?|ca\.?|circa|approx\.?|approximately|about|around|\?)\s*", re.IGNORECASE)
_TIME = re.compile(r"(?:\s+|T|\s*at\s*)(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(am|pm)?$", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY_RANGE = re.compile(r"^(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
HELP = "Enter a date like 3/3/2019, 3 March 2019, March 2019, 2019, c. 2019 or 3/3/2019 to 10/3/2019"


def _year(text: str) -> int:
    value = int(text)
    if value < 100:  # two-digit years: 19 -> 2019, 85 -> 1985
        value += 2000 if value <= 50 else 1900
    if not 1900 <= value <= 2100:
        raise FuzzyDateError("The year must be between 1900 and 2100")
    return value


def _month(name: str) -> int:
    number = MONTHS.get(name.lower())
    if number is None:
        raise FuzzyDateError(f"'{name}' is not a month")
    return number


def _real(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise FuzzyDateError(f"{day}/{month}/{year} is not a real date") from exc


def _single(text: str) -> tuple[date, Precision, date | None]:
    """One date without a time: exact, month or year."""
    if match := _NUMERIC.match(text):
        day, month, year = match.groups()
        return _real(_year(year), int(month), int(day)), Precision.EXACT, None
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _real(int(year), int(month), int(day)), Precision.EXACT, None
    if match := _WORDS.match(text):
        day, month, year = match.groups()
        return _real(_year(year), _month(month), int(day)), Precision.EXACT, None
    if match := _MONTH_YEAR.match(text) or _NUMERIC_MONTH_YEAR.match(text):
        month, year = match.groups()
        month_number = int(month) if month.isdigit() else _month(month)
        if not 1 <= month_number <= 12:
            raise FuzzyDateError(f"{month} is not a month")
        start = _real(_year(year), month_number, 1)
        return start, Precision.MONTH, _real(start.year, month_number, calendar.monthrange(start.year, month_number)[1])
    if match := _YEAR.match(text):
        year = _year(match.group(1))
        return date(year, 1, 1), Precision.YEAR, date(year, 12, 31)
    raise FuzzyDateError(HELP)


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Read a date as written in a chronology."""
    raw = " ".join((text or "").strip().split())
    if not raw:
        raise FuzzyDateError("Enter the date of the event")
    approximate = bool(_APPROX.match(raw))
    raw = _APPROX.sub("", raw).strip()
    if match := _DAY_RANGE.match(raw):
        first, last, month, year = match.groups()
        start, end = _real(_year(year), _month(month), int(first)), _real(_year(year), _month(month), int(last))
        return _range(start, end, approximate)
    for separator in (" to ", " - ", " – ", "–"):
        if separator in raw:
            left, right = (part.strip() for part in raw.split(separator, 1))
            start, _, _ = _single(left)
            finish, _, finish_end = _single(right)
            return _range(start, finish_end or finish, approximate)
    at = None
    if match := _TIME.search(raw):
        hour, minute, meridiem = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
        hour += 12 if meridiem == "pm" and hour < 12 else 0
        hour -= 12 if meridiem == "am" and hour == 12 else 0
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise FuzzyDateError("The time must be a real time, like 14:30")
        at, raw = time(hour, minute), raw[: match.start()].strip()
    start, precision, end = _single(raw)
    if at is not None:
        if precision is not Precision.EXACT:
            raise FuzzyDateError("A time needs a full date, like 3/3/2019 14:30")
        return FuzzyDate(start, Precision.DATETIME, None, at, approximate)
    return FuzzyDate(start, precision, end, None, approximate)


def _range(start: date, end: date, approximate: bool) -> FuzzyDate:
    if end < start:
        raise FuzzyDateError("The end of the range must be on or after its start")
    return FuzzyDate(start, Precision.RANGE, end, None, approximate)
