"""Who belongs on a meeting's attendance list, and what the list says about representation. No writes."""

from dataclasses import dataclass, field

from dhr.meetings.stages import AttendanceStatus, AttendeeRole
from dhr.permissions import ReviewRole

# Member roles that sit at the panel table, most senior first: a user with two roles is listed once, by the first.
ROLE_ORDER = (
    ReviewRole.CHAIR,
    ReviewRole.COORDINATOR,
    ReviewRole.AUTHOR,
    ReviewRole.PANEL_MEMBER,
    ReviewRole.OBSERVER,
)


@dataclass
class RosterRow:
    """One line of the attendance form: a member (by user) or a guest already recorded."""

    key: str
    name: str
    role: AttendeeRole
    represents: str
    status: AttendanceStatus | None
    user_id: int | None = None
    agency_id: int | None = None
    attendee: object | None = None

    @property
    def legend(self) -> str:
        """'Ruth Mensah, Panel member (Westminster Adult Social Care)'."""
        text = f"{self.name}, {self.role.label}"
        return f"{text} ({self.represents})" if self.represents else text


def _member_rows(review) -> dict[int, RosterRow]:
    """Each active user with a panel-table role on the review, once, by their most senior role."""
    rows: dict[int, RosterRow] = {}
    for role in ROLE_ORDER:
        for member in review.members:
            if member.role is not role or not member.user.active:
                continue
            row = rows.get(member.user_id)
            if row is None:
                rows[member.user_id] = RosterRow(
                    key=f"user_{member.user_id}",
                    name=member.user.name,
                    role=AttendeeRole(role.value),
                    represents=member.agency.name if member.agency else "",
                    status=None,
                    user_id=member.user_id,
                    agency_id=member.agency_id,
                )
            elif row.agency_id is None and member.agency_id is not None:
                # A chair who is also a panel member still speaks for that agency.
                row.agency_id, row.represents = member.agency_id, member.agency.name
    return rows


def roster(meeting) -> list[RosterRow]:
    """The attendance list: current members, anyone recorded who has since left the review, then guests."""
    rows = _member_rows(meeting.review)
    guests = []
    for attendee in meeting.attendees:
        if attendee.is_guest:
            guests.append(
                RosterRow(
                    key=f"guest_{attendee.id}",
                    name=attendee.name,
                    role=AttendeeRole.GUEST,
                    represents=attendee.represents,
                    status=attendee.status,
                    agency_id=attendee.agency_id,
                    attendee=attendee,
                )
            )
            continue
        row = rows.get(attendee.user_id)
        if row is None:
            rows[attendee.user_id] = row = RosterRow(
                key=f"user_{attendee.user_id}",
                name=attendee.name,
                role=attendee.role,
                represents=attendee.represents,
                status=None,
                user_id=attendee.user_id,
                agency_id=attendee.agency_id,
            )
        row.status, row.attendee = attendee.status, attendee
    order = {role: n for n, role in enumerate(AttendeeRole)}
    members = sorted(rows.values(), key=lambda r: (order[r.role], r.name.casefold()))
    return members + guests


@dataclass
class Representation:
    """Quorum-style facts: who came, for which agencies, and which panel agencies were missing."""

    present: list = field(default_factory=list)
    apologies: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    missing_agencies: list[str] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        """Any attendance has been recorded."""
        return bool(self.present or self.apologies or self.absent)


def representation(meeting) -> Representation:
    """Count the meeting's attendance and the agencies represented by those present."""
    facts = Representation()
    by_status = {
        AttendanceStatus.PRESENT: facts.present,
        AttendanceStatus.APOLOGIES: facts.apologies,
        AttendanceStatus.ABSENT: facts.absent,
    }
    for attendee in meeting.attendees:
        by_status[attendee.status].append(attendee)
    seen: dict[str, str] = {}
    for attendee in facts.present:
        if attendee.represents:
            seen.setdefault(attendee.represents.casefold(), attendee.represents)
    facts.agencies = sorted(seen.values(), key=str.casefold)
    panel_agencies = {
        m.agency.name for m in meeting.review.members if m.role is ReviewRole.PANEL_MEMBER and m.agency is not None
    }
    facts.missing_agencies = sorted((a for a in panel_agencies if a.casefold() not in seen), key=str.casefold)
    return facts
