"""Mail: held in the outbox without SMTP; handed to SMTP when configured (smtplib is the mocked boundary)."""

import smtplib

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.mail.models import MailStatus, OutboxMessage
from dhr.mail.services import send_mail
from dhr.permissions import Role
from tests.factories import create_partnership, create_user


class FakeSMTP:
    """Stands in for the SMTP server connection."""

    sent: list = []
    fail = False

    def __init__(self, host, port, timeout):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, username, password):
        pass

    def send_message(self, message):
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("gone")
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SMTP_HOST", "smtp.example.test")
    return FakeSMTP


def _send():
    return send_mail(
        to="a@example.test", subject="Subject", body="Link: https://x/one-time", category="test", partnership_id=None
    )


def test_without_smtp_mail_is_held_with_its_body(db):
    message = db.run(_send)
    assert message.status is MailStatus.HELD
    assert message.body == "Link: https://x/one-time"


def _status(db, message_id):
    return db.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))


def test_requests_only_queue_mail_and_delivery_sends_it_without_keeping_the_body(db, smtp):
    from dhr.mail.services import deliver_held_mail

    message = db.run(_send)
    assert message.status is MailStatus.HELD
    assert smtp.sent == []
    assert db.run(deliver_held_mail) == (1, 0)
    delivered = _status(db, message.id)
    assert delivered.status is MailStatus.SENT
    assert delivered.body is None
    assert smtp.sent[0]["To"] == "a@example.test"
    assert "one-time" in smtp.sent[0].get_content()
    assert db.run(deliver_held_mail) == (0, 0)


def test_smtp_failure_is_recorded_not_raised(db, smtp):
    from dhr.mail.services import deliver_held_mail

    smtp.fail = True
    message = db.run(_send)
    assert db.run(deliver_held_mail) == (0, 1)
    failed = _status(db, message.id)
    assert failed.status is MailStatus.FAILED
    assert failed.error == "SMTPServerDisconnected"


def test_deliver_mail_command(app, db, smtp):
    db.run(_send)
    result = app.test_cli_runner().invoke(args=["dhr", "deliver-mail"])
    assert result.output.strip() == "1 sent, 0 failed"


def test_without_smtp_delivery_leaves_mail_for_administrators(app, db):
    from dhr.mail.services import deliver_held_mail

    db.run(_send)
    assert db.run(deliver_held_mail) == (0, 0)
    assert "stay in the outbox" in app.test_cli_runner().invoke(args=["dhr", "deliver-mail"]).output


def test_admin_reads_held_mail_and_the_reading_is_audited(client, db, login_as):
    def _make():
        partnership = create_partnership()
        admin = create_user(partnership, Role.ADMIN)
        message = send_mail(
            to="b@example.test", subject="Hello there", body="Body text", category="test", partnership_id=partnership.id
        )
        return admin, message

    admin, message = db.run(_make)
    login_as(admin)
    assert "Hello there" in client.get("/admin/outbox").get_data(as_text=True)
    assert "Body text" in client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert db.scalar(select(AuditEvent.object_id).where(AuditEvent.action == "mail.viewed")) == message.id


def test_outbox_never_shows_another_partnerships_mail(client, db, login_as):
    def _make():
        mine, theirs = create_partnership(), create_partnership()
        send_mail(to="c@example.test", subject="Theirs", body="x", category="t", partnership_id=theirs.id)
        return create_user(mine, Role.ADMIN)

    login_as(db.run(_make))
    assert "Theirs" not in client.get("/admin/outbox").get_data(as_text=True)
    assert db.scalar(select(OutboxMessage.id)) is not None
