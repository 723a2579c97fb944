"""The family engagement log: one record per review, its contacts, their attempts and consent, and draft comments.

Contact names and contact details are real identities (OFFICIAL-SENSITIVE): only holders of VIEW_FAMILY see them,
and audit events name contacts by kind and id, never by name.
"""

from datetime import date, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core.dates import LONDON
from dhr.core.declare import CASE_TEXT, identity, plain, restricted
from dhr.core.models import HistoryMixin, IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.family.stages import (
    NOT_TO_CHASE,
    AttemptOutcome,
    CommentStatus,
    ConsentStatus,
    ContactKind,
    ContactMethod,
    Leaflet,
    NoEngagementReason,
    PerpetratorContact,
)

# The family log is read only by those who may see identities: it names the family, as liaison must.
FAMILY_LOG = restricted("the family log, which only readers with the identity permission see")

# A contact not reached for this long is flagged for follow-up.
FOLLOW_UP_DAYS = 28


class FamilyEngagement(IdMixin, TimestampMixin, db.Model):
    """The review's engagement record: the tribute (or why the family gave none), the chosen pseudonym, the family's
    input to the terms of reference, sharing the draft and the time given to read it, or why nobody took part; and
    whether the perpetrator's account was sought."""

    __tablename__ = "family_engagements"
    __table_args__ = (
        UniqueConstraint("review_id"),
        CheckConstraint(
            "no_engagement_reason IS NULL OR no_engagement_reason <> 'other' OR no_engagement_detail <> ''",
            name="detail_when_other",
        ),
        CheckConstraint(
            "perpetrator_contact <> 'not_approached' OR perpetrator_detail <> ''", name="perpetrator_reason"
        ),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"))
    tribute_text: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    tribute_from: Mapped[str] = mapped_column(String(200), default="", info=FAMILY_LOG)
    chosen_pseudonym: Mapped[str] = mapped_column(String(100), default="", info=plain("the pseudonym the family chose"))
    draft_shared_on: Mapped[date | None] = mapped_column(Date)
    draft_shared_with: Mapped[str] = mapped_column(Text, default="", info=FAMILY_LOG)
    no_engagement_reason: Mapped[NoEngagementReason | None] = mapped_column(
        enum_column(NoEngagementReason, "no_engagement_reason", length=12)
    )
    no_engagement_detail: Mapped[str] = mapped_column(Text, default="", info=FAMILY_LOG)
    no_tribute_reason: Mapped[str] = mapped_column(Text, default="", server_default="", info=FAMILY_LOG)
    terms_input_on: Mapped[date | None] = mapped_column(Date)
    terms_input: Mapped[str] = mapped_column(Text, default="", server_default="", info=FAMILY_LOG)
    draft_comments_due_on: Mapped[date | None] = mapped_column(Date)
    perpetrator_contact: Mapped[PerpetratorContact] = mapped_column(
        enum_column(PerpetratorContact, "perpetrator_contact", length=16),
        default=PerpetratorContact.NOT_YET,
        server_default=PerpetratorContact.NOT_YET.value,
    )
    perpetrator_contacted_on: Mapped[date | None] = mapped_column(Date)
    # What happened, or why the perpetrator was not approached. It can name the prison or hospital: the log's rules.
    perpetrator_detail: Mapped[str] = mapped_column(Text, default="", server_default="", info=FAMILY_LOG)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    @property
    def days_to_read_draft(self) -> int | None:
        """How long the family had to read the draft: from sharing it to the date their comments were due."""
        if self.draft_shared_on is None or self.draft_comments_due_on is None:
            return None
        return (self.draft_comments_due_on - self.draft_shared_on).days

    review = relationship("Review")


class FamilyContact(IdMixin, TimestampMixin, db.Model):
    """A family member, friend, colleague or neighbour the review contacts."""

    __tablename__ = "family_contacts"
    __table_args__ = (CheckConstraint("(leaflet IS NULL) = (leaflet_given_on IS NULL)", name="leaflet_fields"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(200), info=identity("a family contact's name"))
    relationship_to_victim: Mapped[str] = mapped_column(String(100), info=FAMILY_LOG)
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind, "family_contact_kind", length=12))
    preferred_method: Mapped[ContactMethod] = mapped_column(
        enum_column(ContactMethod, "family_contact_method", length=20)
    )
    contact_details: Mapped[str] = mapped_column(
        String(500), default="", info=identity("how to reach a family contact")
    )
    advocate_name: Mapped[str] = mapped_column(String(200), default="", info=FAMILY_LOG)
    advocacy_organisation: Mapped[str] = mapped_column(String(200), default="", info=FAMILY_LOG)
    leaflet: Mapped[Leaflet | None] = mapped_column(enum_column(Leaflet, "family_leaflet", length=12))
    leaflet_given_on: Mapped[date | None] = mapped_column(Date)
    consent: Mapped[ConsentStatus] = mapped_column(
        enum_column(ConsentStatus, "family_consent", length=12), default=ConsentStatus.NOT_ASKED
    )
    notes: Mapped[str] = mapped_column(Text, default="", info=FAMILY_LOG)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    person = relationship("Person")
    attempts: Mapped[list["ContactAttempt"]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="(ContactAttempt.attempted_on, ContactAttempt.id)",
    )
    consent_changes: Mapped[list["ConsentChange"]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ConsentChange.id"
    )

    @property
    def last_contacted(self) -> date | None:
        """The latest attempt of any outcome."""
        return max((a.attempted_on for a in self.attempts), default=None)

    @property
    def last_reached(self) -> date | None:
        """The latest attempt that reached them."""
        return max((a.attempted_on for a in self.attempts if a.outcome is AttemptOutcome.REACHED), default=None)

    def needs_follow_up(self, today: date) -> bool:
        """No successful contact in 28 days; someone never reached counts from the first attempt or from being added.

        Someone who declined or withdrew consent is not chased.
        """
        if self.consent in NOT_TO_CHASE:
            return False
        if self.last_reached is not None:
            since = self.last_reached
        else:
            added = self.created_at.astimezone(LONDON).date() if self.created_at else today
            since = min([added, *(a.attempted_on for a in self.attempts)])
        return today - since > timedelta(days=FOLLOW_UP_DAYS)


