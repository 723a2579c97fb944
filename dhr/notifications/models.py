"""Notification: one person told of one event, with where to go and whether they have read it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import plain
from dhr.core.models import IdMixin
from dhr.extensions import db

BUILT = "built by the code from a reference, an event's label and an agency's name; never typed text"


class Notification(IdMixin, db.Model):
    """What a person was told, newest first in their inbox. Written in the transaction of the change it tells."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_partnership_id_in_digest", "partnership_id", "in_digest"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(64), info=plain("the event's name, from the table of audiences"))
    summary: Mapped[str] = mapped_column(String(300), info=plain(BUILT))
    link: Mapped[str] = mapped_column(String(300), info=plain("a path in this app"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    read_at: Mapped[datetime | None] = mapped_column()
    # Waiting for the person's daily digest email; the digest run clears it as it sends.
    in_digest: Mapped[bool] = mapped_column(default=False, server_default=false())

    user = relationship("User", foreign_keys=[user_id])
    review = relationship("Review")

    @property
    def unread(self) -> bool:
        """True until the person opens it or marks it read."""
        return self.read_at is None
