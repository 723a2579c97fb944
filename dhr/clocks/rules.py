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
    HOME_OFFICE_TOLD_OF_DELAY = "home_office_told_of_delay"
    QA_LETTER_RECEIVED = "qa_letter_received"
    APPROVED = "approved"
    PUBLISHED = "published"
    PUBLICATION_WITHHELD = "publication_withheld"

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
            "home_office_told_of_delay": "Home Office told of the delay",
            "qa_letter_received": "QA panel letter received",
            "approved": "Approved by the QA panel",
            "published": "Published",
            "publication_withheld": "Publication withheld with the Home Office's agreement",
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
    MISSED = "missed"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "not_started": "Not started",
            "running": "Running",
            "paused": "Paused",
            "overdue": "Overdue",
            "met_on_time": "Met on time",
            "met_late": "Met late",
            "missed": "Missed",
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
            "missed": "red",
        }


class RuleBasis(LabelledEnum):
    """Where a clock's timescale comes from. Only statute and statutory guidance may be called statutory."""

    STATUTE = "statute"
    GUIDANCE = "guidance"
    LOCAL = "local"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"statute": "Statute", "guidance": "Statutory guidance", "local": "Local target"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"statute": "purple", "guidance": "blue", "local": "grey"}

    @property
    def statutory(self) -> bool:
        """Statute or statutory guidance: the only bases a clock may be called statutory on."""
        return self is not RuleBasis.LOCAL


# The commencement a rule waits for, by key: the partnership's settings hold the date each came into force.
VPA_2024_S19 = "vpa_2024_s19"
COMMENCEMENTS = {VPA_2024_S19: "Victims and Prisoners Act 2024 s19"}


@dataclass(frozen=True)
class RuleSpec:
    """One clock rule: when it starts, how long it runs, what meets it, and where its timescale comes from.

    `basis`, `source` and `note` say what the timescale rests on: the source is the citation (statute with its
    section, guidance with its paragraph), the note what the source says and what it leaves to the partnership.
    `waived_by` is an event that makes the clock unnecessary when it happens by the due date and ends it as missed
    when it happens after. `commencement` names a provision the clock waits for (see COMMENCEMENTS)."""

    key: str
    label: str
    trigger: ClockEvent
    offset: int
    unit: OffsetUnit
    met_by: ClockEvent
    pauses_extend: bool = False
    commissioned_only: bool = False
    basis: RuleBasis = RuleBasis.LOCAL
    source: str = ""
    note: str = ""
    waived_by: ClockEvent | None = None
    commencement: str | None = None
    local_note: str = ""


E, U, B = ClockEvent, OffsetUnit, RuleBasis
SG2016 = "Multi-agency statutory guidance for the conduct of domestic homicide reviews (Home Office, 2016)"
DVCVA_S9 = "Domestic Violence, Crime and Victims Act 2004 s9"

