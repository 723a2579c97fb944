"""The daily work, one job per partnership and kind: reminders, escalations, duty notices, clock alerts, deleting
prepared export files and typed text kept long enough, and the digest. Each job runs in its own transaction, so one
partnership's error never undoes another's, and holds a lock for its kind and partnership, so two runs at once
(two hosts, two workers, a rerun) do its work once: the second waits, then finds each reminder already recorded
under its unique key and sends nothing again.
"""

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, text

from dhr.actions.reminders import send_action_reminders
from dhr.auth.kept_forms import purge_expired
from dhr.auth.membership import working_in
from dhr.clocks.alerts import send_clock_alerts
from dhr.core.queue import enqueue
from dhr.duties.reminders import send_duty_reminders
from dhr.evidence.reminders import send_reminders
from dhr.exports.services import expire
from dhr.extensions import db
from dhr.notifications.emails import send_digests
from dhr.overview.stored import rebuild_partnership as rebuild_tasks
from dhr.partnerships.models import Partnership


def _evidence(partnership: Partnership, day: date) -> dict[str, Any]:
    run = send_reminders(day, partnership.id)
    return {"reminders": run.reminders, "escalations": run.escalations, "skipped": run.skipped}


def _actions(partnership: Partnership, day: date) -> dict[str, Any]:
    run = send_action_reminders(day, partnership.id)
    return {
        "update requests": run.update_requests,
        "overdue chases": run.chases,
        "escalations": run.escalations,
        "actions now overdue": run.now_overdue,
        "skipped": run.skipped,
    }


def _duties(partnership: Partnership, day: date) -> dict[str, Any]:
    run = send_duty_reminders(day, partnership.id)
    return {
        "due-soon notices": run.due_soon,
        "overdue chases": run.chases,
        "occurrences added": run.generated,
        "skipped": run.skipped,
    }


def _clocks(partnership: Partnership, day: date) -> dict[str, Any]:
    # The nightly catch-all for the stored tasks too: anything written around the session is worked out again.
    rebuild_tasks(db.session, partnership.id)
    return {"clock alerts": send_clock_alerts(partnership, day)}


def _exports(partnership: Partnership, day: date) -> dict[str, Any]:
    return {"export files deleted": expire(partnership.id)}


def _kept_forms(partnership: Partnership, day: date) -> dict[str, Any]:
    return {"kept form texts deleted": purge_expired(partnership.id)}


def _digests(partnership: Partnership, day: date) -> dict[str, Any]:
    run = send_digests(partnership.id)
    return {"digest emails": run.emails, "notifications in digests": run.notifications}


# In this order, so the day's reminders and alerts are in the same day's digest.
DAILY: dict[str, Callable[[Partnership, date], dict[str, Any]]] = {
    "duty-reminders": _duties,
    "evidence-reminders": _evidence,
    "action-reminders": _actions,
    "clock-alerts": _clocks,
    "expire-exports": _exports,
    "expire-kept-forms": _kept_forms,
    "digests": _digests,
}


def _lock(kind: str, partnership_id: int) -> None:
    """Hold this kind's lock for the partnership until the transaction ends. On SQLite every transaction already
    begins IMMEDIATE, holding the database's one write lock until it ends."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(kind.encode()) & 0x7FFFFFFF
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :partnership)"), {"kind": key, "partnership": partnership_id}
        )


def run_for_partnership(kind: str, partnership_id: int, day: str) -> dict[str, Any]:
    """One kind of daily work for one partnership, in its own transaction; the job the queue runs."""
    try:
        _lock(kind, partnership_id)
        partnership = db.session.get(Partnership, partnership_id)
        if partnership is None:
            db.session.rollback()
            return {}
        with working_in(partnership_id):  # everyone the job reads is seen as they are in this partnership
            result = DAILY[kind](partnership, date.fromisoformat(day))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


@dataclass
class DailyRun:
    """What a fan-out did: jobs queued, or, in-process, each partnership's totals and failures."""

    queued: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    partnerships: int = 0


def _add(run: DailyRun, result: dict[str, Any]) -> None:
    for key, value in result.items():
        if key == "skipped":
            run.skipped.extend(value)
        else:
            run.totals[key] = run.totals.get(key, 0) + value


def run_daily(day: date, kinds: list[str] | None = None) -> DailyRun:
    """Queue each kind of daily work for each partnership (or, with no queue, run each now, one by one)."""
    run = DailyRun()
    partnerships = db.session.execute(select(Partnership.id, Partnership.name).order_by(Partnership.id)).all()
    db.session.commit()  # the jobs take their own locks and transactions
    run.partnerships = len(partnerships)
    for kind in kinds or list(DAILY):
        for partnership_id, name in partnerships:
            try:
                ticket = enqueue("partnership", kind=kind, partnership_id=partnership_id, day=day.isoformat())
            except Exception as error:  # reported, and the other partnerships go on
                run.failed[f"{name} ({kind})"] = f"{type(error).__name__}: {error}"
                continue
            if ticket.job_id is not None:
                run.queued += 1
            else:
                _add(run, ticket.result)
    return run
