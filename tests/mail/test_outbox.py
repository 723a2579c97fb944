"""The outbox and delivery: held without a channel; sent through SMTP or Notify with retries and backoff, the
body kept until the message is sent or finally fails; one connection per batch; the status shown to admins."""

import smtplib

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.mail.models import MailStatus, OutboxMessage
from dhr.mail.services import deliver_due, send_mail
from dhr.permissions import Role
from tests.factories import create_partnership, create_user
from tests.mail.stand_ins import API_KEY, TEMPLATE_ID, FakeSMTP, NotifyStandIn, refused


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.reset()
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SMTP_HOST", "smtp.example.test")
    return FakeSMTP


@pytest.fixture
def notify(app, monkeypatch):
    with NotifyStandIn() as server:
        monkeypatch.setitem(app.config, "NOTIFY_API_KEY", API_KEY)
        monkeypatch.setitem(app.config, "NOTIFY_TEMPLATE_ID", TEMPLATE_ID)
        monkeypatch.setitem(app.config, "NOTIFY_BASE_URL", server.url)
        monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 5)
        yield server


def _send(to="a@example.test"):
    return send_mail(to=to, subject="Subject", body="Link: https://x/one-time", category="test", partnership_id=None)


def _message(db, message_id) -> OutboxMessage:
    return db.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))


def _deliver(db):
    run = db.run(deliver_due)
    return run.sent, run.retrying, run.failed


def test_without_a_channel_mail_is_held_with_its_body(db):
    message = db.run(_send)
    assert message.status is MailStatus.HELD
    assert message.body == "Link: https://x/one-time"
    assert _deliver(db) == (0, 0, 0)
    assert _message(db, message.id).body == "Link: https://x/one-time"


def test_delivery_sends_a_batch_over_one_connection_and_drops_each_body(db, smtp):
    ids = [db.run(_send, f"p{n}@example.test").id for n in range(3)]
    assert smtp.sent == []  # requests only queue mail
    assert _deliver(db) == (3, 0, 0)
    assert smtp.connections == 1
    for message_id in ids:
        delivered = _message(db, message_id)
        assert (delivered.status, delivered.body, delivered.channel, delivered.attempts) == (
            MailStatus.SENT,
            None,
            "smtp",
            1,
        )
    assert "one-time" in smtp.sent[0].get_content()
    assert _deliver(db) == (0, 0, 0)


def test_a_blip_is_retried_with_backoff_and_the_body_is_kept_until_sent(db, smtp, frozen_clock):
    message = db.run(_send)
    smtp.fail_with = [smtplib.SMTPServerDisconnected("gone")]
    assert _deliver(db) == (0, 1, 0)
    waiting = _message(db, message.id)
    assert (waiting.status, waiting.attempts, waiting.error) == (MailStatus.HELD, 1, "SMTPServerDisconnected")
    assert waiting.body == "Link: https://x/one-time"  # a password reset survives an SMTP blip
    assert (waiting.next_attempt_at - frozen_clock.current).total_seconds() == 60
    assert _deliver(db) == (0, 0, 0)  # not before its time
    frozen_clock.advance(seconds=61)
    assert _deliver(db) == (1, 0, 0)
    sent = _message(db, message.id)
    assert (sent.status, sent.attempts, sent.body, sent.error) == (MailStatus.SENT, 2, None, None)


def test_each_retry_waits_longer_then_the_message_finally_fails(app, db, smtp, frozen_clock):
    message = db.run(_send)
    delays = app.config["MAIL_RETRY_SECONDS"]
    smtp.fail_with = [smtplib.SMTPServerDisconnected("gone")] * (len(delays) + 1)
    for delay in delays:
        assert _deliver(db) == (0, 1, 0)
        waiting = _message(db, message.id)
        assert (waiting.next_attempt_at - frozen_clock.current).total_seconds() == delay
        frozen_clock.advance(seconds=delay)
    assert _deliver(db) == (0, 0, 1)
    failed = _message(db, message.id)
    assert failed.status is MailStatus.FAILED
    assert failed.attempts == len(delays) + 1
    assert failed.error.startswith(f"Gave up after {len(delays) + 1} tries")
    assert failed.body is None  # finally failed: the one-time link is not kept