_DECISION = RuleSpec(
    "decision",
    "Decision whether to hold a review",
    E.NOTIFIED,
    1,
    U.MONTHS,
    E.DECIDED,
    basis=B.GUIDANCE,
    source="SG2016 section 3 (Establishing a DHR)",
    note="The partnership decides whether to hold a review within one month of being told of the death. Check the "
    "paragraph against your copy of the guidance: this product cites the section.",
)
_HOME_OFFICE_DECISION = RuleSpec(
    "home_office_decision",
    "Home Office told of the decision",
    E.DECIDED,
    7,
    U.DAYS,
    E.HOME_OFFICE_TOLD_OF_DECISION,
    basis=B.LOCAL,
    source="SG2016 section 3 (Establishing a DHR)",
    note="The guidance asks the partnership to tell the Home Office of its decision, with reasons, and sets no "
    "number of days. 7 days is this product's default, not a national figure.",
)
_COMPLETION = RuleSpec(
    "completion",
    "Review completed (CSP sign-off)",
    E.DECIDED,
    6,
    U.MONTHS,
    E.SIGNED_OFF,
    pauses_extend=True,
    commissioned_only=True,
    basis=B.GUIDANCE,
    source="SG2016 section 5 (Timescales for conducting a DHR)",
    note="The guidance expects the overview report to be completed within six months of the decision to hold a "
    "review. It counts from the decision: extending the clock for paused time is a local allowance, and the "
    "six-month figures in statistics and reports give both counts.",
)
_HOME_OFFICE_DELAY = RuleSpec(
    "home_office_delay",
    "Home Office told of any delay past six months",
    E.DECIDED,
    6,
    U.MONTHS,
    E.HOME_OFFICE_TOLD_OF_DELAY,
    commissioned_only=True,
    basis=B.GUIDANCE,
    source="SG2016 section 5 (Timescales for conducting a DHR)",
    note="A review that will not be completed within six months of the decision tells the Home Office why. Not "
    "needed once the review is signed off within the six months; missed if it is signed off later without it.",
    waived_by=E.SIGNED_OFF,
)
_COMMISSIONER_COPY = RuleSpec(
    "commissioner_copy",
    "Copy to the Domestic Abuse Commissioner",
    E.SIGNED_OFF,
    14,
    U.DAYS,
    E.COMMISSIONER_COPY_SENT,
    commissioned_only=True,
    basis=B.LOCAL,
    source=f"{DVCVA_S9}(3B)–(3C)",
    note="The Act requires a copy as soon as reasonably practicable after the report is completed and sets no "
    "number of days. 14 days is a local target; change it to your protocol's.",
)
_SECRETARY_OF_STATE_COPY = RuleSpec(
    "secretary_of_state_copy",
    "Copy to the Secretary of State",
    E.SIGNED_OFF,
    14,
    U.DAYS,
    E.SECRETARY_OF_STATE_COPY_SENT,
    commissioned_only=True,
    basis=B.LOCAL,
    source="Victims and Prisoners Act 2024 s19 (a new section after DVCVA 2004 s8)",
    note="Once s19 is in force the report goes to the Secretary of State as soon as reasonably practicable after "
    "completion; no number of days is given. The clock runs for reports signed off on or after the commencement "
    "date in the partnership's settings. 14 days is a local target.",
    commencement=VPA_2024_S19,
)
_QA_LETTER = RuleSpec(
    "qa_letter",
    "QA panel letter expected",
    E.SUBMITTED,
    6,
    U.WEEKS,
    E.QA_LETTER_RECEIVED,
    commissioned_only=True,
    basis=B.LOCAL,
    source="Observed in published Home Office QA feedback letters",
    note="No source sets a time for the Home Office's letter. Published letters have come about a month after the "
    "panel met; 6 weeks from submission is a local expectation for chasing it.",
)
_PUBLICATION = RuleSpec(
    "publication",
    "Publication after approval",
    E.APPROVED,
    4,
    U.WEEKS,
    E.PUBLISHED,
    pauses_extend=True,
    commissioned_only=True,
    basis=B.LOCAL,
    source="SG2016 (publication after Home Office QA approval)",
    note="The guidance has the report published once the QA panel has approved it, and gives no number of weeks. "
    "4 weeks is a local target. Not needed when publication is withheld with the Home Office's agreement.",
    waived_by=E.PUBLICATION_WITHHELD,
)

_SG2016 = (
    _DECISION,
    _HOME_OFFICE_DECISION,
    _COMPLETION,
    _HOME_OFFICE_DELAY,
    _COMMISSIONER_COPY,
    _SECRETARY_OF_STATE_COPY,
    _QA_LETTER,
    _PUBLICATION,
)
# No timescale of the 2024 consultation draft could be sourced beyond the 2016 ones: until the draft is final, a
# partnership that follows it keeps the 2016 clocks.
_DRAFT2024 = _SG2016

DEFAULT_RULES: dict[GuidanceVersion, tuple[RuleSpec, ...]] = {
    GuidanceVersion.SG2016: _SG2016,
    GuidanceVersion.DRAFT2024: _DRAFT2024,
}
