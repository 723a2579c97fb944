"""Meeting, its status history, agenda items (with discussion and decisions), attendance and actions."""

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core.declare import CASE_TEXT
from dhr.core.models import HistoryMixin, IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.meetings.stages import AttendanceStatus, AttendeeRole, MeetingKind, MeetingStatus


def uk_time(value: time) -> str:
    """GOV.UK style: 10am, 2:30pm, midday."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


class Meeting(IdMixin, TimestampMixin, db.Model):
    """One meeting of the review: when, where, what kind, whether it happened, and its general minutes.

    Its status changes only through meetings.workflow.change_status().
    """

    __tablename__ = "meetings"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind", length=16))
    meeting_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time | None] = mapped_column(Time)
    location: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status", length=12), default=MeetingStatus.PLANNED
    )
    minutes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic locking: the chair and the coordinator may both be writing the minutes.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    review = relationship("Review")
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="[AgendaItem.position, AgendaItem.id]"
    )
    attendees: Mapped[list["Attendee"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendee.id"
    )
    actions: Mapped[list["MeetingAction"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="[MeetingAction.due_on, MeetingAction.id]"
    )
    changes: Mapped[list["MeetingStatusChange"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingStatusChange.id"
    )

    @property
    def title(self) -> str:
        """'First panel meeting, 3 March 2026': how the meeting is named on pages and in the audit log."""
        return f"{self.kind.label}, {self.meeting_on.day} {self.meeting_on:%B %Y}"

    @property
    def ready_to_hold(self) -> bool:
        """Planned, on or before today: workflow.change_status would accept recording it as held."""
        from dhr.core.dates import london_today

        return self.status is MeetingStatus.PLANNED and self.meeting_on <= london_today()

    @property
    def named(self) -> str:
        """The title to follow 'the' in a sentence: 'first panel meeting, 3 March 2026'."""
        return self.title[0].lower() + self.title[1:]

    @property
    def when(self) -> str:
        """'3 March 2026 at 10am', or just the date when no start time is set."""
        day = f"{self.meeting_on.day} {self.meeting_on:%B %Y}"
        return f"{day} at {uk_time(self.starts_at)}" if self.starts_at else day

    @property
    def open_actions(self) -> int:
        """How many of its actions are not yet done (from the loaded actions)."""
        return sum(1 for action in self.actions if action.done_on is None)

    @property
    def editable(self) -> bool:
        """A cancelled meeting is read-only until it is reinstated."""
        return self.status is not MeetingStatus.CANCELLED


class MeetingStatusChange(IdMixin, HistoryMixin, db.Model):
    """One move of a meeting's status, with who made it and why."""

    __tablename__ = "meeting_status_changes"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    from_status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus, "meeting_from_status", length=12))
    to_status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus, "meeting_to_status", length=12))
    reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)

    meeting: Mapped[Meeting] = relationship(back_populates="changes")


class AgendaItem(IdMixin, db.Model):
    """A numbered item on the agenda, with its discussion notes and, separately, what was decided."""

    __tablename__ = "meeting_agenda_items"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    # 1, 2, 3... kept gap-free by the services; not unique in the database, so a swap is two plain updates.
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), info=CASE_TEXT)
    presenter: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    decisions: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class Attendee(IdMixin, db.Model):
    """One person on a meeting's attendance list: a review member (by user) or a guest (by name).

    Name, role and agency are kept as they were at the meeting, so the record still reads true after
    someone leaves the review or changes role.
    """

    __tablename__ = "meeting_attendees"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("(role = 'guest') = (user_id IS NULL)", name="guest_or_member"),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200), info=CASE_TEXT)
    role: Mapped[AttendeeRole] = mapped_column(enum_column(AttendeeRole, "attendee_role", length=16))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    # A guest's organisation when it is not one of the partnership's agencies.
    organisation: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus, "attendance_status", length=12))

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    agency: Mapped[Agency | None] = relationship()

    @property
    def represents(self) -> str:
        """The agency or organisation the person speaks for, if any."""
        return self.agency.name if self.agency is not None else self.organisation

    @property
    def is_guest(self) -> bool:
        """Not a member of the review."""
        return self.role is AttendeeRole.GUEST


class MeetingAction(IdMixin, TimestampMixin, db.Model):
    """Something a meeting asked someone to do by a date; ticked off when done, and reopened if it was not."""

    __tablename__ = "meeting_actions"
    __table_args__ = (CheckConstraint("owner_id IS NOT NULL OR owner_name <> ''", name="has_owner"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    # Denormalised from the meeting: the review's open actions are one indexed query.
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_agenda_items.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_name: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="actions")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    owner = relationship("User", foreign_keys=[owner_id])
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def owner_label(self) -> str:
        """Who owns the action: the member's name, or the name typed in."""
        return self.owner.name if self.owner is not None else self.owner_name

    @property
    def done(self) -> bool:
        """Ticked off."""
        return self.done_on is not None

    def overdue(self, today: date) -> bool:
        """Still open after its due date."""
        return self.done_on is None and self.due_on < today
