"""CorrespondenceEntry: one letter, email, call or meeting, with an optional file."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import CASE_TEXT
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, enum_column
from dhr.extensions import db
from dhr.files.models import StoredFile


class Direction(LabelledEnum):
    """Sent by the partnership, or received by it."""

    SENT = "sent"
    RECEIVED = "received"


class Counterpart(LabelledEnum):
    """Who the partnership corresponded with."""

    HOME_OFFICE = "home_office"
    COMMISSIONER = "commissioner"
    SECRETARY_OF_STATE = "secretary_of_state"
    FAMILY = "family"
    AGENCY = "agency"
    CORONER = "coroner"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "home_office": "Home Office",
            "commissioner": "Domestic Abuse Commissioner",
            "secretary_of_state": "Secretary of State",
            "family": "Family",
            "agency": "An agency",
            "coroner": "Coroner",
            "other": "Someone else",
        }


class Method(LabelledEnum):
    """How it was sent."""

    EMAIL = "email"
    LETTER = "letter"
    SECURE_PORTAL = "secure_portal"
    PHONE = "phone"
    MEETING = "meeting"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "email": "Email",
            "letter": "Letter",
            "secure_portal": "Secure portal",
            "phone": "Phone call",
            "meeting": "Meeting",
        }


class Subject(LabelledEnum):
    """What it was about. Some subjects meet statutory clocks."""

    DECISION = "decision"
    DELAY = "delay"
    SUBMISSION = "submission"
    REPORT_COPY = "report_copy"
    QA_FEEDBACK = "qa_feedback"
    PUBLICATION = "publication"
    FAMILY_CONTACT = "family_contact"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "decision": "Decision whether to hold a review",
            "delay": "Delay or extension",
            "submission": "Submission of the report",
            "report_copy": "Copy of the completed report",
            "qa_feedback": "QA panel feedback",
            "publication": "Publication",
            "family_contact": "Contact with the family",
            "other": "Something else",
        }


class CorrespondenceEntry(IdMixin, db.Model):
    """One item in the correspondence register."""

    __tablename__ = "correspondence"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "correspondence_direction", length=10))
    counterpart: Mapped[Counterpart] = mapped_column(enum_column(Counterpart, "correspondence_counterpart", length=24))
    method: Mapped[Method] = mapped_column(enum_column(Method, "correspondence_method", length=16))
    subject: Mapped[Subject] = mapped_column(enum_column(Subject, "correspondence_subject", length=20))
    summary: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    file: Mapped[StoredFile | None] = relationship()
    review = relationship("Review", back_populates="correspondence")
