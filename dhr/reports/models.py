"""Name-like words in a report that the chair has checked and confirmed are not a person's real name."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import plain
from dhr.core.models import IdMixin
from dhr.extensions import db


class CheckedName(IdMixin, db.Model):
    """One word or run of words the publication scan listed, confirmed by someone as safe to publish."""

    __tablename__ = "checked_names"
    __table_args__ = (UniqueConstraint("review_id", "folded"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    folded: Mapped[str] = mapped_column(
        String(200), info=plain("a word of the report as published, folded")
    )  # as the scan matches it: folded, lower case
    words: Mapped[str] = mapped_column(
        String(200), info=plain("a word of the report as published")
    )  # as the report first wrote it
    checked_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    checked_by = relationship("User")
