"""TermsVersion with its lines of enquiry and agency scope; ParallelProcess with its status history."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core.declare import CASE_TEXT, restricted
from dhr.core.models import HistoryMixin, IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.terms.stages import ProcessKind, ProcessStatus, TermsStatus

DRAFT_ONLY = text("status = 'draft'")


class TermsVersion(IdMixin, TimestampMixin, db.Model):
    """One version of a review's terms of reference: v1, v2... A draft until agreed, then frozen."""

    __tablename__ = "terms_versions"
    __table_args__ = (
        UniqueConstraint("review_id", "number"),
        CheckConstraint("(status = 'agreed') = (agreed_on IS NOT NULL)", name="agreed_fields"),
        CheckConstraint("scope_from IS NULL OR scope_to IS NULL OR scope_to >= scope_from", name="scope_order"),
        # One draft at a time: a change to agreed terms starts the next version.
        Index(
            "uq_terms_versions_one_draft",
            "review_id",
            unique=True,
            sqlite_where=DRAFT_ONLY,
            postgresql_where=DRAFT_ONLY,
        ),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[TermsStatus] = mapped_column(
        enum_column(TermsStatus, "terms_status", length=8), default=TermsStatus.DRAFT
    )
    scope_from: Mapped[date | None] = mapped_column(Date)
    scope_to: Mapped[date | None] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    agreed_on: Mapped[date | None] = mapped_column(Date)
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agreed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review = relationship("Review")
    lines: Mapped[list["TermsLine"]] = relationship(
        back_populates="version", order_by="TermsLine.number", cascade="all, delete-orphan"
    )
    agencies: Mapped[list["TermsAgency"]] = relationship(
        back_populates="version", order_by="TermsAgency.id", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        """How the version is named: v1, v2..."""
        return f"v{self.number}"

    @property
    def is_draft(self) -> bool:
        """Drafts can change; agreed versions cannot."""
        return self.status is TermsStatus.DRAFT

    def sorted_agencies(self) -> list["TermsAgency"]:
        """Included agencies first, then excluded, each by name."""
        return sorted(self.agencies, key=lambda row: (not row.included, row.agency.name.lower()))


class TermsLine(IdMixin, db.Model):
    """A key line of enquiry. Its number is its place in the version (KLOE 1, 2, 3...), fixed once agreed."""

    __tablename__ = "terms_lines"
    __table_args__ = (UniqueConstraint("version_id", "number"),)

    version_id: Mapped[int] = mapped_column(ForeignKey("terms_versions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, info=CASE_TEXT)

    version: Mapped[TermsVersion] = relationship(back_populates="lines")


class TermsAgency(IdMixin, db.Model):
    """An agency the terms include or exclude, and why. The QA panel checks every exclusion has a reason."""

    __tablename__ = "terms_agencies"
    __table_args__ = (
        UniqueConstraint("version_id", "agency_id"),
        CheckConstraint("included OR reason <> ''", name="reason_when_excluded"),
    )

    version_id: Mapped[int] = mapped_column(ForeignKey("terms_versions.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    included: Mapped[bool] = mapped_column(default=True)
    reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)

    version: Mapped[TermsVersion] = relationship(back_populates="agencies")
    agency: Mapped[Agency] = relationship()


class ParallelProcess(IdMixin, TimestampMixin, db.Model):
    """A criminal trial, inquest, IOPC investigation or other review running alongside this one."""

    __tablename__ = "parallel_processes"
    __table_args__ = (
        CheckConstraint("status <> 'concluded' OR concluded_on IS NOT NULL", name="concluded_date"),
        CheckConstraint("started_on IS NULL OR concluded_on IS NULL OR concluded_on >= started_on", name="date_order"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    kind: Mapped[ProcessKind] = mapped_column(enum_column(ProcessKind, "process_kind", length=24))
    description: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    status: Mapped[ProcessStatus] = mapped_column(enum_column(ProcessStatus, "process_status", length=16))
    started_on: Mapped[date | None] = mapped_column(Date)
    next_date: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    notes: Mapped[str] = mapped_column(
        Text, default="", info=restricted("a parallel process's notes, shown with identities only")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    changes: Mapped[list["ParallelProcessChange"]] = relationship(
        back_populates="process", order_by="ParallelProcessChange.id", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        """The kind, and what it is when the kind alone does not say."""
        return f"{self.kind.label}: {self.description}" if self.description else self.kind.label


class ParallelProcessChange(IdMixin, HistoryMixin, db.Model):
    """One status change of a parallel process, written only by terms.services."""

    __tablename__ = "parallel_process_changes"

    process_id: Mapped[int] = mapped_column(ForeignKey("parallel_processes.id"), index=True)
    from_status: Mapped[ProcessStatus | None] = mapped_column(enum_column(ProcessStatus, "process_from", length=16))
    to_status: Mapped[ProcessStatus] = mapped_column(enum_column(ProcessStatus, "process_to", length=16))

    process: Mapped[ParallelProcess] = relationship(back_populates="changes")
