"""ExportJob: one file being built in the background for the person who asked, and then kept for them briefly."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import plain
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, enum_column
from dhr.extensions import db


class ExportStatus(LabelledEnum):
    """Where a background export is."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "queued": "Waiting to start",
            "running": "Being prepared",
            "done": "Ready",
            "failed": "Failed",
            "expired": "Deleted",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"queued": "grey", "running": "blue", "done": "green", "failed": "red", "expired": "grey"}


class ExportJob(IdMixin, db.Model):
    """A file one person asked for. Its content is kept until it expires (EXPORT_KEEP_HOURS), then deleted."""

    __tablename__ = "export_jobs"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), info=plain("which export, from the builders' table"))
    params: Mapped[dict[str, Any]] = mapped_column(
        JSON,
        default=dict,
        info=plain("the file type, names or pseudonyms, and the filters (ids, an event type, dates)"),
    )
    status: Mapped[ExportStatus] = mapped_column(enum_column(ExportStatus, "export_status", length=10))
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    filename: Mapped[str] = mapped_column(String(200), default="", info=plain("a reference and a file type"))
    mimetype: Mapped[str] = mapped_column(String(100), default="", info=plain("a media type"))
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    error: Mapped[str | None] = mapped_column(String(300), info=plain("an exception's name"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    finished_at: Mapped[datetime | None]

    review = relationship("Review")
    user = relationship("User")

    @property
    def percent(self) -> int:
        """How far along, 0 to 100."""
        if self.status is ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
