"""Calendar dates as people in England and Wales see them."""

from datetime import date
from zoneinfo import ZoneInfo

from dhr.core import clock

LONDON = ZoneInfo("Europe/London")


def london_today() -> date:
    """Today's date in the UK (a clock 'due today' turns overdue at UK midnight, not UTC midnight)."""
    return clock.now().astimezone(LONDON).date()
