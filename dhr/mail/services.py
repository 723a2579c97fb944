"""send_mail() puts a message in the outbox, in the caller's transaction; deliver_due() sends what is due
through the configured channel, with retries and backoff, and claims rows so two workers never send one twice."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from dhr.core import clock
from dhr.extensions import db
from dhr.mail.channels import FinalError, TransientError, channel_for
from dhr.mail.models import MailStatus, OutboxMessage

log = logging.getLogger(__name__)


@dataclass
class DeliveryRun:
    """What one delivery pass did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def send_mail(
    *, to: str, subject: str, body: str, category: str, partnership_id: int | None, user_id: int | None = None
) -> OutboxMessage:
    """Put a message in the outbox. Nothing is sent during the request, so answers take the same time
    whether or not an email was due (no account enumeration by timing); a delivery job sends it."""
    message = OutboxMessage(
        to_address=to,
        subject=subject[:200],
        category=category,
        partnership_id=partnership_id,
        user_id=user_id,
        status=MailStatus.HELD,
        body=body,
    )
    db.session.add(message)
    db.session.flush()
    return message


def max_attempts() -> int:
    """The first try and one per configured retry delay."""
    return len(current_app.config["MAIL_RETRY_SECONDS"]) + 1


def _due(now: datetime):
    waiting = and_(
        OutboxMessage.status == MailStatus.HELD,
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
    )
    # A worker that died mid-send leaves its claim; once the claim expires another worker may try again.
    abandoned = and_(OutboxMessage.status == MailStatus.SENDING, OutboxMessage.claimed_until < now)
    return and_(or_(waiting, abandoned), OutboxMessage.attempts < max_attempts())


def _give_up_abandoned(now: datetime) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == MailStatus.SENDING,
            OutboxMessage.claimed_until < now,
            OutboxMessage.attempts >= max_attempts(),
        )
        .values(status=MailStatus.FAILED, error="Gave up: the last try did not finish", body=None)
    )


def claim(limit: int) -> list[int]:
    """Mark up to `limit` due messages as being sent by this worker and commit. On PostgreSQL the rows are read
    FOR UPDATE SKIP LOCKED, so workers claiming at once take different messages; SQLite serialises writers."""
    now = clock.now()
    _give_up_abandoned(now)
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(_due(now))
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if ids:
        lease = now + timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status=MailStatus.SENDING, claimed_until=lease, attempts=OutboxMessage.attempts + 1)
        )
    db.session.commit()
    return ids


def _sent(message: OutboxMessage, reference: str | None) -> None:
    message.status = MailStatus.SENT
    message.sent_at = clock.now()
    message.provider_ref = reference
    message.error = None
    message.body = None  # delivered: one-time links are not kept at rest


def _failed(message: OutboxMessage, why: str) -> None:
    message.status = MailStatus.FAILED
    message.error = why[:300]
    message.body = None


def _retry_later(message: OutboxMessage, why: str) -> None:
    delays = current_app.config["MAIL_RETRY_SECONDS"]
    if message.attempts >= max_attempts():
        _failed(message, f"Gave up after {message.attempts} tries: {why}")
        return
    message.status = MailStatus.HELD
    message.error = why[:300]
    message.next_attempt_at = clock.now() + timedelta(seconds=delays[message.attempts - 1])


def deliver_due(limit: int = 100) -> DeliveryRun:
    """Send the due messages through the configured channel, committing each outcome as it happens."""
    run = DeliveryRun()
    channel = channel_for(current_app.config)
    if channel is None:
        return run
    ids = claim(limit)
    if not ids:
        return run
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id))
    with channel.session() as send:
        for message in list(messages):
            message.channel = channel.name
            try:
                reference = send(message.to_address, message.subject, message.body or "", f"outbox-{message.id}")
            except FinalError as error:
                _failed(message, str(error))
                run.failed += 1
            except TransientError as error:
                _retry_later(message, str(error))
                if message.status is MailStatus.FAILED:
                    run.failed += 1
                else:
                    run.retrying += 1
            else:
                _sent(message, reference)
                run.sent += 1
            if message.status is not MailStatus.SENT:
                log.warning("Mail %s for a %s message: %s", message.status.value, message.category, message.error)
            db.session.commit()
    return run
