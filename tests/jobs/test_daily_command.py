"""`flask dhr run-daily`: every kind of daily work for every partnership, each in its own transaction, with the
totals printed when the jobs run in-process; `flask dhr jobs-status` says where jobs run."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from dhr.evidence.models import AgencyInvolvement, EvidenceReminder
from dhr.jobs.daily import DAILY
from tests.reviews.review_world import build_review_world


def _due(db, world):
    return db.scalar(
        select(AgencyInvolvement.due_on).where(AgencyInvolvement.id == world["evidence"]["A"]["involvement"])
    )


def test_run_daily_runs_every_kind_for_every_partnership(app, db):
    world = db.run(build_review_world)
    day = _due(db, world) + timedelta(days=1)
    result = app.test_cli_runner().invoke(args=["dhr", "run-daily", "--date", day.isoformat()])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("0 due-soon notices, 0 overdue chases,")
    assert "2 reminders" in first
    assert first.endswith("in 2 partnerships")
    assert db.scalar(select(func.count()).select_from(EvidenceReminder)) == 2
    again = app.test_cli_runner().invoke(args=["dhr", "run-daily", "--date", day.isoformat()])
    assert "0 reminders" in again.output


def test_only_runs_the_kinds_named(app, db):
    world = db.run(build_review_world)
    day = _due(db, world) + timedelta(days=1)
    result = app.test_cli_runner().invoke(
        args=["dhr", "run-daily", "--only", "clock-alerts", "--date", day.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ clock alerts in 2 partnerships", result.output.splitlines()[0])
    assert "reminders" not in result.output
    assert db.scalar(select(func.count()).select_from(EvidenceReminder)) == 0


def test_an_unknown_kind_is_refused(app, db):
    result = app.test_cli_runner().invoke(args=["dhr", "run-daily", "--only", "everything"])
    assert result.exit_code != 0
    assert "Invalid value" in result.output
    assert "digests" in DAILY


def test_jobs_status_without_a_queue(app, db):
    result = app.test_cli_runner().invoke(args=["dhr", "jobs-status"])
    assert result.output.startswith("Jobs: no queue configured")
