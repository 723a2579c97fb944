"""Themes (the partnership's taxonomy) and recommendations, each tagged with themes and linked to the findings
or lessons it answers."""

from datetime import date

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core.declare import CASE_TEXT, plain
from dhr.core.models import IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.recommendations.scopes import Department, LearningKind, Scope

recommendation_themes = Table(
    "recommendation_themes",
    db.metadata,
    Column("recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Theme(IdMixin, db.Model):
    """A tag from the partnership's taxonomy (seeded from the Home Office library's tags). Retired themes stay on
    the recommendations that carry them but are not offered for new ones."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("partnership_id", "slug"),)

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    slug: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Recommendation(IdMixin, TimestampMixin, db.Model):
    """One numbered recommendation of a review: the report's section 19 and the action plan follow its number."""

    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    scope: Mapped[Scope] = mapped_column(enum_column(Scope, "recommendation_scope", length=12))
    multi_agency: Mapped[bool] = mapped_column(Boolean, default=False)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    department: Mapped[Department | None] = mapped_column(enum_column(Department, "department", length=16))
    department_other: Mapped[str] = mapped_column(String(200), default="", info=CASE_TEXT)
    # Paragraph numbers of the overview's conclusions (17.x) and lessons (18.x) that this answers.
    answers: Mapped[list] = mapped_column(
        JSON, default=list, info=plain("the paragraph numbers a recommendation answers")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A single-agency recommendation recorded from an agency's IMR: which request, and which paragraph of the IMR's
    # recommendations (1, 2, ...), so the readiness check can tell every one is in the report.
    from_involvement_id: Mapped[int | None] = mapped_column(ForeignKey("agency_involvements.id"), index=True)
    from_paragraph: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    review = relationship("Review")
    agency: Mapped[Agency | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=recommendation_themes, order_by=Theme.position)
    actions: Mapped[list["Action"]] = relationship(  # noqa: F821
        back_populates="recommendation", order_by="Action.position", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        """'R4': how reports and the tracker refer to it."""
        return f"R{self.number}"

    @property
    def target(self) -> str:
        """Who it is for: the department for a national one, else the agency (or 'Several agencies')."""
        if self.department is Department.OTHER and self.department_other:
            return self.department_other
        if self.department is not None:
            return self.department.label
        if self.agency is not None:
            return self.agency.name + (" and partners" if self.multi_agency else "")
        return "Several agencies" if self.multi_agency else ""


class LearningEvent(IdMixin, db.Model):
    """How the review's learning was spread (domain.md S19): a learning event, a 7-minute briefing, training or a
    newsletter, when, for whom, and how many came."""

    __tablename__ = "learning_events"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    kind: Mapped[LearningKind] = mapped_column(enum_column(LearningKind, "learning_kind", length=20))
    held_on: Mapped[date] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(300), info=plain("who the learning was for"))
    reached: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
