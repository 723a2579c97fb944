"""send_mail(): hand a message to SMTP when configured, otherwise hold it in the outbox."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from dhr.core import clock
from dhr.extensions import db
from dhr.mail.models import MailStatus, OutboxMessage

log = logging.getLogger(__name__)


def _deliver_smtp(message: OutboxMessage, body: str) -> None:
    cfg = current_app.config
    email = EmailMessage()
    email["From"] = cfg["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(body)
    with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=15) as smtp:
        if cfg["MAIL_SMTP_STARTTLS"]:
            smtp.starttls()
        if cfg["MAIL_SMTP_USERNAME"]:
            smtp.login(cfg["MAIL_SMTP_USERNAME"], cfg["MAIL_SMTP_PASSWORD"])
        smtp.send_message(email)


def send_mail(*, to: str, subject: str, body: str, category: str, partnership_id: int | None) -> OutboxMessage:
    """Put a message in the outbox. Nothing is sent during the request, so answers take the same time
    whether or not an email was due (no account enumeration by timing); `deliver_held_mail` sends it."""
    message = OutboxMessage(
        to_address=to,
        subject=subject,
        category=category,
        partnership_id=partnership_id,
        status=MailStatus.HELD,
        body=body,
    )
    db.session.add(message)
    db.session.flush()
    return message


def deliver_held_mail(limit: int = 200) -> tuple[int, int]:
    """Hand held messages to SMTP (when configured); returns (sent, failed). Run by `flask dhr deliver-mail`."""
    if not current_app.config["MAIL_SMTP_HOST"]:
        return 0, 0
    held = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == MailStatus.HELD).order_by(OutboxMessage.id).limit(limit)
    ).all()
    sent = failed = 0
    for message in held:
        try:
            _deliver_smtp(message, message.body or "")
        except (OSError, smtplib.SMTPException) as exc:
            message.status = MailStatus.FAILED
            message.error = type(exc).__name__
            log.warning("SMTP delivery failed for a %s message: %s", message.category, type(exc).__name__)
            failed += 1
        else:
            message.status = MailStatus.SENT
            message.sent_at = clock.now()
            sent += 1
        # Delivered or given up: one-time links are not kept at rest.
        message.body = None
        db.session.commit()
    return sent, failed
