"""Dates for tests, counted from the same today the app sees, so data and expectations never disagree about it."""

from datetime import date, timedelta

from dhr.core.dates import london_today


def days_from_today(days: int) -> date:
    """The UK date `days` after today (before it when negative)."""
    return london_today() + timedelta(days=days)


def date_fields(d: date) -> list[str]:
    """A date as the three values of a GOV.UK date input: day, month, year."""
    return [str(d.day), str(d.month), str(d.year)]


def fields_from_today(days: int = 0) -> list[str]:
    """The GOV.UK date-input values of the date `days` from today."""
    return date_fields(days_from_today(days))
