"""Asking for an export, building it as a job, handing it over, and deleting it once kept long enough."""

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import update

from dhr.audit.services import record
from dhr.auth.membership import working_in
from dhr.core import clock
from dhr.exports.builders import BUILDERS
from dhr.exports.models import ExportJob, ExportStatus
from dhr.extensions import db


def start(review: Any, kind: str, params: dict[str, Any], *, actor: Any) -> ExportJob:
    """Record what was asked; the caller commits, then queues the job."""
    job = ExportJob(
        partnership_id=review.partnership_id,
        review_id=review.id,
        user_id=actor.id,
        kind=kind,
        params=params,
        status=ExportStatus.QUEUED,
    )
    names = "real names" if params.get("real_names") else "pseudonyms"
    record(
        "export.requested",
        f"{actor.name} asked for the {kind} as a file ({params.get('format')}, {names})",
        actor=actor,
        added=job,
        review=review,
        data={"kind": kind, "format": params.get("format"), "real_names": bool(params.get("real_names"))},
    )
    return job


def _claim(export_id: int) -> ExportJob | None:
    """Move a queued export to running, once: a second job for the same export finds nothing to do."""
    claimed = db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == export_id, ExportJob.status == ExportStatus.QUEUED)
        .values(status=ExportStatus.RUNNING)
    ).rowcount
    db.session.commit()
    return db.session.get(ExportJob, export_id) if claimed else None


def build(export_id: int) -> dict[str, int]:
    """The job: build the file in chunks, committing the count as it goes, then keep the file for its owner."""
    job = _claim(export_id)
    if job is None:
        return {"rows": 0}

    def progress(done: int, total: int) -> None:
        job.rows_done, job.rows_total = done, total
        db.session.commit()

    try:
        with working_in(job.partnership_id):
            built = BUILDERS[job.kind](job, progress)
    except Exception as error:
        db.session.rollback()
        job = db.session.get(ExportJob, export_id)
        job.status, job.error, job.finished_at = ExportStatus.FAILED, type(error).__name__, clock.now()
        record("export.failed", f"The {job.kind} export failed", obj=job, review=job.review, data={"kind": job.kind})
        db.session.commit()
        raise
    job.content, job.filename, job.mimetype = built.content, built.filename, built.mimetype
    job.status, job.finished_at, job.rows_done = ExportStatus.DONE, clock.now(), built.rows
    names = "real names" if job.params.get("real_names") else "pseudonyms"
    record(
        f"{job.kind}.exported",
        f"The combined {job.kind} ({job.params['format']}, {names}) was prepared as a file for {job.user.name}",
        actor=None,  # the job did it, and its owner hears of it
        obj=job,
        review=job.review,
        data={
            "format": job.params["format"],
            "real_names": bool(job.params.get("real_names")),
            "rows": built.rows,
            "export_id": job.id,
            "via": "job",
        },
    )
    db.session.commit()
    return {"rows": built.rows}


def not_started(export_id: int, error: Exception) -> None:
    """The job could not be queued (the queue is unreachable): say so on the export rather than leave it waiting."""
    job = db.session.get(ExportJob, export_id)
    if job is not None and job.status is ExportStatus.QUEUED:
        job.status, job.error, job.finished_at = ExportStatus.FAILED, type(error).__name__[:300], clock.now()
        record("export.failed", f"The {job.kind} export could not be queued", obj=job, review=job.review)


def keep_until(job: ExportJob):
    """When the file is deleted."""
    return (job.finished_at or job.created_at) + timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])


def downloaded(job: ExportJob, *, actor: Any) -> None:
    """Audit each download of a prepared file."""
    record(
        "export.downloaded",
        f"{actor.name} downloaded {job.filename}",
        actor=actor,
        obj=job,
        review=job.review,
        data={"kind": job.kind, "rows": job.rows_done},
    )


def expire(partnership_id: int) -> int:
    """Delete the files of the partnership's exports kept past EXPORT_KEEP_HOURS; returns how many."""
    cutoff = clock.now() - timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    count = db.session.execute(
        update(ExportJob)
        .where(
            ExportJob.partnership_id == partnership_id,
            ExportJob.status == ExportStatus.DONE,
            ExportJob.finished_at < cutoff,
        )
        .values(status=ExportStatus.EXPIRED, content=None)
    ).rowcount
    if count:
        record(
            "export.expired",
            f"{count} prepared export files deleted after {current_app.config['EXPORT_KEEP_HOURS']} hours",
            partnership_id=partnership_id,
            data={"count": count},
        )
    return count