class ConsentChange(IdMixin, HistoryMixin, db.Model):
    """One move of a contact's consent, with its effective date and who recorded it."""

    __tablename__ = "family_consent_changes"

    contact_id: Mapped[int] = mapped_column(ForeignKey("family_contacts.id"), index=True)
    from_status: Mapped[ConsentStatus] = mapped_column(enum_column(ConsentStatus, "family_consent_from", length=12))
    to_status: Mapped[ConsentStatus] = mapped_column(enum_column(ConsentStatus, "family_consent_to", length=12))
    effective_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="", info=FAMILY_LOG)

    contact: Mapped[FamilyContact] = relationship(back_populates="consent_changes")


class ContactAttempt(IdMixin, TimestampMixin, db.Model):
    """One attempt to reach a contact: when, how, by whom and what came of it."""

    __tablename__ = "family_contact_attempts"

    contact_id: Mapped[int] = mapped_column(ForeignKey("family_contacts.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    attempted_on: Mapped[date] = mapped_column(Date)
    method: Mapped[ContactMethod] = mapped_column(enum_column(ContactMethod, "family_attempt_method", length=20))
    made_by: Mapped[str] = mapped_column(String(200), info=FAMILY_LOG)
    outcome: Mapped[AttemptOutcome] = mapped_column(enum_column(AttemptOutcome, "family_attempt_outcome", length=16))
    note: Mapped[str] = mapped_column(Text, default="", info=FAMILY_LOG)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    contact: Mapped[FamilyContact] = relationship(back_populates="attempts")


class FamilyComment(IdMixin, TimestampMixin, db.Model):
    """A comment a contact returned on the draft report, and how the review answered it."""

    __tablename__ = "family_draft_comments"
    __table_args__ = (CheckConstraint("status = 'open' OR response <> ''", name="response_when_decided"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("family_contacts.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    # Free text: the draft's numbering is the author's ("6.3", "Appendix B").
    paragraph: Mapped[str] = mapped_column(String(40), default="", info=plain("a paragraph number"))
    comment: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    response: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    status: Mapped[CommentStatus] = mapped_column(
        enum_column(CommentStatus, "family_comment_status", length=12), default=CommentStatus.OPEN
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    contact: Mapped[FamilyContact] = relationship()
    changes: Mapped[list["CommentStatusChange"]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentStatusChange.id"
    )


class CommentStatusChange(IdMixin, HistoryMixin, db.Model):
    """One move of a draft comment's status, with the response given at the time."""

    __tablename__ = "family_comment_changes"

    comment_id: Mapped[int] = mapped_column(ForeignKey("family_draft_comments.id"), index=True)
    from_status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus, "family_comment_from", length=12))
    to_status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus, "family_comment_to", length=12))
    response: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)

    comment: Mapped[FamilyComment] = relationship(back_populates="changes")
