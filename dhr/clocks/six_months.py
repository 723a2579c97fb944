"""The six-month figure, counted two ways and labelled so that neither is mistaken for the other: as the guidance
counts it (six months from the decision, whatever happened since) and with paused time allowed (the local
allowance the completion clock gives a review paused for a trial or an inquest)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from dhr.clocks.engine import add_months

GUIDANCE_MONTHS = 6
AS_GUIDANCE_COUNTS = "Completed within six months of the decision, as the guidance counts it"
PAUSES_ALLOWED = "Completed within six months, pauses allowed"


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class SixMonths:
    """Of the completed reviews, how many were signed off within six months of the decision, counted both ways."""

    completed: int = 0
    as_guidance_counts: int = 0
    pauses_allowed: int = 0

    @property
    def percent_as_guidance_counts(self) -> float | None:
        """The guidance's rate, in per cent to one place; None when nothing is completed."""
        return _percent(self.as_guidance_counts, self.completed)

    @property
    def percent_pauses_allowed(self) -> float | None:
        """The rate with paused time allowed, in per cent to one place; None when nothing is completed."""
        return _percent(self.pauses_allowed, self.completed)

    def lines(self) -> list[tuple[str, str]]:
        """(label, figure) for each count, for reports: '3 of 12 (25%)', or 'None completed'."""
        return [
            (AS_GUIDANCE_COUNTS, _figure(self.as_guidance_counts, self.completed)),
            (PAUSES_ALLOWED, _figure(self.pauses_allowed, self.completed)),
        ]


def _figure(part: int, whole: int) -> str:
    if not whole:
        return "None completed"
    return f"{part} of {whole} ({round(100 * part / whole)}%)"


def count(completion_clocks: Iterable[Any]) -> SixMonths:
    """Both counts over met completion clocks: anything with `started_on` (the decision), `met_on` (the sign-off)
    and `extended_by` (paused days), a Clock or a stored row. The partnership's own completion timescale plays no
    part: both counts are of six months."""
    completed = strict = allowed = 0
    for clock in completion_clocks:
        if clock.met_on is None or clock.started_on is None:
            continue
        limit = add_months(clock.started_on, GUIDANCE_MONTHS)
        completed += 1
        strict += clock.met_on <= limit
        allowed += clock.met_on <= limit + timedelta(days=clock.extended_by or 0)
    return SixMonths(completed, strict, allowed)
