"""Long exports: ask for one (it is queued as a job), follow its progress, download it. No JavaScript: the
progress page has a link to check again. Every page is the asker's own: another person's export is a 404."""

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, request, url_for
from flask_login import current_user

from dhr.core import clock
from dhr.core.forms import ConfirmForm
from dhr.core.queue import enqueue
from dhr.evidence.access import chosen_export
from dhr.evidence.filters import KEYS as FILTER_KEYS
from dhr.exports import services
from dhr.exports.models import ExportJob, ExportStatus
from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import review_page

bp = Blueprint("exports", __name__)


def _own(export_id: int) -> ExportJob:
    job = db.session.get(ExportJob, export_id)
    if job is None or job.review_id != g.review.id or job.user_id != current_user.id:
        abort(404)
    if job.params.get("real_names") and not can(current_user, Permission.VIEW_IDENTITIES, g.review):
        abort(403)  # the right to see names was taken away after asking
    return job


@bp.route("/reviews/<int:review_id>/chronology/export-job", methods=["POST"])
@requires_review(Permission.VIEW_CHRONOLOGY)
def start_chronology_export(review_id: int):
    """Queue the combined chronology as a file, with the filters and names the person chose."""
    review = g.review
    if not ConfirmForm().validate_on_submit():
        abort(400)
    file_format, real_names = chosen_export(request.form, review, unknown_format=400)
    params = {
        "format": file_format,
        "real_names": real_names,
        "include_submitted": can(current_user, Permission.REVIEW_EVIDENCE, review),
        "args": {key: request.form[key][:120] for key in FILTER_KEYS if request.form.get(key)},
    }
    job = services.start(review, "chronology", params, actor=current_user._get_current_object())
    db.session.commit()
    try:
        enqueue("export", export_id=job.id)
    except Exception as error:  # the job failed in-process (recorded on it), or the queue could not be reached
        db.session.rollback()
        services.not_started(job.id, error)
        db.session.commit()
    return redirect(url_for("exports.view_export", review_id=review.id, export_id=job.id), 303)


@bp.route("/reviews/<int:review_id>/exports/<int:export_id>")
@requires_review(Permission.VIEW_CHRONOLOGY)
def view_export(review_id: int, export_id: int):
    """How far the export has got (rows done of total), then a link to the file."""
    job = _own(export_id)
    return review_page("exports/progress.html", job=job, keep_until=services.keep_until(job), S=ExportStatus)


@bp.route("/reviews/<int:review_id>/exports/<int:export_id>/download")
@requires_review(Permission.VIEW_CHRONOLOGY)
def download_export(review_id: int, export_id: int):
    """The prepared file, to the person who asked for it, until it is deleted. Audited."""
    job = _own(export_id)
    if job.status is not ExportStatus.DONE or job.content is None or services.keep_until(job) < clock.now():
        flash("That file is not ready, or has been deleted. Ask for it again.", "error")
        return redirect(url_for("exports.view_export", review_id=review_id, export_id=export_id))
    services.downloaded(job, actor=current_user._get_current_object())
    db.session.commit()
    response = Response(job.content, mimetype=job.mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=job.filename)
    response.headers.set("Cache-Control", "no-store")
    return response


@bp.app_context_processor
def _export_settings() -> dict:
    return {"export_keep_hours": current_app.config["EXPORT_KEEP_HOURS"]}
