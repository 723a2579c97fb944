"""An action's status, the moves between statuses, and the RAG rating each status shows. Pure data."""

from dhr.core.enums import LabelledEnum


class ActionStatus(LabelledEnum):
    """Where an action is. Only actions.workflow.transition() assigns it."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    COMPLETION_REQUESTED = "completion_requested"
    COMPLETED = "completed"
    SUPERSEDED = "superseded"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "not_started": "Not started",
            "on_track": "On track",
            "at_risk": "At risk",
            "overdue": "Overdue",
            "completion_requested": "Awaiting approval",
            "completed": "Completed",
            "superseded": "Superseded",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {
            "not_started": "grey",
            "on_track": "green",
            "at_risk": "yellow",
            "overdue": "red",
            "completion_requested": "light-blue",
            "completed": "blue",
            "superseded": "grey",
        }

    @property
    def rag(self) -> "Rag":
        """The RAG rating this status shows (see RAG)."""
        return RAG[self]

    @property
    def is_open(self) -> bool:
        """Still to be done: neither completed nor superseded."""
        return self not in CLOSED


class Rag(LabelledEnum):
    """Blue, red, amber, green: how the board reads progress. Superseded actions are not rated."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    NONE = "none"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue (complete)", "none": "Not rated"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"red": "red", "amber": "orange", "green": "green", "blue": "blue", "none": "grey"}


A = ActionStatus
CLOSED = frozenset({A.COMPLETED, A.SUPERSEDED})
# Not started counts as amber: nothing has happened yet. Awaiting approval is green: the work is reported done.
RAG: dict[ActionStatus, Rag] = {
    A.NOT_STARTED: Rag.AMBER,
    A.ON_TRACK: Rag.GREEN,
    A.AT_RISK: Rag.AMBER,
    A.OVERDUE: Rag.RED,
    A.COMPLETION_REQUESTED: Rag.GREEN,
    A.COMPLETED: Rag.BLUE,
    A.SUPERSEDED: Rag.NONE,
}
_PROGRESS = frozenset({A.NOT_STARTED, A.ON_TRACK, A.AT_RISK, A.OVERDUE})
ACTION_TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    **{status: (_PROGRESS - {status, A.NOT_STARTED}) | {A.COMPLETION_REQUESTED, A.SUPERSEDED} for status in _PROGRESS},
    # The coordinator approves the completion, or sends it back with what is missing.
    A.COMPLETION_REQUESTED: frozenset({A.COMPLETED, A.ON_TRACK, A.AT_RISK, A.OVERDUE, A.SUPERSEDED}),
    # Reopening is allowed, with a reason.
    A.COMPLETED: frozenset({A.ON_TRACK}),
    A.SUPERSEDED: frozenset({A.ON_TRACK}),
}
# What the agency may choose when it reports progress.
PROGRESS_CHOICES = (A.ON_TRACK, A.AT_RISK, A.OVERDUE)
# Moves only a coordinator (Permission.APPROVE_ACTIONS) may make.
COORDINATOR_ONLY = frozenset({A.COMPLETED, A.SUPERSEDED})
# Moves that must say why.
NEEDS_REASON = frozenset(
    {
        (A.COMPLETION_REQUESTED, A.ON_TRACK),
        (A.COMPLETION_REQUESTED, A.AT_RISK),
        (A.COMPLETION_REQUESTED, A.OVERDUE),
        (A.COMPLETED, A.ON_TRACK),
        (A.SUPERSEDED, A.ON_TRACK),
    }
    | {(status, A.SUPERSEDED) for status, targets in ACTION_TRANSITIONS.items() if A.SUPERSEDED in targets}
)


class ReminderKind(LabelledEnum):
    """Why an action's owner was written to."""

    UPDATE_REQUEST = "update_request"
    OVERDUE = "overdue"
    ESCALATION = "escalation"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "update_request": "Update requested",
            "overdue": "Overdue chase",
            "escalation": "Escalated to the senior contact",
        }
