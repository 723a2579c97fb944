"""QA letters: record one (the review moves to QA feedback), correct it, its points, and the response matrix."""

from flask import abort, g, request

from dhr.assurance import qa
from dhr.assurance.forms import PointForm, QaLetterEditForm, QaLetterForm, ResponseForm
from dhr.assurance.models import QaLetter, QaPoint
from dhr.assurance.stages import PointStatus, QaOutcome
from dhr.assurance.views import bp, overview_url
from dhr.core.forms import ConfirmForm
from dhr.core.saving import STALE, attempt
from dhr.core.told import with_told
from dhr.extensions import db
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, in_review, review_page

LETTER_FIELDS = ["panel_on", "letter_dated_on", "received_on", "outcome", "positives"]


def _point_or_404(letter: QaLetter, point_id: int) -> QaPoint:
    """A point of this letter, or 404 (another letter's point does not exist here)."""
    point = db.session.get(QaPoint, point_id)
    if point is None or point.letter_id != letter.id:
        abort(404)
    return point


def _letter_values(form) -> dict:
    return {
        "panel_on": form.panel_on.data,
        "letter_dated_on": form.letter_dated_on.data,
        "received_on": form.received_on.data,
        "outcome": QaOutcome(form.outcome.data),
        "positives": form.positives.data or "",
    }


@bp.route("/qa-letters/new", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_qa_letter(review_id: int):
    """Record the QA panel's letter and its development points; the review moves to QA feedback."""
    review = g.review
    form = QaLetterForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: qa.record_qa_letter(
                review, points_text=form.points.data or "", actor=actor(), **_letter_values(form)
            ),
            form=form,
            stale=STALE,
            field="received_on",
            done=with_told("QA letter recorded. Each development point is now a row of the response matrix"),
            to=overview_url(review, "qa-letters"),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record the QA panel's letter",
        fields=[*LETTER_FIELDS, "points"],
        warning=None
        if review.stage in qa.LETTER_STAGES
        else f"A QA letter is recorded once the report is submitted or resubmitted. This review is at "
        f"{review.stage.label}.",
        intro="The Home Office writes after its QA panel meets: what was done well, and numbered areas for final "
        "development. Either the report may be published once they are made, or it must be resubmitted.",
    )


@bp.route("/qa-letters/<int:letter_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def edit_qa_letter(review_id: int, letter_id: int):
    """Correct the letter's dates, outcome or positives while the review is at QA feedback."""
    review = g.review
    letter = in_review(QaLetter, letter_id, review)
    form = QaLetterEditForm(obj=letter, outcome=letter.outcome.value)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: qa.update_qa_letter(letter, actor=actor(), **_letter_values(form)),
            form=form,
            stale=STALE,
            field="received_on",
            done="QA letter saved",
            to=overview_url(review, f"letter-{letter.id}"),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Change the QA letter",
        fields=LETTER_FIELDS,
        intro="Change the development points one by one on the Sign-off and QA page.",
    )


@bp.route("/qa-letters/<int:letter_id>/points/new", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def add_point(review_id: int, letter_id: int):
    """Add a development point the letter has but the matrix missed."""
    review = g.review
    letter = in_review(QaLetter, letter_id, review)
    form = PointForm(number=str(max((p.number for p in letter.points), default=0) + 1))
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: qa.add_point(letter, number=int(form.number.data), text=form.text.data, actor=actor()),
            form=form,
            stale=STALE,
            field="number",
            done=f"Point {form.number.data} added",
            to=overview_url(review, f"letter-{letter.id}"),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html", form=form, title="Add a development point", fields=["number", "text"]
    )


@bp.route("/qa-letters/<int:letter_id>/points/<int:point_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def edit_point(review_id: int, letter_id: int, point_id: int):
    """Correct a point's number or wording."""
    review = g.review
    letter = in_review(QaLetter, letter_id, review)
    point = _point_or_404(letter, point_id)
    form = PointForm(number=str(point.number), text=point.text)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: qa.update_point(point, number=int(form.number.data), text=form.text.data, actor=actor()),
            form=form,
            stale=STALE,
            field="number",
            done=f"Point {form.number.data} saved",
            to=overview_url(review, f"letter-{letter.id}"),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html", form=form, title=f"Change point {point.number}", fields=["number", "text"]
    )


@bp.route("/qa-letters/<int:letter_id>/points/<int:point_id>/delete", methods=["POST"])
@requires_review(Permission.EDIT_REVIEW)
def delete_point(review_id: int, letter_id: int, point_id: int):
    """Remove a point entered by mistake (only one nobody has answered)."""
    review = g.review
    letter = in_review(QaLetter, letter_id, review)
    point = _point_or_404(letter, point_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = overview_url(review, f"letter-{letter_id}")
    return attempt(
        lambda: qa.delete_point(point, actor=actor()), done=f"Point {point.number} deleted", to=back, refused_to=back
    )


@bp.route("/qa-letters/<int:letter_id>/points/<int:point_id>/response", methods=["GET", "POST"])
@requires_review(Permission.RESPOND_QA)
def respond_to_point(review_id: int, letter_id: int, point_id: int):
    """Write the response to one point: what changed, which paragraphs, and whether it is done."""
    review = g.review
    letter = in_review(QaLetter, letter_id, review)
    point = _point_or_404(letter, point_id)
    form = ResponseForm(obj=point, status=point.status.value, version=str(point.version))
    stale = None
    if form.validate_on_submit():
        if form.version.data != str(point.version):
            stale = STALE
            form.version.data = str(point.version)
        else:
            status = PointStatus(form.status.data)
            saved = attempt(
                lambda: qa.respond_to_point(
                    point,
                    status=status,
                    response=form.response.data or "",
                    paragraphs_changed=form.paragraphs_changed.data or "",
                    not_accepted_reason=form.not_accepted_reason.data or "",
                    actor=actor(),
                ),
                form=form,
                stale=STALE,
                field="status",
                done=f"Response to point {point.number} saved",
                to=overview_url(review, f"point-{point.id}"),
            )
            if saved:
                return saved
    page = review_page(
        "assurance/respond.html",
        form=form,
        letter=letter,
        point=point,
        open=qa.matrix_open(review, letter),
        stale=stale,
    )
    return (page, 409) if stale and request.method == "POST" else page
