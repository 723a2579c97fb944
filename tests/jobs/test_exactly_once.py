"""Exactly once under two workers at once, on this leg's engine with real commits (PostgreSQL in the postgres
leg): two mail workers claim different messages, and two runs of the same daily job for a partnership do its
work once."""

import smtplib
import threading
from collections import Counter
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from dhr.audit.models import AuditEvent
from dhr.evidence.models import AgencyInvolvement, EvidenceReminder
from dhr.extensions import db
from dhr.jobs.daily import run_for_partnership
from dhr.mail.models import MailStatus, OutboxMessage
from dhr.mail.services import deliver_due, send_mail
from dhr.notifications.models import Notification
from dhr.reviews.models import Review
from tests.conftest import _throwaway_postgres, _throwaway_sqlite, make_test_app
from tests.mail.stand_ins import FakeSMTP
from tests.reviews.review_world import build_review_world

WORKERS = 2


@pytest.fixture
def scratch_app(pytestconfig):
    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url:
        app = make_test_app(url, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool})
        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            db.engine.dispose()


def _at_once(app, work) -> list:
    start = threading.Barrier(WORKERS)
    results: list = []
    errors: list = []

    def worker():
        with app.app_context():
            start.wait()
            try:
                results.append(work())
            except Exception as error:  # collected, so the test says what went wrong
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_two_mail_workers_send_each_message_once(scratch_app, monkeypatch):
    FakeSMTP.reset()
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    scratch_app.config["MAIL_SMTP_HOST"] = "smtp.example.test"
    with scratch_app.app_context():
        for n in range(40):
            send_mail(to=f"p{n}@example.test", subject="s", body="b", category="t", partnership_id=None)
        db.session.commit()

    def drain():
        sent = 0
        while run := deliver_due(limit=5):
            if not run.sent:
                return sent
            sent += run.sent
        return sent

    results = _at_once(scratch_app, drain)
    counts = Counter(message["To"] for message in FakeSMTP.sent)
    assert len(counts) == 40
    assert set(counts.values()) == {1}
    assert sum(results) == 40
    with scratch_app.app_context():
        assert db.session.scalar(select(func.count()).where(OutboxMessage.status == MailStatus.SENT)) == 40


def test_two_runs_of_a_partnerships_daily_job_at_once_do_its_work_once(scratch_app):
    with scratch_app.app_context():
        world = build_review_world()
        db.session.commit()
        review = db.session.get(Review, world["objects"]["R1"]["review"])
        partnership_id = review.partnership_id
        due = db.session.scalar(
            select(AgencyInvolvement.due_on).where(AgencyInvolvement.id == world["evidence"]["A"]["involvement"])
        )
    day = (due + timedelta(days=1)).isoformat()
    results = _at_once(scratch_app, lambda: run_for_partnership("evidence-reminders", partnership_id, day))
    with scratch_app.app_context():
        reminders = db.session.scalar(select(func.count()).select_from(EvidenceReminder))
        events = db.session.scalar(select(func.count()).where(AuditEvent.action == "evidence.reminder_sent"))
        told = db.session.scalar(select(func.count()).where(Notification.kind == "evidence.reminder_sent"))
        mailed = db.session.scalar(select(func.count()).where(OutboxMessage.category == "evidence.reminder_sent"))
    assert sorted(r["reminders"] for r in results) == [0, reminders]
    assert reminders == events > 0
    assert told == mailed > 0
    # once more, later the same day: nothing new
    with scratch_app.app_context():
        assert run_for_partnership("evidence-reminders", partnership_id, day)["reminders"] == 0
