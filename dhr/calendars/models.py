"""CalendarFeed: a person's secret iCalendar address, kept as a hash so the database never holds the address."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.models import IdMixin
from dhr.extensions import db


class CalendarFeed(IdMixin, db.Model):
    """One live feed address per person and partnership they work for; making a new one or stopping it deletes the
    row, so the old address dies. A feed shows only its partnership's dates."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("user_id", "partnership_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now_default)

    user = relationship("User")
