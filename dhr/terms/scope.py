"""The scope period in words, the same on every page and in the comparison of versions."""

from datetime import date

from dhr.templating import uk_date


def scope_period(start: date | None, end: date | None) -> str:
    """ "1 March 2023 to 26 November 2026", or what is missing: never "Not set to 26 November 2026"."""
    if start and end:
        return f"{uk_date(start)} to {uk_date(end)}"
    if start:
        return f"From {uk_date(start)} (end date not set)"
    if end:
        return f"Up to {uk_date(end)} (start date not set)"
    return "Not set"
