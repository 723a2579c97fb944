"""Where email goes: GOV.UK Notify when an API key is configured, SMTP when a host is, otherwise nowhere (the
outbox keeps it for administrators). A channel sorts each failure into one worth retrying or a final one."""

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from typing import Any, Protocol

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

# Notify answers 400 for a bad address or template and 403 for a bad key: another try cannot succeed.
NOTIFY_FINAL = frozenset({400, 403})


class TransientError(Exception):
    """The send failed in a way another try may mend (a timeout, a dropped connection, a rate limit)."""


class FinalError(Exception):
    """The send can never succeed as it is (a refused address, a bad key)."""


class Channel(Protocol):
    """A way of sending: opened once for a batch of messages."""

    name: str

    def session(self) -> Any:
        """A context manager yielding a send(to, subject, body, reference) -> provider id callable."""


class NotifyChannel:
    """GOV.UK Notify's API, through its Python client, with one template whose subject and body are fields."""

    name = "notify"

    def __init__(self, config: dict[str, Any]) -> None:
        self.client = NotificationsAPIClient(
            config["NOTIFY_API_KEY"], base_url=config["NOTIFY_BASE_URL"], timeout=config["MAIL_TIMEOUT_SECONDS"]
        )
        self.template_id = config["NOTIFY_TEMPLATE_ID"]

    def send(self, to: str, subject: str, body: str, reference: str) -> str | None:
        """Send one email; returns Notify's id for it."""
        try:
            answer = self.client.send_email_notification(
                email_address=to,
                template_id=self.template_id,
                personalisation={"subject": subject, "body": body},
                reference=reference,
            )
        except APIError as error:
            kind = FinalError if error.status_code in NOTIFY_FINAL else TransientError
            raise kind(f"Notify answered {error.status_code}") from error
        return str(answer.get("id", ""))[:64] or None

    @contextmanager
    def session(self) -> Iterator[Any]:
        """The client keeps its own HTTP connection pool, so a batch shares connections."""
        yield self.send


class SmtpChannel:
    """An SMTP server: one connection for a batch, opened again if it drops."""

    name = "smtp"

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        cfg = self.config
        connection = smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=cfg["MAIL_TIMEOUT_SECONDS"])
        if cfg["MAIL_SMTP_STARTTLS"]:
            connection.starttls()
        if cfg["MAIL_SMTP_USERNAME"]:
            connection.login(cfg["MAIL_SMTP_USERNAME"], cfg["MAIL_SMTP_PASSWORD"])
        return connection

    def send(self, to: str, subject: str, body: str, reference: str) -> str | None:
        """Send one email over the batch's connection."""
        email = EmailMessage()
        email["From"] = self.config["MAIL_FROM"]
        email["To"] = to
        email["Subject"] = subject
        email["X-DHR-Reference"] = reference
        email.set_content(body)
        try:
            if self.connection is None:
                self.connection = self._open()
            self.connection.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            raise FinalError("The server refused the address") from error
        except smtplib.SMTPResponseException as error:
            self._drop()
            kind = FinalError if 500 <= error.smtp_code < 600 else TransientError
            raise kind(f"SMTP answered {error.smtp_code}") from error
        except (OSError, smtplib.SMTPException) as error:
            self._drop()
            raise TransientError(type(error).__name__) from error
        return None

    def _drop(self) -> None:
        if self.connection is not None:
            with suppress(OSError):
                self.connection.close()
            self.connection = None

    @contextmanager
    def session(self) -> Iterator[Any]:
        """Open lazily on the first message, close after the batch."""
        try:
            yield self.send
        finally:
            if self.connection is not None:
                with suppress(OSError, smtplib.SMTPException):
                    self.connection.quit()
            self._drop()


def channel_for(config: dict[str, Any]) -> NotifyChannel | SmtpChannel | None:
    """The configured channel: Notify first, then SMTP; None keeps mail in the outbox."""
    if config.get("NOTIFY_API_KEY"):
        return NotifyChannel(config)
    if config.get("MAIL_SMTP_HOST"):
        return SmtpChannel(config)
    return None
