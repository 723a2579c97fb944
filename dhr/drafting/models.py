"""Draft sections, comments on them, and saved versions of a whole document."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import CASE_TEXT, plain
from dhr.core.models import IdMixin
from dhr.extensions import db


class DraftSection(IdMixin, db.Model):
    """The working text of one section. A row exists once someone saves the section."""

    __tablename__ = "draft_sections"
    __table_args__ = (UniqueConstraint("review_id", "document", "section_key"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    document: Mapped[str] = mapped_column(String(40), info=plain("a document's slug"))
    section_key: Mapped[str] = mapped_column(String(60), info=plain("a section's key"))
    body: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic locking: a save based on an older revision is refused and shown as a conflict.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": revision}

    updated_by = relationship("User")


class SectionComment(IdMixin, db.Model):
    """A panel member's comment on a section, optionally citing a paragraph, until someone resolves it."""

    __tablename__ = "section_comments"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    document: Mapped[str] = mapped_column(String(40), info=plain("a document's slug"))
    section_key: Mapped[str] = mapped_column(String(60), info=plain("a section's key"))
    paragraph: Mapped[str] = mapped_column(String(20), default="", info=plain("a paragraph number"))
    body: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)

    author = relationship("User", foreign_keys=[author_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])

    @property
    def resolved(self) -> bool:
        """True once someone has resolved the comment."""
        return self.resolved_at is not None


class DraftVersion(IdMixin, db.Model):
    """A snapshot of every section of one document: v0.1, v0.2, ..."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("review_id", "document", "number"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    document: Mapped[str] = mapped_column(String(40), info=plain("a document's slug"))
    number: Mapped[int] = mapped_column(Integer)
    sections: Mapped[dict] = mapped_column(JSON, info=CASE_TEXT)  # each section's text, by key
    note: Mapped[str] = mapped_column(String(300), default="", info=CASE_TEXT)
    saved_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    saved_by = relationship("User")

    @property
    def label(self) -> str:
        """How the version is cited: v0.1, v0.2, ..."""
        return f"v0.{self.number}"


class EqualityJudgement(IdMixin, db.Model):
    """The panel's judgement on one protected characteristic: relevant, with the analysis the report carries, or not
    relevant, with the reason. Section 11 of the overview report is written from these."""

    __tablename__ = "equality_judgements"
    __table_args__ = (UniqueConstraint("review_id", "characteristic"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    characteristic: Mapped[str] = mapped_column(String(40), info=plain("a protected characteristic's name"))
    relevant: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text, default="", info=CASE_TEXT)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default, onupdate=clock.now_default)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
