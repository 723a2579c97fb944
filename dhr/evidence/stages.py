"""An agency's evidence request: its states and transitions. Pure data."""

from dhr.core.enums import LabelledEnum


class EvidenceStatus(LabelledEnum):
    """requested -> in progress -> submitted -> returned (-> in progress ...) or accepted."""

    NOT_REQUESTED = "not_requested"
    REQUESTED = "requested"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "not_requested": "Not requested",
            "requested": "Requested",
            "in_progress": "In progress",
            "submitted": "Submitted",
            "returned": "Returned for amendment",
            "accepted": "Accepted",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {
            "not_requested": "grey",
            "requested": "light-blue",
            "in_progress": "blue",
            "submitted": "purple",
            "returned": "orange",
            "accepted": "green",
        }


E = EvidenceStatus
EVIDENCE_TRANSITIONS: dict[EvidenceStatus, frozenset[EvidenceStatus]] = {
    E.NOT_REQUESTED: frozenset({E.REQUESTED}),
    E.REQUESTED: frozenset({E.IN_PROGRESS, E.SUBMITTED}),
    E.IN_PROGRESS: frozenset({E.SUBMITTED}),
    E.SUBMITTED: frozenset({E.RETURNED, E.ACCEPTED}),
    E.RETURNED: frozenset({E.IN_PROGRESS, E.SUBMITTED}),
    E.ACCEPTED: frozenset(),
}
# Contributors may change their entries only while the work is theirs.
EDITABLE = frozenset({E.REQUESTED, E.IN_PROGRESS, E.RETURNED})


class Contact(LabelledEnum):
    """Whether the agency had contact with someone."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class OutputRequired(LabelledEnum):
    """What the panel asks the agency for."""

    IMR = "imr"
    SHORT_REPORT = "short_report"
    CHRONOLOGY = "chronology"
    NONE = "none"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "imr": "Individual Management Review and chronology",
            "short_report": "Short report and chronology",
            "chronology": "Chronology only",
            "none": "Nothing (record why)",
        }
