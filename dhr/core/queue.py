"""The job queue: RQ on Redis when JOBS_REDIS_URL is set, so any number of workers on any number of hosts share
the work; without it (the embedded default), enqueue() runs the same job function in this process at once.

Either way a job is a name and keyword arguments handed to one runner (dhr/jobs/runner.py). Call enqueue() only
after committing: a job reads what the caller wrote, and in-process it shares the caller's session.
"""

import importlib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from redis import Redis
from rq import Queue, Retry
from rq.worker import Worker

RUNNER = "dhr.jobs.runner"
QUEUED = "dhr.core.queue.run_job"


@dataclass(frozen=True)
class Ticket:
    """What enqueue() did: the queued job's id, or, run in-process, its result."""

    job_id: str | None = None
    result: Any = None


def connection() -> Redis | None:
    """The queue's Redis connection, or None when jobs run in-process."""
    url: str = current_app.config["JOBS_REDIS_URL"]
    return Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30) if url else None


def queue() -> Queue | None:
    """The app's queue, or None when jobs run in-process."""
    redis = connection()
    if redis is None:
        return None
    return Queue(current_app.config["JOBS_QUEUE"], connection=redis, default_timeout=current_app.config["JOBS_TIMEOUT"])


def run_job(name: str, kwargs: dict[str, Any]) -> Any:
    """The queued function: hands the job to the runner (imported by name, as core imports nothing of ours)."""
    runner = importlib.import_module(RUNNER)
    return runner.run(name, kwargs)


def enqueue(name: str, **kwargs: Any) -> Ticket:
    """Queue job `name` with its keyword arguments, or run it now in-process when no queue is configured."""
    target = queue()
    if target is None:
        return Ticket(result=run_job(name, kwargs))
    delays: list[int] = list(current_app.config["JOBS_RETRY_SECONDS"])
    job = target.enqueue(
        QUEUED,
        name,
        kwargs,
        retry=Retry(max=len(delays), interval=delays) if delays else None,
        description=f"{name} {sorted(kwargs.items())}",
    )
    return Ticket(job_id=job.id)


def workers_running() -> int | None:
    """How many workers listen on the queue now; None when jobs run in-process."""
    target = queue()
    if target is None:
        return None
    return len(Worker.all(queue=target))
