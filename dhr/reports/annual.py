"""The partnership's annual report on its statutory duties as plain data: each duty's occurrences in the year,
review statistics, recommendations and actions by status and theme, and delivery-group progress.

Marked "DRAFT ANNUAL REPORT 2026" on every page until the board's sign-off is recorded, then with the sign-off; it
names no one.
"""

from dataclasses import dataclass

from dhr.clocks.six_months import SixMonths
from dhr.reports.context import Cover, Marking

TITLE = "Annual report on the partnership's statutory duties"


@dataclass(frozen=True)
class DutyLine:
    """One occurrence of a duty in the year, or a live duty's state."""

    code: str
    title: str
    occurrence: str
    due: str
    status: str
    met: str


@dataclass(frozen=True)
class ReviewFigures:
    """Reviews in the year."""

    notified: int
    commissioned: int
    completed: int
    six_months: SixMonths
    median_days_to_decision: float | None
    median_days_to_completion: float | None


@dataclass(frozen=True)
class AnnualReport:
    """Everything the annual report says."""

    cover: Cover
    marking: Marking
    year: int
    duties: tuple[DutyLine, ...]
    reviews: ReviewFigures
    actions_by_status: tuple[tuple[str, int], ...]
    themes: tuple[tuple[str, int, int, int], ...]  # theme, recommendations, actions, completed
    groups: tuple[tuple[str, int, int, int], ...]  # group, objectives, linked actions, completed
    signed_off: str = ""  # the board's sign-off as a sentence; '' while the report is a draft
