"""The correspondence register of a review, and downloads of attached copies."""

from flask import Blueprint, flash, g, redirect, request, url_for

from dhr.core.forms import filling_from_record
from dhr.correspondence.forms import CorrespondenceForm
from dhr.correspondence.models import CorrespondenceEntry, Counterpart, Direction, Method, Subject
from dhr.correspondence.services import record_correspondence
from dhr.extensions import db
from dhr.files.guard import UploadError, check_upload
from dhr.files.store import attachment, record_refusal
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("correspondence", __name__, url_prefix="/reviews/<int:review_id>/correspondence")


@bp.route("")
@requires_review(Permission.VIEW_CORRESPONDENCE)
def list_entries(review_id: int):
    """Everything sent and received, newest first."""
    entries = sorted(g.review.correspondence, key=lambda e: (e.occurred_on, e.id), reverse=True)
    return review_page("correspondence/list-entries.html", entries=entries)


@bp.route("/new", methods=["GET", "POST"])
@requires_review(Permission.RECORD_CORRESPONDENCE)
def new_entry(review_id: int):
    """Record a letter or email; links from the task list arrive with the usual answers filled in."""
    review = g.review
    form = CorrespondenceForm()
    if filling_from_record(form):
        for name in ("direction", "counterpart", "subject"):
            if request.args.get(name):
                form[name].data = request.args[name]
    if form.validate_on_submit():
        upload = None
        uploaded = request.files.get("file")
        try:
            if uploaded and uploaded.filename:
                upload = check_upload(uploaded.filename, uploaded.read())
        except UploadError as error:
            record_refusal(error, actor=actor(), partnership_id=review.partnership_id, review_id=review.id)
            db.session.commit()
            form.file.errors = [str(error)]
        else:
            record_correspondence(
                review,
                occurred_on=form.occurred_on.data,
                direction=Direction(form.direction.data),
                counterpart=Counterpart(form.counterpart.data),
                method=Method(form.method.data),
                subject=Subject(form.subject.data),
                summary=form.summary.data or "",
                upload=upload,
                actor=actor(),
            )
            db.session.commit()
            flash("Correspondence recorded", "success")
            return redirect(url_for("correspondence.list_entries", review_id=review.id))
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record correspondence",
        multipart=True,
        fields=["direction", "counterpart", "subject", "method", "occurred_on", "summary", "file"],
        intro="Letters and emails to and from the Home Office, the Domestic Abuse Commissioner and the family.",
    )


@bp.route("/<int:entry_id>/file")
@requires_review(Permission.VIEW_CORRESPONDENCE)
def download_file(review_id: int, entry_id: int):
    """The attached copy, as a download (never rendered inline). Every download is audited."""
    review = g.review
    entry = in_review(CorrespondenceEntry, entry_id, review)
    if entry.file is None:
        return redirect(url_for("correspondence.list_entries", review_id=review.id))
    response = attachment(
        entry.file, actor=actor(), about="", partnership_id=review.partnership_id, review_id=review.id
    )
    db.session.commit()
    return response
