"""The duty register: duties, their occurrences (with status history, evidence and reminders), and the strategy
with its cross-cutting principles, delivery groups and numbered objectives, to which review recommendations and
actions can be linked."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.actions.models import Action
from dhr.agencies.models import Agency
from dhr.core import clock
from dhr.core.declare import plain
from dhr.core.models import HistoryMixin, IdMixin, TimestampMixin, enum_column
from dhr.duties.stages import AppliesTo, Frequency, LiveDuty, OccurrenceStatus
from dhr.extensions import db
from dhr.recommendations.models import Recommendation


class Duty(IdMixin, TimestampMixin, db.Model):
    """A statutory duty of the partnership (domain.md §7.2): its legal basis, where it applies, how often it falls
    due, and who owns it."""

    __tablename__ = "duties"
    __table_args__ = (UniqueConstraint("partnership_id", "code"),)

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    code: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    legal_url: Mapped[str] = mapped_column(String(500), default="")
    applies_to: Mapped[AppliesTo] = mapped_column(enum_column(AppliesTo, "duty_applies_to", length=20))
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "duty_frequency", length=16))
    # The day an annual or three-yearly duty falls due, and the first year of the three-year cycle.
    due_month: Mapped[int | None] = mapped_column(Integer)
    due_day: Mapped[int | None] = mapped_column(Integer)
    anchor_year: Mapped[int | None] = mapped_column(Integer)
    output: Mapped[str] = mapped_column(String(300), default="")
    owner_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    owner_officer: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    live: Mapped[LiveDuty] = mapped_column(enum_column(LiveDuty, "live_duty", length=20), default=LiveDuty.NONE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    owner_agency: Mapped[Agency | None] = relationship()
    occurrences: Mapped[list["DutyOccurrence"]] = relationship(
        back_populates="duty", order_by="DutyOccurrence.due_on", cascade="all, delete-orphan"
    )


class DutyOccurrence(IdMixin, TimestampMixin, db.Model):
    """One time a duty falls due: its period, due date, status, and when and by whom it was met."""

    __tablename__ = "duty_occurrences"
    __table_args__ = (
        UniqueConstraint("duty_id", "period_start"),
        # workflow.transition() keeps these together; the database refuses any other writer that does not.
        CheckConstraint("(status IN ('met', 'met_late')) = (met_on IS NOT NULL)", name="met_fields"),
        CheckConstraint("(status = 'not_applicable') = (reason <> '')", name="not_applicable_reason"),
    )

    duty_id: Mapped[int] = mapped_column(ForeignKey("duties.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[OccurrenceStatus] = mapped_column(
        enum_column(OccurrenceStatus, "occurrence_status", length=16), default=OccurrenceStatus.NOT_STARTED
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    met_on: Mapped[date | None] = mapped_column(Date)
    met_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    duty: Mapped[Duty] = relationship(back_populates="occurrences")
    met_by = relationship("User")
    changes: Mapped[list["OccurrenceChange"]] = relationship(
        back_populates="occurrence", order_by="OccurrenceChange.id", cascade="all, delete-orphan"
    )
    evidence: Mapped[list["OccurrenceEvidence"]] = relationship(
        back_populates="occurrence", order_by="OccurrenceEvidence.id", cascade="all, delete-orphan"
    )
    reminders_sent: Mapped[list["DutyReminder"]] = relationship(
        order_by="DutyReminder.id", cascade="all, delete-orphan"
    )


class OccurrenceChange(IdMixin, HistoryMixin, db.Model):
    """One move of an occurrence's status: from, to, when, who and why."""

    __tablename__ = "duty_occurrence_changes"

    occurrence_id: Mapped[int] = mapped_column(ForeignKey("duty_occurrences.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[OccurrenceStatus] = mapped_column(
        enum_column(OccurrenceStatus, "occurrence_from_status", length=16)
    )
    to_status: Mapped[OccurrenceStatus] = mapped_column(
        enum_column(OccurrenceStatus, "occurrence_to_status", length=16)
    )
    reason: Mapped[str] = mapped_column(Text, default="")

    occurrence: Mapped[DutyOccurrence] = relationship(back_populates="changes")


class OccurrenceEvidence(IdMixin, db.Model):
    """A file showing the duty was met (passed by the upload guard)."""

    __tablename__ = "duty_evidence"

    occurrence_id: Mapped[int] = mapped_column(ForeignKey("duty_occurrences.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    description: Mapped[str] = mapped_column(String(300), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now_default)

    occurrence: Mapped[DutyOccurrence] = relationship(back_populates="evidence")
    file = relationship("StoredFile")
    uploaded_by = relationship("User")


class DutyReminder(IdMixin, db.Model):
    """A reminder sent about an occurrence, once per kind and period."""

    __tablename__ = "duty_reminders"
    __table_args__ = (UniqueConstraint("occurrence_id", "kind", "period"),)

    occurrence_id: Mapped[int] = mapped_column(ForeignKey("duty_occurrences.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)
    recipients: Mapped[str] = mapped_column(Text, default="")


class Strategy(IdMixin, TimestampMixin, db.Model):
    """The partnership's strategy: its period, vision and cross-cutting principles."""

    __tablename__ = "strategies"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_year: Mapped[int] = mapped_column(Integer)
    ends_year: Mapped[int] = mapped_column(Integer)
    refreshed_on: Mapped[date | None] = mapped_column(Date)
    vision: Mapped[str] = mapped_column(Text, default="")
    principles: Mapped[list] = mapped_column(JSON, default=list)

    groups: Mapped[list["DeliveryGroup"]] = relationship(
        back_populates="strategy", order_by="DeliveryGroup.position", cascade="all, delete-orphan"
    )


objective_recommendations = Table(
    "objective_recommendations",
    db.metadata,
    Column("objective_id", ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True),
    Column("recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True, index=True),
)
objective_actions = Table(
    "objective_actions",
    db.metadata,
    Column("objective_id", ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("plan_actions.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class DeliveryGroup(IdMixin, db.Model):
    """A delivery group of the strategy, with its aim."""

    __tablename__ = "delivery_groups"

    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    aim: Mapped[str] = mapped_column(Text, default="")

    strategy: Mapped[Strategy] = relationship(back_populates="groups")
    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="group", order_by="Objective.number", cascade="all, delete-orphan"
    )


class Objective(IdMixin, db.Model):
    """A numbered objective of a delivery group; review recommendations and actions can be linked to it."""

    __tablename__ = "objectives"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("delivery_groups.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    group: Mapped[DeliveryGroup] = relationship(back_populates="objectives")
    recommendations: Mapped[list[Recommendation]] = relationship(secondary=objective_recommendations)
    actions: Mapped[list[Action]] = relationship(secondary=objective_actions)

    @property
    def label(self) -> str:
        """'Victim 2': the group's name and the objective's number."""
        return f"{self.group.name} {self.number}"


class AnnualReportSignOff(IdMixin, db.Model):
    """The board's sign-off of the partnership's annual report for a year: until it is recorded, the report is a
    draft and says so on every page."""

    __tablename__ = "annual_report_sign_offs"
    __table_args__ = (UniqueConstraint("partnership_id", "year"),)

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    signed_off_on: Mapped[date] = mapped_column(Date)
    signed_off_by: Mapped[str] = mapped_column(String(200), info=plain("the board or meeting that signed it off"))
    minute_reference: Mapped[str] = mapped_column(String(200), default="", info=plain("a minute reference"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
