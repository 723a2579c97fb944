"""AuditEvent: one row per state change or security event, never edited."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dhr.core import clock
from dhr.core.models import IdMixin
from dhr.extensions import db


class AuditEvent(IdMixin, db.Model):
    """Who did what, when, from where, to which object. Append-only: triggers reject UPDATE and DELETE."""

    __tablename__ = "audit_events"
    # The audit log's order with its tie-break, so a page's first key is read off the index alone (dhr/core/keyset.py),
    # and the same within one action, for the log filtered by action.
    __table_args__ = (
        Index("ix_audit_events_partnership_id_occurred_at_id", "partnership_id", "occurred_at", "id"),
        Index("ix_audit_events_partnership_id_action_occurred_at_id", "partnership_id", "action", "occurred_at", "id"),
    )

    occurred_at: Mapped[datetime] = mapped_column(default=clock.now_default, index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A snapshot: the log must still read correctly after the account's email changes.
    actor_email: Mapped[str | None] = mapped_column(String(254))
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[int | None] = mapped_column(Integer)
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    summary: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action}>"
