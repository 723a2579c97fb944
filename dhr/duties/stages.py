"""Duty frequencies, where duties apply, the live review duties, and an occurrence's status and its moves.
Pure data."""

from dhr.core.enums import LabelledEnum


class Frequency(LabelledEnum):
    """How often a duty falls due (domain.md §7.2)."""

    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    THREE_YEARLY = "three_yearly"
    EVENT = "event"
    CONTINUOUS = "continuous"
    ON_REQUEST = "on_request"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "annual": "Annual",
            "quarterly": "Quarterly",
            "three_yearly": "Three-yearly, refreshed annually",
            "event": "Event-driven",
            "continuous": "Continuous",
            "on_request": "On request",
        }


# Frequencies whose occurrences the register generates; the others are recorded by hand when they arise.
SCHEDULED = frozenset({Frequency.ANNUAL, Frequency.QUARTERLY, Frequency.THREE_YEARLY})


class AppliesTo(LabelledEnum):
    """Which areas a duty applies to."""

    ENGLAND_AND_WALES = "england_and_wales"
    ENGLAND = "england"
    WALES = "wales"
    TWO_TIER = "two_tier"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "england_and_wales": "England and Wales",
            "england": "England",
            "wales": "Wales",
            "two_tier": "Two-tier areas only",
        }


class LiveDuty(LabelledEnum):
    """Duties whose state is read from the reviews rather than recorded (D16, D17, D18)."""

    NONE = "none"
    OPEN_REVIEWS = "open_reviews"
    COMMISSIONER_COPIES = "commissioner_copies"
    ACTION_PLANS = "action_plans"


class OccurrenceStatus(LabelledEnum):
    """Where one occurrence of a duty is. Only duties.workflow.transition() assigns it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "not_started": "Not started",
            "in_progress": "In progress",
            "met": "Met",
            "met_late": "Met late",
            "overdue": "Overdue",
            "not_applicable": "Not applicable",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {
            "not_started": "grey",
            "in_progress": "blue",
            "met": "green",
            "met_late": "yellow",
            "overdue": "red",
            "not_applicable": "grey",
        }

    @property
    def is_open(self) -> bool:
        """Still to be met."""
        return self in (OccurrenceStatus.NOT_STARTED, OccurrenceStatus.IN_PROGRESS, OccurrenceStatus.OVERDUE)


OS = OccurrenceStatus
# Met and met late are not chosen: recording the date met decides which (against the due date).
OCCURRENCE_TRANSITIONS: dict[OccurrenceStatus, frozenset[OccurrenceStatus]] = {
    OS.NOT_STARTED: frozenset({OS.IN_PROGRESS, OS.MET, OS.MET_LATE, OS.OVERDUE, OS.NOT_APPLICABLE}),
    OS.IN_PROGRESS: frozenset({OS.MET, OS.MET_LATE, OS.OVERDUE, OS.NOT_APPLICABLE}),
    # Overdue can still become met: the job marks it overdue, then the date met shows it was on time.
    OS.OVERDUE: frozenset({OS.IN_PROGRESS, OS.MET, OS.MET_LATE, OS.NOT_APPLICABLE}),
    OS.MET: frozenset({OS.IN_PROGRESS}),
    OS.MET_LATE: frozenset({OS.IN_PROGRESS}),
    OS.NOT_APPLICABLE: frozenset({OS.NOT_STARTED}),
}
NEEDS_REASON = frozenset(
    {(s, OS.NOT_APPLICABLE) for s, targets in OCCURRENCE_TRANSITIONS.items() if OS.NOT_APPLICABLE in targets}
    | {(OS.MET, OS.IN_PROGRESS), (OS.MET_LATE, OS.IN_PROGRESS)}
)
