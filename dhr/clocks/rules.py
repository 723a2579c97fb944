"""Clock events, units and the default rule sets for each guidance version. Pure data."""

from dataclasses import dataclass

from dhr.core.enums import LabelledEnum
from dhr.partnerships.models import GuidanceVersion


class ClockEvent(LabelledEnum):
    """Things that happen to a review and start or stop a clock."""

    NOTIFIED = "notified"
    DECIDED = "decided"
    HOME_OFFICE_TOLD_OF_DECISION = "home_office_told_of_decision"
    SIGNED_OFF = "signed_off"
    SUBMITTED = "submitted"
    COMMISSIONER_COPY_SENT = "commissioner_copy_sent"
    SECRETARY_OF_STATE_COPY_SENT = "secretary_of_state_copy_sent"
    QA_LETTER_RECEIVED = "qa_letter_received"
    APPROVED = "approved"
    PUBLISHED = "published"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "notified": "Partnership notified",
            "decided": "Decision recorded",
            "home_office_told_of_decision": "Decision sent to the Home Office",
            "signed_off": "CSP sign-off",
            "submitted": "Submitted to the Home Office",
            "commissioner_copy_sent": "Copy sent to the Domestic Abuse Commissioner",
            "secretary_of_state_copy_sent": "Copy sent to the Secretary of State",
            "qa_letter_received": "QA panel letter received",
            "approved": "Approved by the QA panel",
            "published": "Published",
        }


class OffsetUnit(LabelledEnum):
    """Calendar units for a clock's offset."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


class ClockState(LabelledEnum):
    """Where a clock stands."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "not_started": "Not started",
            "running": "Running",
            "paused": "Paused",
            "overdue": "Overdue",
            "met_on_time": "Met on time",
            "met_late": "Met late",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {
            "not_started": "grey",
            "running": "blue",
            "paused": "yellow",
            "overdue": "red",
            "met_on_time": "green",
            "met_late": "orange",
        }


@dataclass(frozen=True)
class RuleSpec:
    """One clock rule: when it starts, how long it runs, what meets it."""

    key: str
    label: str
    trigger: ClockEvent
    offset: int
    unit: OffsetUnit
    met_by: ClockEvent
    pauses_extend: bool = False
    commissioned_only: bool = False


E, U = ClockEvent, OffsetUnit
_SG2016 = (
    RuleSpec("decision", "Decision whether to hold a review", E.NOTIFIED, 1, U.MONTHS, E.DECIDED),
    RuleSpec(
        "home_office_decision", "Home Office told of the decision", E.DECIDED, 7, U.DAYS, E.HOME_OFFICE_TOLD_OF_DECISION
    ),
    RuleSpec(
        "completion",
        "Review completed (CSP sign-off)",
        E.DECIDED,
        6,
        U.MONTHS,
        E.SIGNED_OFF,
        pauses_extend=True,
        commissioned_only=True,
    ),
    RuleSpec(
        "commissioner_copy",
        "Copy to the Domestic Abuse Commissioner",
        E.SIGNED_OFF,
        14,
        U.DAYS,
        E.COMMISSIONER_COPY_SENT,
        commissioned_only=True,
    ),
    RuleSpec(
        "qa_letter", "QA panel letter expected", E.SUBMITTED, 6, U.WEEKS, E.QA_LETTER_RECEIVED, commissioned_only=True
    ),
    RuleSpec(
        "publication",
        "Publication after approval",
        E.APPROVED,
        4,
        U.WEEKS,
        E.PUBLISHED,
        pauses_extend=True,
        commissioned_only=True,
    ),
)
# The 2024 draft adds the Victims and Prisoners Act 2024 s19 duty to send the report to the Secretary of State.
_DRAFT2024 = (
    *_SG2016[:4],
    RuleSpec(
        "secretary_of_state_copy",
        "Copy to the Secretary of State",
        E.SIGNED_OFF,
        14,
        U.DAYS,
        E.SECRETARY_OF_STATE_COPY_SENT,
        commissioned_only=True,
    ),
    *_SG2016[4:],
)

DEFAULT_RULES: dict[GuidanceVersion, tuple[RuleSpec, ...]] = {
    GuidanceVersion.SG2016: _SG2016,
    GuidanceVersion.DRAFT2024: _DRAFT2024,
}
