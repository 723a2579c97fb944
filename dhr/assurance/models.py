"""The records from CSP sign-off to publication: sign-offs, submissions, copies, QA letters and points, publication."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.assurance.stages import CopyRecipient, HoldKind, PointStatus, QaOutcome, SendMethod, SubmissionKind
from dhr.core import clock
from dhr.core.declare import CASE_TEXT, plain
from dhr.core.models import HistoryMixin, IdMixin, enum_column
from dhr.extensions import db
from dhr.reviews.models import Review


class SignOff(IdMixin, db.Model):
    """One CSP sign-off of the report and action plan. A review may be signed off again after revisions.

    A sign-off is void once the report goes back for drafting (workflow clears Review.signed_off_on), or when the
    board signs off again before the report is submitted; `voided_on` and `void_reason` are filled in when the next
    sign-off is recorded. See assurance.records.valid_sign_offs.
    """

    __tablename__ = "csp_sign_offs"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    signed_off_on: Mapped[date] = mapped_column(Date)
    signed_off_by: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    body: Mapped[str] = mapped_column(String(200), info=CASE_TEXT)
    minute_reference: Mapped[str] = mapped_column(String(100), info=CASE_TEXT)
    notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    voided_on: Mapped[date | None] = mapped_column(Date)
    void_reason: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review: Mapped[Review] = relationship(back_populates="csp_sign_offs")
    recorded_by = relationship("User")

    @property
    def who(self) -> str:
        """'Name, body', or the body alone."""
        return f"{self.signed_off_by}, {self.body}" if self.signed_off_by else self.body


class Submission(IdMixin, db.Model):
    """The report sent to the Home Office QA panel: when, how and which versions."""

    __tablename__ = "home_office_submissions"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    kind: Mapped[SubmissionKind] = mapped_column(enum_column(SubmissionKind, "submission_kind", length=16))
    sent_on: Mapped[date] = mapped_column(Date)
    method: Mapped[SendMethod] = mapped_column(enum_column(SendMethod, "submission_method", length=16))
    versions_sent: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review: Mapped[Review] = relationship(back_populates="ho_submissions")
    recorded_by = relationship("User")


class ReportCopy(IdMixin, db.Model):
    """A copy of the completed report sent to the Domestic Abuse Commissioner (or the Secretary of State)."""

    __tablename__ = "report_copies"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    recipient: Mapped[CopyRecipient] = mapped_column(enum_column(CopyRecipient, "copy_recipient", length=20))
    sent_on: Mapped[date] = mapped_column(Date)
    method: Mapped[SendMethod] = mapped_column(enum_column(SendMethod, "copy_method", length=16))
    what_sent: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review: Mapped[Review] = relationship(back_populates="report_copies")
    recorded_by = relationship("User")


class QaLetter(IdMixin, db.Model):
    """The Home Office QA panel's feedback letter: its dates, outcome, positives and development points."""

    __tablename__ = "qa_letters"
    __table_args__ = (
        CheckConstraint("panel_on <= letter_dated_on", name="panel_before_letter"),
        CheckConstraint("letter_dated_on <= received_on", name="letter_before_received"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    panel_on: Mapped[date] = mapped_column(Date)
    letter_dated_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[QaOutcome] = mapped_column(enum_column(QaOutcome, "qa_outcome", length=32))
    positives: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    review: Mapped[Review] = relationship(back_populates="qa_letters")
    recorded_by = relationship("User")
    points: Mapped[list["QaPoint"]] = relationship(
        back_populates="letter", order_by="QaPoint.number", cascade="all, delete-orphan"
    )

    @property
    def open_points(self) -> list["QaPoint"]:
        """Points not yet addressed or declined."""
        return [point for point in self.points if not point.status.closed]

    @property
    def next_step(self) -> str:
        """What the letter leads to at QA feedback, as the stage guards decide it: 'revisions' (resubmission
        asked for), 'answer_points' (approval waits on open points), or 'approval'."""
        if self.outcome is QaOutcome.RESUBMISSION:
            return "revisions"
        if self.outcome is QaOutcome.SUBJECT_TO_CHANGES and self.open_points:
            return "answer_points"
        return "approval"


class QaPoint(IdMixin, db.Model):
    """One numbered "area for final development" and the partnership's response: a row of the response matrix."""

    __tablename__ = "qa_points"
    __table_args__ = (
        UniqueConstraint("letter_id", "number"),
        CheckConstraint("number > 0", name="positive_number"),
        CheckConstraint("status <> 'not_accepted' OR not_accepted_reason <> ''", name="reason_when_not_accepted"),
    )

    letter_id: Mapped[int] = mapped_column(ForeignKey("qa_letters.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    response: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    paragraphs_changed: Mapped[str] = mapped_column(String(200), default="", info=plain("a list of paragraph numbers"))
    status: Mapped[PointStatus] = mapped_column(
        enum_column(PointStatus, "qa_point_status", length=16), default=PointStatus.OPEN
    )
    not_accepted_reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default, onupdate=clock.now_default)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic locking: the chair and the author may answer the same point at once.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    letter: Mapped[QaLetter] = relationship(back_populates="points")
    updated_by = relationship("User")
    changes: Mapped[list["QaPointChange"]] = relationship(
        back_populates="point", order_by="QaPointChange.id", cascade="all, delete-orphan"
    )


class QaPointChange(IdMixin, HistoryMixin, db.Model):
    """One change of a point's status, with who made it: the matrix's history."""

    __tablename__ = "qa_point_changes"

    point_id: Mapped[int] = mapped_column(ForeignKey("qa_points.id"), index=True)
    from_status: Mapped[PointStatus] = mapped_column(enum_column(PointStatus, "qa_point_from", length=16))
    to_status: Mapped[PointStatus] = mapped_column(enum_column(PointStatus, "qa_point_to", length=16))

    point: Mapped[QaPoint] = relationship(back_populates="changes")


class Publication(IdMixin, db.Model):
    """Where and when the approved report was published, when the family was told, and the Home Office library."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("review_id"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"))
    published_on: Mapped[date] = mapped_column(Date)
    web_address: Mapped[str] = mapped_column(String(500), info=plain("where the report is published"))
    family_told_on: Mapped[date | None] = mapped_column(Date)
    library_entry: Mapped[str] = mapped_column(String(500), default="", info=CASE_TEXT)
    executive_summary_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default, onupdate=clock.now_default)

    review: Mapped[Review] = relationship(back_populates="publication")
    recorded_by = relationship("User")


class PublicationHold(IdMixin, db.Model):
    """Publication not now: deferred (with the reason and the day to look again) or withheld (with the day the Home
    Office agreed). A withheld report needs no publication; a deferred one still does, later."""

    __tablename__ = "publication_holds"
    __table_args__ = (
        UniqueConstraint("review_id"),
        CheckConstraint("kind <> 'deferred' OR review_on IS NOT NULL", name="deferred_review_date"),
        CheckConstraint("kind <> 'withheld' OR home_office_agreed_on IS NOT NULL", name="withheld_agreement"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"))
    kind: Mapped[HoldKind] = mapped_column(enum_column(HoldKind, "publication_hold_kind", length=10))
    reason: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    decided_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    home_office_agreed_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
