"""ClockRule: a partnership's own version of a default rule, per guidance version; ClockAlert: a clock's alert sent."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dhr.clocks.rules import ClockEvent, OffsetUnit, RuleSpec
from dhr.core import clock
from dhr.core.declare import plain
from dhr.core.models import IdMixin, enum_column
from dhr.extensions import db
from dhr.partnerships.models import GuidanceVersion


class ClockRule(IdMixin, db.Model):
    """A rule as the partnership has set it. Absent rows mean the guidance default applies."""

    __tablename__ = "clock_rules"
    __table_args__ = (UniqueConstraint("partnership_id", "guidance", "key"),)

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    guidance: Mapped[GuidanceVersion] = mapped_column(enum_column(GuidanceVersion, "clock_rule_guidance", length=12))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    trigger: Mapped[ClockEvent] = mapped_column(enum_column(ClockEvent, "clock_rule_trigger", length=40))
    offset: Mapped[int] = mapped_column(Integer)
    unit: Mapped[OffsetUnit] = mapped_column(enum_column(OffsetUnit, "clock_rule_unit", length=10))
    met_by: Mapped[ClockEvent] = mapped_column(enum_column(ClockEvent, "clock_rule_met_by", length=40))
    pauses_extend: Mapped[bool] = mapped_column(Boolean, default=False)
    commissioned_only: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default, onupdate=clock.now_default)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def spec(self) -> RuleSpec:
        """The rule as a plain value for the engine."""
        return RuleSpec(
            self.key,
            self.label,
            self.trigger,
            self.offset,
            self.unit,
            self.met_by,
            self.pauses_extend,
            self.commissioned_only,
        )


class ClockAlert(IdMixin, db.Model):
    """That the review's people were told a clock is due within a week, or overdue: once per clock, kind and due
    date. The unique key is what makes two runs at once tell them once."""

    __tablename__ = "clock_alerts"
    __table_args__ = (UniqueConstraint("review_id", "clock_key", "kind", "due_on"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    clock_key: Mapped[str] = mapped_column(String(40), info=plain("a clock rule's key"))
    kind: Mapped[str] = mapped_column(String(16), info=plain("due_soon or overdue"))
    due_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date] = mapped_column(Date)
