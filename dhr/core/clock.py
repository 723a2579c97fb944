"""The one place the application asks the time, so tests can freeze it."""

from datetime import UTC, datetime


def now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def now_default() -> datetime:
    """Column default that looks `now` up at call time, so a frozen clock in tests applies to it too."""
    return now()
