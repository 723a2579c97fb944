"""ClockRule: a partnership's own version of a default rule, per guidance version; ClockAlert: a clock's alert sent;
ReviewClock: a review's clocks as stored for lists."""

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from dhr.clocks.rules import ClockEvent, ClockState, OffsetUnit, RuleBasis, RuleSpec
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
    # The partnership's own note: the local protocol that sets its timescale, say.
    local_note: Mapped[str] = mapped_column(Text, default="", server_default="", info=plain("a clock rule's note"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default, onupdate=clock.now_default)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def spec(self, default: RuleSpec) -> RuleSpec:
        """The default rule as the partnership has set it. A statutory timescale the partnership changes becomes
        its local target: the source stays, to say what it departs from."""
        changed = (self.offset, self.unit) != (default.offset, default.unit)
        basis, note = default.basis, default.note
        if changed and basis.statutory:
            basis = RuleBasis.LOCAL
            note = (
                f"Changed by the partnership from the {default.offset} {default.unit.value} in {default.source}. {note}"
            )
        return replace(
            default,
            label=self.label,
            offset=self.offset,
            unit=self.unit,
            pauses_extend=self.pauses_extend,
            basis=basis,
            note=note,
            local_note=self.local_note or "",
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


class ReviewClock(IdMixin, db.Model):
    """One clock of one review as the engine last worked it out (dhr/clocks/stored.py keeps it current), so lists
    read clocks with indexed SQL instead of working every review's out in Python.

    Only the passage of time changes a clock between events, and it is read from here at today's date: an open
    clock that is not frozen is overdue once `due_on` has passed; a frozen one (paused, and pauses extend it) keeps
    its `days` while its due date moves on a day a day."""

    __tablename__ = "review_clocks"
    __table_args__ = (
        UniqueConstraint("review_id", "key"),
        # Open work, by partnership and due day: the dashboards' and the overdue filters' index.
        Index(
            "ix_review_clocks_open_due",
            "partnership_id",
            "due_day",
            postgresql_where=text("is_open"),
            sqlite_where=text("is_open"),
        ),
        # One clock across a partnership's reviews, open or met: statistics' six-month rate.
        Index("ix_review_clocks_partnership_key", "partnership_id", "key"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    key: Mapped[str] = mapped_column(String(40), info=plain("a clock rule's key"))
    name: Mapped[str] = mapped_column(String(120), info=plain("a clock rule's label"))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[ClockState] = mapped_column(enum_column(ClockState, "review_clock_state", length=12))
    met_by: Mapped[ClockEvent] = mapped_column(enum_column(ClockEvent, "review_clock_met_by", length=40))
    started_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    # due_on as a day number, so "most urgent first" is integer arithmetic on both engines
    due_day: Mapped[int | None] = mapped_column(Integer)
    days: Mapped[int | None] = mapped_column(Integer)
    met_on: Mapped[date | None] = mapped_column(Date)
    extended_by: Mapped[int] = mapped_column(Integer, default=0)
    is_open: Mapped[bool] = mapped_column(Boolean)
    frozen: Mapped[bool] = mapped_column(Boolean)
    computed_on: Mapped[date] = mapped_column(Date)
