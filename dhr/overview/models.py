"""ReviewTask: a review's open stage tasks as stored for the dashboards (dhr/overview/stored.py keeps them)."""

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dhr.core.declare import plain
from dhr.core.models import IdMixin
from dhr.extensions import db


class ReviewTask(IdMixin, db.Model):
    """One task the review's current stage still needs, as dhr/overview/tasks.py last worked it out, so a dashboard
    lists a partnership's open tasks with indexed SQL instead of working every review's out in Python. Done tasks
    are not stored: the review page works its whole list out live."""

    __tablename__ = "review_tasks"
    __table_args__ = (
        # One task per place in a review's list: two rebuilds of one review at once could otherwise store it twice.
        UniqueConstraint("review_id", "position"),
        Index("ix_review_tasks_partnership_review", "partnership_id", "review_id", "position"),
    )

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200), info=plain("a task label written by the code"))
    href: Mapped[str] = mapped_column(String(300), info=plain("a path in the service"))
