"""The CSP board's report on action plans as plain data: RAG counts per review and per lead agency, the overdue
actions with their owners, and the actions completed since the last report.

Always marked OFFICIAL-SENSITIVE: it names owners and is for the board, never for publication.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from dhr.actions.stages import ActionStatus, Rag
from dhr.clocks.six_months import SixMonths
from dhr.core.dates import LONDON
from dhr.reports.context import REVIEW_TITLES, Cover, Marking, long_date

TITLE = "Action plans: report to the board"
RAG_ORDER = tuple(Rag)
A = ActionStatus


@dataclass(frozen=True)
class RagCounts:
    """One review's or agency's actions by RAG rating, in RAG_ORDER, with their total."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """Every action counted in the row."""
        return sum(self.counts)


@dataclass(frozen=True)
class BoardAction:
    """One action as the board sees it."""

    review: str
    label: str
    action: str
    lead_agency: str
    owner: str
    target_date: str
    completed_on: str = ""
    outcome: str = ""
    days_overdue: int = 0


@dataclass(frozen=True)
class BoardReport:
    """Everything the board report says."""

    cover: Cover
    marking: Marking
    as_at: str
    since: str  # '' when every completed action is listed
    by_review: tuple[RagCounts, ...]
    by_agency: tuple[RagCounts, ...]
    totals: RagCounts
    overdue: tuple[BoardAction, ...]
    completed: tuple[BoardAction, ...]
    six_months: SixMonths = SixMonths()


def _counts(label: str, ratings: list[Rag]) -> RagCounts:
    tally = Counter(ratings)
    return RagCounts(label, tuple(tally[rag] for rag in RAG_ORDER))


def _board_action(action, **extra) -> BoardAction:
    return BoardAction(
        review=action.review.reference,
        label=action.label,
        action=action.action,
        lead_agency=action.lead_agency.name,
        owner=action.owner_label or "No named owner",
        target_date=long_date(action.target_on),
        **extra,
    )


def completed_since(action, since: date | None) -> bool:
    """Completed, and finished or approved on or after `since` (so an action approved after the last report,
    though dated before it, is reported once)."""
    if action.status is not A.COMPLETED:
        return False
    if since is None:
        return True
    approved = action.approved_at.astimezone(LONDON).date() if action.approved_at else None
    return (action.completed_on is not None and action.completed_on >= since) or (
        approved is not None and approved >= since
    )


def board_report_context(
    partnership, actions, *, today: date, since: date | None, six_months: SixMonths | None = None
) -> BoardReport:
    """The report from the partnership's actions (loaded with monitoring.queries.all_rows, so in target order) and
    its reviews' six-month figures."""
    from dhr.actions.workflow import shown_status

    shown = {action.id: shown_status(action, today) for action in actions}
    reviews: dict[str, list[Rag]] = {}
    agencies: dict[str, list[Rag]] = {}
    for action in sorted(actions, key=lambda a: a.review.reference):
        rag = shown[action.id].rag
        reviews.setdefault(action.review.reference, []).append(rag)
        agencies.setdefault(action.lead_agency.name, []).append(rag)
    overdue = tuple(
        _board_action(a, days_overdue=(today - a.target_on).days if a.target_on else 0)
        for a in actions
        if shown[a.id] is A.OVERDUE
    )
    completed = sorted(
        (a for a in actions if completed_since(a, since)),
        key=lambda a: (a.completed_on or date.min, a.review.reference, a.label),
    )
    label = partnership.review_label.value
    as_at = long_date(today)
    return BoardReport(
        cover=Cover(
            partnership=partnership.name,
            review_title=REVIEW_TITLES.get(label, REVIEW_TITLES["DHR"]) + "s",
            document_title=TITLE,
            subject="",
            death="",
            chair="",
            author="",
            version="",
            issued=as_at,
            reference=partnership.reference_prefix,
        ),
        marking=Marking(draft=True, version_label=f"as at {as_at}", status=""),
        as_at=as_at,
        since=long_date(since),
        by_review=tuple(_counts(ref, ratings) for ref, ratings in reviews.items()),
        by_agency=tuple(_counts(name, ratings) for name, ratings in sorted(agencies.items())),
        totals=_counts("All actions", [s.rag for s in shown.values()]),
        overdue=overdue,
        completed=tuple(_board_action(a, completed_on=long_date(a.completed_on), outcome=a.outcome) for a in completed),
        six_months=six_months or SixMonths(),
    )