def test_a_refused_address_fails_at_once(db, smtp):
    message = db.run(_send)
    smtp.fail_with = [refused()]
    assert _deliver(db) == (0, 0, 1)
    failed = _message(db, message.id)
    assert (failed.status, failed.attempts, failed.body) == (MailStatus.FAILED, 1, None)


def test_a_claim_left_by_a_dead_worker_is_tried_again_after_it_expires(app, db, smtp, frozen_clock):
    from dhr.mail.services import claim

    message = db.run(_send)
    assert db.run(claim, 10) == [message.id]  # the worker dies here, before sending
    assert _deliver(db) == (0, 0, 0)
    frozen_clock.advance(seconds=app.config["MAIL_CLAIM_SECONDS"] + 1)
    assert _deliver(db) == (1, 0, 0)
    assert _message(db, message.id).attempts == 2


def test_notify_sends_through_its_api(db, notify):
    message = db.run(_send)
    assert _deliver(db) == (1, 0, 0)
    (received,) = notify.received
    assert received["email_address"] == "a@example.test"
    assert received["template_id"] == TEMPLATE_ID
    assert received["personalisation"] == {"subject": "Subject", "body": "Link: https://x/one-time"}
    assert received["reference"] == f"outbox-{message.id}"
    sent = _message(db, message.id)
    assert (sent.status, sent.channel, sent.body) == (MailStatus.SENT, "notify", None)
    assert len(sent.provider_ref) == 36


@pytest.mark.parametrize(
    ("status", "name", "outcome"),
    [
        (429, "RateLimitError", MailStatus.HELD),
        (500, "Exception", MailStatus.HELD),
        (400, "BadRequestError", MailStatus.FAILED),
        (403, "AuthError", MailStatus.FAILED),
    ],
)
def test_notify_errors_are_retried_or_final_as_notify_means_them(db, notify, status, name, outcome):
    message = db.run(_send)
    notify.errors.append((status, name, "stand-in error"))
    db.run(deliver_due)
    after = _message(db, message.id)
    assert after.status is outcome
    assert after.error == f"Notify answered {status}"
    assert (after.body is not None) is (outcome is MailStatus.HELD)


def test_notify_unreachable_is_retried(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_API_KEY", API_KEY)
    monkeypatch.setitem(app.config, "NOTIFY_BASE_URL", "http://127.0.0.1:9")  # nothing listens on discard
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 2)
    message = db.run(_send)
    assert _deliver(db) == (0, 1, 0)
    assert _message(db, message.id).error == "Notify answered 503"


def test_deliver_mail_command(app, db, smtp):
    db.run(_send)
    result = app.test_cli_runner().invoke(args=["dhr", "deliver-mail"])
    assert result.output.strip() == "1 sent, 0 to retry, 0 failed"


def test_without_a_channel_the_command_says_mail_stays_for_administrators(app, db):
    db.run(_send)
    assert "stay in the outbox" in app.test_cli_runner().invoke(args=["dhr", "deliver-mail"]).output


def test_admins_see_each_messages_delivery(client, db, login_as, smtp, frozen_clock):
    def _make():
        partnership = create_partnership()
        admin = create_user(partnership, Role.ADMIN)
        for subject in ("Goes first time", "Blips once"):
            send_mail(to="b@example.test", subject=subject, body="x", category="t", partnership_id=partnership.id)
        return admin

    admin = db.run(_make)
    db.run(deliver_due, 1)
    smtp.fail_with = [smtplib.SMTPServerDisconnected("gone")]
    db.run(deliver_due)
    login_as(admin)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Email is sent through SMTP" in page
    assert "by SMTP" in page
    assert "Try 1 of 6 failed (SMTPServerDisconnected); next try" in page


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
