"""The one function every job goes through: a queue worker calls run(name, kwargs), and so does enqueue() when
jobs run in-process. A worker process builds the app once and runs each job in its own app context."""

from datetime import date
from functools import cache
from typing import Any

from flask import Flask, has_app_context


def _deliver_mail() -> dict[str, int]:
    from dhr.mail.services import deliver_due

    run = deliver_due()
    return {"sent": run.sent, "retrying": run.retrying, "failed": run.failed}


def _daily(day: str | None = None) -> dict[str, int]:
    from dhr.core.dates import london_today
    from dhr.jobs.daily import run_daily

    run = run_daily(date.fromisoformat(day) if day else london_today())
    return {"queued": run.queued, "failed": len(run.failed)}


def _partnership(kind: str, partnership_id: int, day: str) -> dict[str, Any]:
    from dhr.jobs.daily import run_for_partnership

    return run_for_partnership(kind, partnership_id, day)


def _export(export_id: int) -> dict[str, int]:
    from dhr.exports.services import build

    return build(export_id)


JOBS = {
    "deliver-mail": _deliver_mail,
    "daily": _daily,
    "partnership": _partnership,
    "export": _export,
}


@cache
def worker_app() -> Flask:
    """The app a worker process builds once, from the environment, as `wsgi.py` does."""
    from dhr import create_app

    return create_app()


def run(name: str, kwargs: dict[str, Any]) -> Any:
    """Run job `name`; in a worker, inside a fresh app context of the worker's app."""
    job = JOBS[name]
    if has_app_context():
        return job(**kwargs)
    with worker_app().app_context():
        return job(**kwargs)
