"""A coordinator's decision to submit although a readiness check fails, with the reason recorded."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import CASE_TEXT, plain
from dhr.core.models import IdMixin
from dhr.extensions import db


class ReadinessOverride(IdMixin, db.Model):
    """An override of one check on one review; withdrawing it keeps the row for the record."""

    __tablename__ = "readiness_overrides"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    check_key: Mapped[str] = mapped_column(String(40), info=plain("a check's key"))
    reason: Mapped[str] = mapped_column(Text, info=CASE_TEXT)
    # What the check found when it was overridden: the override covers that finding only.
    detail: Mapped[str] = mapped_column(
        Text, default="", info=plain("the check's finding, which describes leaks without repeating them")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
