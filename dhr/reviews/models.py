"""Review, StageChange (history), Person (the people register) and ReviewMember (need-to-know access)."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core import clock
from dhr.core.declare import CASE_TEXT, identity, plain, restricted
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import ReviewRole
from dhr.reviews.facts import DeathMethod, Ethnicity, JointWith, Known, RelationshipType, Sex
from dhr.reviews.stages import PauseReason, ReviewStage


class DeathCategory(LabelledEnum):
    """The kind of death under review."""

    INTIMATE_PARTNER = "intimate_partner_homicide"
    FAMILIAL = "familial_homicide"
    SUICIDE = "suspected_victim_suicide"
    UNEXPECTED = "unexpected_death"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "intimate_partner_homicide": "Intimate partner homicide",
            "familial_homicide": "Familial homicide",
            "suspected_victim_suicide": "Suspected victim suicide",
            "unexpected_death": "Unexpected death",
            "other": "Other",
        }


class Decision(LabelledEnum):
    """Whether the partnership holds a review."""

    COMMISSION = "commission"
    NOT_COMMISSION = "not_commission"
    # DVCVA 2004 s9(2): the Secretary of State may direct a body to establish a review.
    DIRECTED = "directed"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "commission": "Commission a review",
            "not_commission": "Do not commission a review",
            "directed": "Hold a review as the Secretary of State directed (DVCVA 2004 s9(2))",
        }

    @property
    def holds_review(self) -> bool:
        """A review is held: the partnership decided so, or the Secretary of State directed it."""
        return self is not Decision.NOT_COMMISSION


class Review(IdMixin, TimestampMixin, db.Model):
    """One review, from notification to closure. Its stage changes only through reviews.workflow.transition()."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("partnership_id", "reference"),
        CheckConstraint(
            "(stage = 'paused' AND paused_from_stage IS NOT NULL AND pause_reason IS NOT NULL) OR "
            "(stage <> 'paused' AND paused_from_stage IS NULL AND pause_reason IS NULL)",
            name="paused_fields",
        ),
        CheckConstraint("(decision IS NULL) = (decided_on IS NULL)", name="decision_fields"),
        Index("ix_reviews_partnership_id_stage", "partnership_id", "stage"),
    )

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    reference: Mapped[str] = mapped_column(String(40), info=plain("the review's reference"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    category: Mapped[DeathCategory] = mapped_column(enum_column(DeathCategory, "death_category", length=32))
    notified_on: Mapped[date] = mapped_column(Date)
    notifying_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    date_of_death: Mapped[date | None] = mapped_column(Date)
    place_of_death: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    police_force_area: Mapped[str] = mapped_column(String(100), default="", info=CASE_TEXT)
    # Case facts (reviews/facts.py), with the identity protections of real names.
    relationship_type: Mapped[RelationshipType | None] = mapped_column(
        enum_column(RelationshipType, "relationship_type", length=20), info=identity("how the two were related")
    )
    death_method: Mapped[DeathMethod | None] = mapped_column(
        enum_column(DeathMethod, "death_method", length=20), info=identity("how the victim died")
    )
    children_present: Mapped[Known | None] = mapped_column(
        enum_column(Known, "children_present", length=10), info=identity("whether children were present")
    )
    # A review held jointly with a SAR or CSPR, or across partnerships with one leading.
    joint_with: Mapped[JointWith | None] = mapped_column(enum_column(JointWith, "joint_with", length=14))
    lead_partnership: Mapped[str] = mapped_column(
        String(200), default="", server_default="", info=plain("the partnership leading a joint review")
    )
    partner_partnerships: Mapped[str] = mapped_column(
        Text, default="", server_default="", info=plain("the other partnerships of a joint review")
    )
    circumstances: Mapped[str] = mapped_column(
        Text, default="", info=restricted("the circumstances of the death, shown with identities only")
    )

    stage: Mapped[ReviewStage] = mapped_column(enum_column(ReviewStage, "review_stage", length=32))
    stage_changed_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    paused_from_stage: Mapped[ReviewStage | None] = mapped_column(
        enum_column(ReviewStage, "review_paused_from_stage", length=32)
    )
    pause_reason: Mapped[PauseReason | None] = mapped_column(enum_column(PauseReason, "pause_reason", length=32))

    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "decision", length=20))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_maker: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    decision_rationale: Mapped[str] = mapped_column(
        Text, default="", info=restricted("the decision's rationale, shown with identities only")
    )
    home_office_response: Mapped[str] = mapped_column(
        Text, default="", info=restricted("the Home Office's response, shown with identities only")
    )

    terms_of_reference_agreed_on: Mapped[date | None] = mapped_column(Date)
    # The period the terms of reference look at: the combined chronology can be filtered to it.
    scope_from: Mapped[date | None] = mapped_column(Date)
    scope_to: Mapped[date | None] = mapped_column(Date)
    signed_off_on: Mapped[date | None] = mapped_column(Date)
    signed_off_by: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    sign_off_notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    published_on: Mapped[date | None] = mapped_column(Date)

    # Optimistic locking: an edit made from a stale page is refused rather than silently overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    partnership: Mapped[Partnership] = relationship()
    notifying_agency: Mapped[Agency | None] = relationship()
    stage_changes: Mapped[list["StageChange"]] = relationship(
        back_populates="review", order_by="StageChange.id", cascade="all, delete-orphan"
    )
    people: Mapped[list["Person"]] = relationship(
        back_populates="review", order_by="Person.id", cascade="all, delete-orphan"
    )
    members: Mapped[list["ReviewMember"]] = relationship(
        back_populates="review", order_by="ReviewMember.id", cascade="all, delete-orphan"
    )
    # The records other packages keep about a review, named rather than imported: those packages import this one.
    correspondence = relationship(
        "CorrespondenceEntry", back_populates="review", order_by="CorrespondenceEntry.occurred_on"
    )
    csp_sign_offs = relationship("SignOff", back_populates="review", order_by="SignOff.id")
    ho_submissions = relationship("Submission", back_populates="review", order_by="Submission.id")
    report_copies = relationship("ReportCopy", back_populates="review", order_by="ReportCopy.id")
    qa_letters = relationship("QaLetter", back_populates="review", order_by="QaLetter.id")
    publication = relationship("Publication", back_populates="review", uselist=False)
    publication_hold = relationship("PublicationHold", uselist=False, viewonly=True)

    @property
    def commissioned(self) -> bool:
        """True once the partnership decided to hold the review, or the Secretary of State directed it."""
        return self.decision is not None and self.decision.holds_review

    @property
    def victim(self) -> "Person | None":
        """The first person registered as the victim."""
        return next((p for p in self.people if p.role is PersonRole.VICTIM), None)

    @property
    def victims(self) -> "list[Person]":
        """Everyone registered as a victim, in the order added: a review can be into more than one death."""
        return [p for p in self.people if p.role is PersonRole.VICTIM]

    @property
    def victim_pseudonym(self) -> str:
        """How the victim (or victims) are named everywhere without the identity permission."""
        names = [v.pseudonym for v in self.victims if v.pseudonym]
        if not names:
            return "Victim not yet named"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def paused_since(self) -> date | None:
        """When the current pause took effect."""
        if self.stage is not ReviewStage.PAUSED:
            return None
        return max((c.effective_on for c in self.stage_changes if c.to_stage is ReviewStage.PAUSED), default=None)

    def roles_of(self, user) -> frozenset[ReviewRole]:
        """The user's member roles on this review (from loaded members if present, else one cached query)."""
        if "members" in self.__dict__:
            return frozenset(member.role for member in self.members if member.user_id == user.id)
        cache = self.__dict__.setdefault("_roles_cache", {})
        if user.id not in cache:
            cache[user.id] = frozenset(
                db.session.scalars(
                    select(ReviewMember.role).where(ReviewMember.review_id == self.id, ReviewMember.user_id == user.id)
                )
            )
        return cache[user.id]

    def __repr__(self) -> str:
        return f"<Review {self.reference} {self.stage.value}>"


