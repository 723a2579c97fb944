"""Occurrences from a duty's frequency rule: which periods fall in a window and when each is due. Pure functions.

- Quarterly: the s17A information periods, consecutive three-month periods from 1 July 2007 (so calendar
  quarters), each due by the end of the following period.
- Annual: one a year, due on the duty's own day and month (configurable per duty).
- Three-yearly: the partnership plan covers three years from its anchor year and is refreshed every year: a new
  plan in the anchor year and every third year after it, a refresh in between; due on the duty's day and month.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dhr.duties.stages import Frequency


@dataclass(frozen=True)
class Period:
    """One occurrence's period and due date, and how the register names it."""

    start: date
    end: date
    due_on: date
    label: str


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _quarter_name(start: date) -> str:
    end = _add_months(start, 3) - timedelta(days=1)
    return f"{start:%B} to {end:%B %Y}"


def quarterly(start: date, end: date) -> list[Period]:
    """Calendar quarters due within [start, end]: each is due at the end of the following quarter."""
    periods = []
    quarter = _quarter_start(start - timedelta(days=190))
    while quarter <= end:
        next_quarter = _add_months(quarter, 3)
        quarter_end = next_quarter - timedelta(days=1)
        due = _add_months(next_quarter, 3) - timedelta(days=1)
        if start <= due <= end:
            periods.append(Period(quarter, quarter_end, due, _quarter_name(quarter)))
        quarter = next_quarter
    return periods


def _due_in(year: int, month: int, day: int) -> date:
    """The due day in that year; a day past the month's end (29 February in other years) is its last day."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def annual(start: date, end: date, due_month: int, due_day: int) -> list[Period]:
    """One occurrence a year, due on the given day, for each due date within [start, end]."""
    periods = []
    for year in range(start.year - 1, end.year + 2):
        due = _due_in(year, due_month, due_day)
        if start <= due <= end:
            period_start = _due_in(year - 1, due_month, due_day) + timedelta(days=1)
            periods.append(Period(period_start, due, due, f"Year to {due.day} {due:%B %Y}"))
    return periods


def three_yearly(start: date, end: date, due_month: int, due_day: int, anchor_year: int) -> list[Period]:
    """Annual occurrences labelled as a new three-year plan (anchor year, then every third) or its refresh."""
    periods = []
    for period in annual(start, end, due_month, due_day):
        year = period.due_on.year
        offset = (year - anchor_year) % 3
        first = year - offset
        if offset == 0:
            label = f"New plan {first} to {first + 3}"
        else:
            label = f"Annual refresh {offset} of the {first} to {first + 3} plan"
        periods.append(Period(period.start, period.end, period.due_on, label))
    return periods


def periods_for(frequency: Frequency, start: date, end: date, *, due_month=4, due_day=1, anchor_year=2017):
    """The scheduled periods of a duty in the window; event-driven, continuous and on-request duties have none."""
    if frequency is Frequency.QUARTERLY:
        return quarterly(start, end)
    if frequency is Frequency.ANNUAL:
        return annual(start, end, due_month, due_day)
    if frequency is Frequency.THREE_YEARLY:
        return three_yearly(start, end, due_month, due_day, anchor_year)
    return []
