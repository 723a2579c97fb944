"""A meeting's kinds, its status and the moves between statuses; attendance and attendee roles. Pure data."""

from dhr.core.enums import LabelledEnum


class MeetingKind(LabelledEnum):
    """What the meeting is for."""

    SCOPING = "scoping"
    FIRST_PANEL = "first_panel"
    PANEL = "panel"
    FAMILY = "family"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "scoping": "Scoping meeting",
            "first_panel": "First panel meeting",
            "panel": "Panel meeting",
            "family": "Family meeting with the panel",
            "other": "Other meeting",
        }


# The kinds whose dates go into the report's Timescales section as panel meetings.
PANEL_KINDS = frozenset({MeetingKind.FIRST_PANEL, MeetingKind.PANEL})


class MeetingStatus(LabelledEnum):
    """planned -> held or cancelled; a cancelled meeting can be planned again, a held one corrected back."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"planned": "Planned", "held": "Held", "cancelled": "Cancelled"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"planned": "blue", "held": "green", "cancelled": "grey"}


M = MeetingStatus
MEETING_TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    M.PLANNED: frozenset({M.HELD, M.CANCELLED}),
    # Recorded as held by mistake (or too early): back to planned, with a reason.
    M.HELD: frozenset({M.PLANNED}),
    M.CANCELLED: frozenset({M.PLANNED}),
}
# Moves that must say why: they undo or call off something people were expecting.
NEEDS_REASON = frozenset({(M.PLANNED, M.CANCELLED), (M.HELD, M.PLANNED)})
# What each move is called on the page.
MOVE_LABELS = {
    (M.PLANNED, M.HELD): "Record that the meeting was held",
    (M.PLANNED, M.CANCELLED): "Cancel the meeting",
    (M.HELD, M.PLANNED): "It was not held: back to planned",
    (M.CANCELLED, M.PLANNED): "Reinstate the meeting",
}


class AttendanceStatus(LabelledEnum):
    """Whether someone came."""

    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"present": "Present", "apologies": "Apologies", "absent": "Absent"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"present": "green", "apologies": "yellow", "absent": "grey"}


class AttendeeRole(LabelledEnum):
    """The part someone played at the meeting: their role on the review, or a guest."""

    CHAIR = "chair"
    COORDINATOR = "coordinator"
    AUTHOR = "author"
    PANEL_MEMBER = "panel_member"
    OBSERVER = "observer"
    GUEST = "guest"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "chair": "Independent chair",
            "coordinator": "Coordinator",
            "author": "Overview report author",
            "panel_member": "Panel member",
            "observer": "Observer",
            "guest": "Guest",
        }
