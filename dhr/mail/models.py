"""OutboxMessage: every email the service sends, and, without SMTP, the only copy."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dhr.core import clock
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, enum_column
from dhr.extensions import db


class MailStatus(LabelledEnum):
    """Where a message is: waiting in the outbox, handed to SMTP, or failed."""

    HELD = "held"
    SENT = "sent"
    FAILED = "failed"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"held": "Waiting in outbox", "sent": "Sent", "failed": "Failed"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"held": "blue", "sent": "green", "failed": "red"}


class OutboxMessage(IdMixin, db.Model):
    """One email. The body is kept only while held, so links in sent mail are not stored."""

    __tablename__ = "outbox_messages"

    created_at: Mapped[datetime] = mapped_column(default=clock.now_default, index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus, "mail_status", length=10))
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(300))
