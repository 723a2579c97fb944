"""AgencyInvolvement (one agency on one review), its status history, and chronology entries."""

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core import clock
from dhr.core.declare import CASE_TEXT, plain
from dhr.core.enums import LabelledEnum
from dhr.core.models import HistoryMixin, IdMixin, TimestampMixin, enum_column
from dhr.evidence.fuzzy_dates import FuzzyDate, Precision
from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired
from dhr.extensions import db

chronology_entry_people = Table(
    "chronology_entry_people",
    db.metadata,
    Column("entry_id", ForeignKey("chronology_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)


class AgencyInvolvement(IdMixin, TimestampMixin, db.Model):
    """What one agency knew and owes on one review: contacts, records, the output asked for and its status."""

    __tablename__ = "agency_involvements"
    __table_args__ = (
        UniqueConstraint("review_id", "agency_id"),
        CheckConstraint("output <> 'none' OR exclusion_reason <> ''", name="exclusion_reason_when_none"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    contact_victim: Mapped[Contact] = mapped_column(enum_column(Contact, "contact_victim", length=8))
    contact_perpetrator: Mapped[Contact] = mapped_column(enum_column(Contact, "contact_perpetrator", length=8))
    contact_children: Mapped[Contact] = mapped_column(enum_column(Contact, "contact_children", length=8))
    records_secured_on: Mapped[date | None] = mapped_column(Date)
    output: Mapped[OutputRequired] = mapped_column(enum_column(OutputRequired, "output_required", length=16))
    exclusion_reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[EvidenceStatus] = mapped_column(
        enum_column(EvidenceStatus, "evidence_status", length=16), default=EvidenceStatus.NOT_REQUESTED
    )
    submission_version: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    agency: Mapped[Agency] = relationship()
    review = relationship("Review")
    entries: Mapped[list["ChronologyEntry"]] = relationship(
        back_populates="involvement", cascade="all, delete-orphan", order_by="ChronologyEntry.date_start"
    )
    changes: Mapped[list["EvidenceStatusChange"]] = relationship(
        back_populates="involvement", cascade="all, delete-orphan", order_by="EvidenceStatusChange.id"
    )
    reminders: Mapped[list["EvidenceReminder"]] = relationship(
        cascade="all, delete-orphan", order_by="EvidenceReminder.id"
    )
    imr_versions: Mapped[list["ImrVersion"]] = relationship(cascade="all, delete-orphan", order_by="ImrVersion.number")

    @property
    def latest_imr(self) -> "ImrVersion | None":
        """The newest saved IMR version."""
        return self.imr_versions[-1] if self.imr_versions else None


class EvidenceStatusChange(IdMixin, HistoryMixin, db.Model):
    """One step of an evidence request, with who took it and why."""

    __tablename__ = "evidence_status_changes"

    involvement_id: Mapped[int] = mapped_column(ForeignKey("agency_involvements.id"), index=True)
    from_status: Mapped[EvidenceStatus] = mapped_column(enum_column(EvidenceStatus, "evidence_from", length=16))
    to_status: Mapped[EvidenceStatus] = mapped_column(enum_column(EvidenceStatus, "evidence_to", length=16))
    reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)

    involvement: Mapped[AgencyInvolvement] = relationship(back_populates="changes")


class ChronologyEntry(IdMixin, TimestampMixin, db.Model):
    """One event in an agency's chronology (domain.md §3.4), with a date as precise as it is known."""

    __tablename__ = "chronology_entries"
    __table_args__ = (
        UniqueConstraint("involvement_id", "fingerprint"),
        CheckConstraint("date_end IS NULL OR date_end >= date_start", name="date_order"),
        # The combined chronology's order within a review, so its first pages read the index instead of sorting
        # the review's 20,000 rows; and the event types its filter offers, read from the index alone.
        Index("ix_chronology_entries_review_order", "review_id", "date_start", "time_of_day", "id"),
        Index("ix_chronology_entries_review_event_type", "review_id", "event_type"),
    )

    involvement_id: Mapped[int] = mapped_column(ForeignKey("agency_involvements.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    date_start: Mapped[date] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    precision: Mapped[Precision] = mapped_column(enum_column(Precision, "date_precision", length=10))
    approximate: Mapped[bool] = mapped_column(default=False)
    time_of_day: Mapped[time | None] = mapped_column(Time)
    service_team: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    source_ref: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    event_type: Mapped[str] = mapped_column(String(120), default="", info=CASE_TEXT)
    details: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    outcome: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    comment: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    # SHA-256 of the entry's content: the same row imported twice is recognised, not duplicated.
    fingerprint: Mapped[str] = mapped_column(String(64), info=plain("a hash of the row, for duplicates"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    involvement: Mapped[AgencyInvolvement] = relationship(back_populates="entries")
    people = relationship("Person", secondary=chronology_entry_people, order_by="Person.id")

    @property
    def when(self) -> FuzzyDate:
        """The entry's date as a FuzzyDate."""
        return FuzzyDate(self.date_start, self.precision, self.date_end, self.time_of_day, self.approximate)


class ReminderKind(LabelledEnum):
    """What a chase was."""

    BEFORE_DUE = "before_due"
    OVERDUE = "overdue"
    ESCALATION = "escalation"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "before_due": "Reminder before the due date",
            "overdue": "Overdue reminder",
            "escalation": "Escalated to the senior contact",
        }


class EvidenceReminder(IdMixin, db.Model):
    """One chase sent by `flask dhr send-reminders`; unique per step, so a daily run never repeats itself."""

    __tablename__ = "evidence_reminders"
    __table_args__ = (UniqueConstraint("involvement_id", "kind", "offset_days"),)

    involvement_id: Mapped[int] = mapped_column(ForeignKey("agency_involvements.id"), index=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind, "reminder_kind", length=12))
    offset_days: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[date] = mapped_column(Date)
    recipients: Mapped[str] = mapped_column(Text, default="", info=plain("the recipients' email addresses"))
    sent_at: Mapped[datetime] = mapped_column(default=clock.now_default)


class ChronologyImport(IdMixin, db.Model):
    """One spreadsheet uploaded for an agency's chronology: the file, the column mapping used, and the result.

    The latest mapping an agency used is suggested next time.
    """

    __tablename__ = "chronology_imports"

    involvement_id: Mapped[int] = mapped_column(ForeignKey("agency_involvements.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    mapping: Mapped[dict] = mapped_column(JSON, default=dict, info=plain("which spreadsheet column is which field"))
    imported_rows: Mapped[int | None] = mapped_column(Integer)
    duplicate_rows: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime | None]

    involvement: Mapped[AgencyInvolvement] = relationship()
    file = relationship("StoredFile")


class DuplicateDecision(IdMixin, db.Model):
    """The chair's decision on a suggested pair: the same event (the second is a duplicate) or two events."""

    __tablename__ = "duplicate_decisions"
    __table_args__ = (
        UniqueConstraint("first_entry_id", "second_entry_id"),
        CheckConstraint("first_entry_id < second_entry_id", name="ordered_pair"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    first_entry_id: Mapped[int] = mapped_column(ForeignKey("chronology_entries.id", ondelete="CASCADE"))
    second_entry_id: Mapped[int] = mapped_column(ForeignKey("chronology_entries.id", ondelete="CASCADE"))
    same_event: Mapped[bool] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=clock.now_default)

    decided_by = relationship("User")


class ImrVersion(IdMixin, db.Model):
    """One saved version of an agency's IMR. Versions are never changed: saving makes a new one."""

    __tablename__ = "imr_versions"
    __table_args__ = (UniqueConstraint("involvement_id", "number"),)

    involvement_id: Mapped[int] = mapped_column(ForeignKey("agency_involvements.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sections: Mapped[dict] = mapped_column(JSON, default=dict, info=CASE_TEXT)  # each IMR section's text, by key
    author_name: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    author_role: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    sign_off_name: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    sign_off_role: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    sign_off_on: Mapped[date | None] = mapped_column(Date)
    attested: Mapped[bool] = mapped_column(default=False)
    # The author had no part in the case and does not manage anyone who had (the report's contributors table).
    author_independent: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=clock.now_default)

    file = relationship("StoredFile")
    saved_by = relationship("User")

    @property
    def signed_off(self) -> bool:
        """A senior manager has signed it off: name, role, date and the attestation."""
        return bool(self.sign_off_name and self.sign_off_role and self.sign_off_on and self.attested)
