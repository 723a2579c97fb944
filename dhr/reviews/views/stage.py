"""Moving a review: on to a later stage (or back), pausing, resuming and withdrawing."""

from flask import flash, g, redirect, url_for

from dhr.core.forms import choices
from dhr.extensions import db
from dhr.permissions import Permission, requires_review
from dhr.reviews.forms import PauseForm, ResumeForm, StageForm, WithdrawForm
from dhr.reviews.stages import PauseReason, ReviewStage
from dhr.reviews.views import bp
from dhr.reviews.views.common import actor, review_page
from dhr.reviews.workflow import TransitionError, allowed_moves, transition


def _done(review, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("reviews.view_review", review_id=review.id))


@bp.route("/<int:review_id>/stage", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def change_stage(review_id: int):
    """Choose the next stage; moves whose conditions are not met are explained, not hidden."""
    review = g.review
    moves = allowed_moves(review)
    form = StageForm()
    form.target.choices = choices([(target.value, target.label) for target, _ in moves])
    if form.validate_on_submit():
        try:
            transition(
                review,
                ReviewStage(form.target.data),
                actor=actor(),
                effective_on=form.effective_on.data,
                reason=form.reason.data or "",
            )
        except TransitionError as error:
            form.target.errors.append(str(error))
        else:
            return _done(review, f"{review.reference} moved to {review.stage.label}")
    return review_page("reviews/change-stage.html", form=form, moves=moves)


@bp.route("/<int:review_id>/pause", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def pause_review(review_id: int):
    """Pause the review; clocks that pauses extend stop running."""
    review = g.review
    form = PauseForm()
    if form.validate_on_submit():
        try:
            transition(
                review,
                ReviewStage.PAUSED,
                actor=actor(),
                effective_on=form.effective_on.data,
                reason=form.reason.data or "",
                pause_reason=PauseReason(form.pause_reason.data),
            )
        except TransitionError as error:
            form.pause_reason.errors.append(str(error))
        else:
            return _done(review, f"{review.reference} paused")
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Pause the review",
        fields=["pause_reason", "effective_on", "reason"],
        intro="The six-month clock stops while the review is paused. Tell the Home Office about "
        "the delay and record it in the correspondence register.",
    )


@bp.route("/<int:review_id>/resume", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def resume_review(review_id: int):
    """Resume a paused review at the stage it was paused in."""
    review = g.review
    form = ResumeForm()
    if review.stage is not ReviewStage.PAUSED:
        flash("This review is not paused", "info")
        return redirect(url_for("reviews.view_review", review_id=review.id))
    if form.validate_on_submit():
        try:
            transition(
                review,
                review.paused_from_stage,
                actor=actor(),
                effective_on=form.effective_on.data,
                reason=form.reason.data or "",
            )
        except TransitionError as error:
            form.effective_on.errors.append(str(error))
        else:
            return _done(review, f"{review.reference} resumed at {review.stage.label}")
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Resume the review",
        fields=["effective_on", "reason"],
        intro=f"The review will return to {review.paused_from_stage.label}, where it was paused.",
    )


@bp.route("/<int:review_id>/withdraw", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def withdraw_review(review_id: int):
    """Stop the review for good, with the reason on record."""
    review = g.review
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            transition(
                review,
                ReviewStage.WITHDRAWN,
                actor=actor(),
                effective_on=form.effective_on.data,
                reason=form.reason.data,
            )
        except TransitionError as error:
            form.reason.errors.append(str(error))
        else:
            return _done(review, f"{review.reference} withdrawn")
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Withdraw the review",
        fields=["effective_on", "reason"],
        warning="A withdrawn review cannot be reopened.",
    )
