"""The tracker's actions as CSV or XLSX: the Home Office action plan columns plus review, owner, status, RAG and
themes. Written by the chronology export's writers (dhr.evidence.export), so no cell is ever a formula."""

from collections.abc import Iterable, Iterator
from datetime import date

from dhr.actions.stages import ActionStatus
from dhr.actions.workflow import shown_status
from dhr.evidence import export as spreadsheet
from dhr.reports.context import ACTION_PLAN_COLUMNS

(RECOMMENDATION, SCOPE, ACTION_TO_TAKE, LEAD_AGENCY, MILESTONES, TARGET_DATE, COMPLETION) = ACTION_PLAN_COLUMNS
HEADER = [
    "Review",
    "Action",
    RECOMMENDATION,
    SCOPE,
    ACTION_TO_TAKE,
    LEAD_AGENCY,
    "Owner",
    MILESTONES,
    TARGET_DATE,
    COMPLETION,
    "Status",
    "RAG",
    "Themes",
]
FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(partnership, today: date, file_format: str) -> str:
    """A predictable name: SWP_actions_2026-05-11.xlsx."""
    prefix = "".join(c if c.isalnum() or c in ".-" else "-" for c in partnership.reference_prefix).strip("-")
    return f"{prefix or 'partnership'}_actions_{today.isoformat()}.{file_format}"


def _completion(action) -> str:
    """'2026-03-05: what was done', as the Home Office column puts date and outcome together: only once the
    coordinator has approved the completion."""
    if action.status is not ActionStatus.COMPLETED:
        return ""
    when = action.completed_on.isoformat() if action.completed_on else ""
    return ": ".join(part for part in (when, action.outcome.strip()) if part)


def rows(actions, today: date) -> Iterator[list[str]]:
    """One list of strings per action, in the order given (loaded by queries.all_rows or streamed by
    queries.streamed_rows, with themes), as the actions are read."""
    for action in actions:
        recommendation = action.recommendation
        status = shown_status(action, today)
        yield (
            [
                action.review.reference,
                action.label,
                f"{recommendation.label}. {recommendation.text}",
                recommendation.scope.label,
                action.action,
                action.lead_agency.name,
                action.owner_label,
                action.milestones,
                action.target_on.isoformat() if action.target_on else "",
                _completion(action),
                status.label,
                status.rag.label,
                "; ".join(theme.label for theme in recommendation.themes),
            ]
        )


def csv_chunks(data: Iterable[list[str]]) -> Iterator[bytes]:
    """The rows as CSV a few hundred at a time, through the chronology export's writer (every cell neutralised)."""
    return spreadsheet.csv_chunks(data, HEADER)


def to_xlsx(data: Iterable[list[str]], title: str) -> bytes:
    """The rows as an XLSX workbook of text cells, through the chronology export's writer."""
    return spreadsheet.to_xlsx(data, title, HEADER, "Actions")
