"""Actions towards a recommendation, with their status history, dated progress updates, evidence files and the
reminders sent about them."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.actions.stages import ActionStatus, ReminderKind
from dhr.agencies.models import Agency
from dhr.core import clock
from dhr.core.declare import CASE_TEXT, plain
from dhr.core.models import HistoryMixin, IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.recommendations.models import Recommendation


class Action(IdMixin, TimestampMixin, db.Model):
    """One row of the action plan: the Home Office columns, a named owner in the lead agency, and a status that
    only actions.workflow.transition() changes."""

    __tablename__ = "plan_actions"
    # workflow.transition() keeps these together; the database refuses any other writer that does not.
    __table_args__ = (
        CheckConstraint("(status = 'completed') = (approved_at IS NOT NULL)", name="approval_fields"),
        CheckConstraint("status <> 'completed' OR completed_on IS NOT NULL", name="completed_on_when_completed"),
    )

    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id"), index=True)
    # Kept on the action too, so the tracker filters by review without a join.
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    action: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owner_name: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    milestones: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    target_on: Mapped[date | None] = mapped_column(Date, index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status", length=24), default=ActionStatus.NOT_STARTED, index=True
    )
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    review = relationship("Review")
    lead_agency: Mapped[Agency] = relationship()
    owner = relationship("User", foreign_keys=[owner_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    updates: Mapped[list["ActionUpdate"]] = relationship(
        back_populates="plan_action", order_by="desc(ActionUpdate.id)", cascade="all, delete-orphan"
    )
    evidence: Mapped[list["ActionEvidence"]] = relationship(
        back_populates="plan_action", order_by="ActionEvidence.id", cascade="all, delete-orphan"
    )
    changes: Mapped[list["ActionStatusChange"]] = relationship(
        back_populates="plan_action", order_by="ActionStatusChange.id", cascade="all, delete-orphan"
    )
    reminders_sent: Mapped[list["ActionReminder"]] = relationship(
        order_by="ActionReminder.id", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        """'R4.2': the recommendation's number and the action's place under it."""
        return f"{self.recommendation.label}.{self.position}"

    @property
    def takes_updates(self) -> bool:
        """Open and not waiting for the coordinator's approval: progress updates and evidence can be added."""
        return self.status.is_open and self.status is not ActionStatus.COMPLETION_REQUESTED

    @property
    def owner_label(self) -> str:
        """The named owner: the user's name, or the name typed when they have no account."""
        return self.owner.name if self.owner is not None else self.owner_name


class ActionStatusChange(IdMixin, HistoryMixin, db.Model):
    """One move of an action's status: from, to, when, who and why."""

    __tablename__ = "action_status_changes"

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_from_status", length=24))
    to_status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_to_status", length=24))
    reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)

    plan_action: Mapped[Action] = relationship(back_populates="changes")


class ActionUpdate(IdMixin, db.Model):
    """A dated progress update from the lead agency (or the coordinator), with the status it reported."""

    __tablename__ = "action_updates"

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True)
    written_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_update_status", length=24))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now_default)

    plan_action: Mapped[Action] = relationship(back_populates="updates")
    author = relationship("User")


class ActionEvidence(IdMixin, db.Model):
    """A file that shows the action was done (passed by the upload guard, security.md group F)."""

    __tablename__ = "action_evidence"

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    description: Mapped[str] = mapped_column(String(300), default="", info=CASE_TEXT)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now_default)

    plan_action: Mapped[Action] = relationship(back_populates="evidence")
    file = relationship("StoredFile")
    uploaded_by = relationship("User")


class ActionReminder(IdMixin, db.Model):
    """A reminder sent about an action, so that each is sent once: `period` names the quarter or the chase."""

    __tablename__ = "action_reminders"
    __table_args__ = (UniqueConstraint("action_id", "kind", "period"),)

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind, "action_reminder_kind", length=16))
    period: Mapped[str] = mapped_column(String(20), info=plain("the reminder's period key"))
    sent_on: Mapped[date] = mapped_column(Date)
    recipients: Mapped[str] = mapped_column(Text, default="", info=plain("the recipients' email addresses"))