class StageChange(IdMixin, db.Model):
    """One move between stages: the review's history, written only by workflow.transition()."""

    __tablename__ = "stage_changes"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    from_stage: Mapped[ReviewStage | None] = mapped_column(enum_column(ReviewStage, "stage_change_from", length=32))
    to_stage: Mapped[ReviewStage] = mapped_column(enum_column(ReviewStage, "stage_change_to", length=32))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    pause_reason: Mapped[PauseReason | None] = mapped_column(
        enum_column(PauseReason, "stage_change_pause_reason", length=32)
    )

    review: Mapped[Review] = relationship(back_populates="stage_changes")
    actor = relationship("User")


class PersonRole(LabelledEnum):
    """A person's place in the review."""

    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    CHILD = "child"
    FAMILY_MEMBER = "family_member"
    FRIEND = "friend"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "victim": "Victim",
            "perpetrator": "Perpetrator",
            "child": "Child",
            "family_member": "Family member",
            "friend": "Friend",
            "other": "Other",
        }


class Person(IdMixin, TimestampMixin, db.Model):
    """Someone in the review. Real identity is shown only to users with the identity permission."""

    __tablename__ = "people"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole, "person_role", length=20))
    pseudonym: Mapped[str] = mapped_column(String(100), info=plain("the pseudonym every reader sees"))
    real_name: Mapped[str] = mapped_column(String(200), default="", info=identity("a person's real name"))
    aliases: Mapped[str] = mapped_column(String(300), default="", info=identity("a person's other names"))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    living: Mapped[bool] = mapped_column(default=True)
    relationship_to_victim: Mapped[str] = mapped_column(String(100), default="", info=CASE_TEXT)
    # Case facts (reviews/facts.py), held as identities are: only readers with the identity permission see them.
    age: Mapped[int | None] = mapped_column(Integer, info=identity("a person's age at death or at the time"))
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "person_sex", length=10), info=identity("a person's sex"))
    ethnicity: Mapped[Ethnicity | None] = mapped_column(
        enum_column(Ethnicity, "person_ethnicity", length=10), info=identity("a person's ethnicity")
    )
    disability: Mapped[Known | None] = mapped_column(
        enum_column(Known, "person_disability", length=10), info=identity("whether a person had a disability")
    )

    review: Mapped[Review] = relationship(back_populates="people")


