"""OutboxMessage: every email the service sends, and, without a channel, the only copy. MailPreference: what a
person chooses to have emailed, per category of notification."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dhr.core import clock
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, enum_column
from dhr.extensions import db


class MailStatus(LabelledEnum):
    """Where a message is: waiting (in the outbox, or for its next try), being sent, sent, or finally failed."""

    HELD = "held"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"held": "Waiting", "sending": "Sending", "sent": "Sent", "failed": "Failed"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"held": "blue", "sending": "yellow", "sent": "green", "failed": "red"}


class OutboxMessage(IdMixin, db.Model):
    """One email. The body is kept until the message is delivered or finally fails, then dropped, so one-time
    links are not kept at rest once they can no longer be sent."""

    __tablename__ = "outbox_messages"

    created_at: Mapped[datetime] = mapped_column(default=clock.now_default, index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus, "mail_status", length=10))
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    claimed_until: Mapped[datetime | None]
    channel: Mapped[str | None] = mapped_column(String(10))
    provider_ref: Mapped[str | None] = mapped_column(String(64))

    @property
    def retrying(self) -> bool:
        """Waiting for another try after a failed one."""
        return self.status is MailStatus.HELD and self.attempts > 0


class MailChoice(LabelledEnum):
    """How a person hears of a category by email."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"immediate": "Email me at once", "digest": "In a daily digest", "off": "No emails"}


class MailPreference(IdMixin, db.Model):
    """One person's choice for one category. A category with no row is emailed at once."""

    __tablename__ = "mail_preferences"
    __table_args__ = (UniqueConstraint("user_id", "category"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    category: Mapped[str] = mapped_column(String(20))
    choice: Mapped[MailChoice] = mapped_column(enum_column(MailChoice, "mail_choice", length=10))
