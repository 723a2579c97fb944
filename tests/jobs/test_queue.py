"""The real queue: jobs queued on Redis and run by `flask dhr worker` in another process, against this leg's
database; mail goes through the Notify stand-in. Without JOBS_REDIS_URL the same jobs run in-process."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown
from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from dhr.core import queue
from dhr.evidence.models import AgencyInvolvement, EvidenceReminder
from dhr.extensions import db
from dhr.jobs.cli import status_line
from dhr.jobs.daily import run_daily
from dhr.mail.models import MailStatus, OutboxMessage
from tests.conftest import _throwaway_postgres, _throwaway_sqlite, make_test_app
from tests.mail.stand_ins import API_KEY, TEMPLATE_ID, NotifyStandIn
from tests.reviews.review_world import build_review_world

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_queue():
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisDown:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    name = f"dhr-test-{uuid.uuid4().hex[:8]}"
    yield name
    connection = Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"rq:*{name}*"):
        connection.delete(key)


@pytest.fixture
def queued_app(pytestconfig, redis_queue):
    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url, NotifyStandIn() as notify:
        settings = {
            "JOBS_REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": redis_queue,
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
            "NOTIFY_BASE_URL": notify.url,
        }
        app = make_test_app(url, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool}, **settings)
        with app.app_context():
            upgrade()
        app.worker_env = {"DATABASE_URL": url, **{key: str(value) for key, value in settings.items()}}
        app.notify = notify
        yield app
        with app.app_context():
            db.engine.dispose()


def _worker(app) -> subprocess.CompletedProcess:
    """`flask dhr worker --burst` in its own process: it builds its own app from the environment, as in
    production, and runs what is queued, then stops."""
    env = {**os.environ, "DHR_ENV": "development", **app.worker_env}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "dhr", "worker", "--burst"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_daily_run_and_mail_delivery_run_on_a_worker(queued_app):
    with queued_app.app_context():
        world = build_review_world()
        db.session.commit()
        due = db.session.scalar(
            select(AgencyInvolvement.due_on).where(AgencyInvolvement.id == world["evidence"]["A"]["involvement"])
        )
        assert status_line().startswith("Jobs: queued on Redis, but NO WORKER")
        run = run_daily(due + timedelta(days=1), ["evidence-reminders"])
        assert (run.queued, run.totals) == (2, {})  # one job per partnership, nothing done here
        assert db.session.scalar(select(func.count()).select_from(EvidenceReminder)) == 0
    finished = _worker(queued_app)
    assert finished.returncode == 0, finished.stderr
    with queued_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EvidenceReminder)) == 2
        waiting = db.session.scalar(select(func.count()).where(OutboxMessage.status == MailStatus.HELD))
        assert waiting > 0
        assert queue.enqueue("deliver-mail").job_id is not None
    finished = _worker(queued_app)
    assert finished.returncode == 0, finished.stderr
    with queued_app.app_context():
        statuses = set(db.session.scalars(select(OutboxMessage.status)))
    assert statuses == {MailStatus.SENT}
    assert len(queued_app.notify.received) == waiting


def test_without_a_queue_jobs_run_in_process(app, db):
    with app.app_context():
        assert queue.queue() is None
        assert queue.enqueue("deliver-mail").result == {"sent": 0, "retrying": 0, "failed": 0}
        assert status_line().startswith("Jobs: no queue configured")