class ReviewMember(IdMixin, db.Model):
    """A user's role on one review. Panel members and agency contributors represent an agency."""

    __tablename__ = "review_members"
    __table_args__ = (
        UniqueConstraint("review_id", "user_id", "role"),
        CheckConstraint(
            "role NOT IN ('panel_member', 'agency_contributor') OR agency_id IS NOT NULL", name="agency_when_needed"
        ),
        # A declaration of independence is a statement and the date it was made: one without the other is not one.
        CheckConstraint(
            "(independence_declared_on IS NULL) = (independence_statement = '')", name="independence_declaration"
        ),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[ReviewRole] = mapped_column(enum_column(ReviewRole, "review_role", length=24))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    added_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Panel declarations (domain.md §4.4): the role in their own agency, independence and confidentiality.
    job_title: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    independence_statement: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    independence_declared_on: Mapped[date | None] = mapped_column(Date)
    confidentiality_signed_on: Mapped[date | None] = mapped_column(Date)
    # When a chair or author was appointed, as recorded: the report's timescales section states it.
    appointed_on: Mapped[date | None] = mapped_column(Date)

    review: Mapped[Review] = relationship(back_populates="members")
    user = relationship("User", foreign_keys=[user_id])
    agency: Mapped[Agency | None] = relationship()

    @property
    def declared_independence(self) -> bool:
        """A dated declaration of independence is recorded."""
        return self.independence_declared_on is not None

    @property
    def signed_confidentiality(self) -> bool:
        """The confidentiality agreement is signed (dated)."""
        return self.confidentiality_signed_on is not None
