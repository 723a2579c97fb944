"""send_mail(): hand a message to SMTP when configured, otherwise hold it in the outbox."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

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
    """Send or hold an email and keep a record of it. Never raises on a delivery failure."""
    message = OutboxMessage(
        to_address=to,
        subject=subject,
        category=category,
        partnership_id=partnership_id,
        status=MailStatus.HELD,
        body=body,
    )
    if current_app.config["MAIL_SMTP_HOST"]:
        try:
            _deliver_smtp(message, body)
        except (OSError, smtplib.SMTPException) as exc:
            message.status = MailStatus.FAILED
            message.error = type(exc).__name__
            log.warning("SMTP delivery failed for a %s message: %s", category, type(exc).__name__)
        else:
            message.status = MailStatus.SENT
            message.sent_at = clock.now()
        # Delivered (or to be resent from the source): do not keep one-time links at rest.
        message.body = None
    db.session.add(message)
    db.session.flush()
    return message
