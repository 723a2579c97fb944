"""A long chronology export runs as a job: the request offers to prepare it, the job builds exactly the file the
request would have, the page shows rows done of total, the owner is told and downloads it, and it is deleted
after EXPORT_KEEP_HOURS."""

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.exports.models import ExportJob, ExportStatus
from dhr.exports.services import expire
from dhr.extensions import db as _db
from dhr.notifications.models import Notification
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


def _world_with_a_submission():
    """The review world with agency A's chronology submitted, so the combined chronology has entries."""
    from dhr.evidence import services
    from dhr.evidence.models import AgencyInvolvement
    from dhr.extensions import db as _db

    world = build_review_world()
    involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
    services.submit(involvement, actor=world["users"]["contributor_a"])
    return world


@pytest.fixture
def world(db, frozen_clock):
    return db.run(_world_with_a_submission)


@pytest.fixture
def chair(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["chair"])
    return client


def _base(world) -> str:
    return f"/reviews/{world['objects']['R1']['review']}"


def test_a_long_export_is_prepared_as_a_job_and_is_the_same_file(app, db, world, chair, monkeypatch):
    inline = chair.get(f"{_base(world)}/chronology/export?format=csv&include=submitted")
    assert inline.mimetype == "text/csv"
    monkeypatch.setitem(app.config, "EXPORT_IN_REQUEST_ROWS", 0)
    offer = chair.get(f"{_base(world)}/chronology/export?format=csv&include=submitted").get_data(as_text=True)
    assert "Prepare the file" in offer
    assert 'name="include" value="submitted"' in offer
    started = chair.post(
        f"{_base(world)}/chronology/export-job",
        data={"csrf_token": csrf_token(chair), "format": "csv", "names": "pseudonyms", "include": "submitted"},
    )
    assert started.status_code == 303
    job = db.scalar(select(ExportJob))
    assert started.headers["Location"] == f"{_base(world)}/exports/{job.id}"
    assert job.status is ExportStatus.DONE  # no queue configured: the job ran in-process
    assert job.rows_done == job.rows_total > 0
    page = chair.get(started.headers["Location"]).get_data(as_text=True)
    assert f"{job.rows_total} of {job.rows_total} entries (100%)" in page
    download = chair.get(f"{_base(world)}/exports/{job.id}/download")
    assert download.data == inline.data
    assert download.headers["Cache-Control"] == "no-store"
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%export%")).order_by(AuditEvent.id))
    assert actions == ["chronology.exported", "export.requested", "chronology.exported", "export.downloaded"]
    told = db.scalar(select(Notification).where(Notification.kind == "chronology.exported"))
    assert told.user_id == world["users"]["chair"].id
    assert told.link == f"{_base(world)}/exports/{job.id}"


def test_the_file_is_deleted_after_it_has_been_kept_long_enough(app, db, world, chair, frozen_clock, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_IN_REQUEST_ROWS", 0)
    chair.post(f"{_base(world)}/chronology/export-job", data={"csrf_token": csrf_token(chair), "format": "xlsx"})
    job = db.scalar(select(ExportJob))
    frozen_clock.advance(hours=app.config["EXPORT_KEEP_HOURS"] + 1)
    start_session_cookie(chair, db, world["users"]["chair"])  # signed out while idle: sign in again
    refused = chair.get(f"{_base(world)}/exports/{job.id}/download")
    assert refused.headers["Location"] == f"{_base(world)}/exports/{job.id}"
    assert db.run(expire, job.partnership_id) == 1
    gone = db.run(lambda: tuple(_db.session.execute(select(ExportJob.status, ExportJob.content)).one()))
    assert gone == (ExportStatus.EXPIRED, None)
    assert "The file has been deleted" in chair.get(f"{_base(world)}/exports/{job.id}").get_data(as_text=True)


def test_real_names_need_the_identity_permission_then_and_at_download(app, db, world, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_IN_REQUEST_ROWS", 0)
    panel = app.test_client()
    start_session_cookie(panel, db, world["users"]["panel_member"])
    refused = panel.post(
        f"{_base(world)}/chronology/export-job",
        data={"csrf_token": csrf_token(panel), "format": "csv", "names": "real"},
    )
    assert refused.status_code in (403, 404)
    assert db.scalar(select(ExportJob.id)) is None


def test_a_bad_format_is_refused(app, db, world, chair):
    bad = chair.post(f"{_base(world)}/chronology/export-job", data={"csrf_token": csrf_token(chair), "format": "pdf"})
    assert bad.status_code == 400
    assert db.scalar(select(ExportJob.id)) is None


def test_an_unreachable_queue_fails_the_export_visibly(app, db, world, chair, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    started = chair.post(
        f"{_base(world)}/chronology/export-job", data={"csrf_token": csrf_token(chair), "format": "csv"}
    )
    assert started.status_code == 303
    status, error = db.run(lambda: tuple(_db.session.execute(select(ExportJob.status, ExportJob.error)).one()))
    assert (status, error) == (ExportStatus.FAILED, "ConnectionError")
    page = chair.get(started.headers["Location"]).get_data(as_text=True)
    assert "could not be prepared" in page
