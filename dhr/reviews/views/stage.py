"""Moving a review: on to a later stage (or back), pausing, resuming and withdrawing."""

from flask import flash, g, redirect, request, url_for

from dhr.core.forms import choices
from dhr.core.saving import attempt
from dhr.permissions import Permission, requires_review
from dhr.reviews import pauses
from dhr.reviews.forms import PauseForm, ResumeForm, StageForm, WithdrawForm
from dhr.reviews.stages import PauseReason, ReviewStage
from dhr.reviews.views import bp
from dhr.reviews.views.common import actor, review_page
from dhr.reviews.workflow import allowed_moves, skipped_work, transition


def _move(review, form, target: ReviewStage, *, problem_field, done: str, **extra):
    """Move the review as the form asks; on a refusal put the reason on problem_field and return None."""
    return attempt(
        lambda: transition(
            review, target, actor=actor(), effective_on=form.effective_on.data, reason=form.reason.data or "", **extra
        ),
        form=form,
        field=problem_field.name,
        done=done,
        to=url_for("overview.view_review", review_id=review.id),
    )


@bp.route("/<int:review_id>/stage", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def change_stage(review_id: int):
    """Choose the next stage; moves whose conditions are not met are explained, not hidden."""
    review = g.review
    moves = allowed_moves(review)
    form = StageForm()
    form.target.choices = choices([(target.value, target.label) for target, _ in moves])
    if form.validate_on_submit():
        target = ReviewStage(form.target.data)
        moved = _move(
            review, form, target, problem_field=form.target, done=f"{review.reference} moved to {target.label}"
        )
        if moved:
            return moved
    skipped = [(target, work) for target, problems in moves if not problems and (work := skipped_work(review, target))]
    return review_page("reviews/change-stage.html", form=form, moves=moves, skipped=skipped)


@bp.route("/<int:review_id>/pause", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def pause_review(review_id: int):
    """Pause the review; clocks that pauses extend stop running."""
    review = g.review
    form = PauseForm()
    offered = pauses.suggestions(review)
    chosen = next((found for found in offered if found.key == request.args.get("process")), None)
    if request.method == "GET" and chosen is not None:
        form.pause_reason.data, form.reason.data = chosen.reason.value, chosen.details
    if form.validate_on_submit():
        moved = _move(
            review,
            form,
            ReviewStage.PAUSED,
            problem_field=form.pause_reason,
            done=f"{review.reference} paused",
            pause_reason=PauseReason(form.pause_reason.data),
        )
        if moved:
            return moved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Pause the review",
        fields=["pause_reason", "effective_on", "reason"],
        intro="The six-month clock stops while the review is paused. Tell the Home Office about "
        "the delay and record it in the correspondence register.",
        before_form="reviews/_pause-for.html",
        offered=offered,
        chosen=chosen,
    )


@bp.route("/<int:review_id>/resume", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def resume_review(review_id: int):
    """Resume a paused review at the stage it was paused in."""
    review = g.review
    form = ResumeForm()
    if review.stage is not ReviewStage.PAUSED:
        flash("This review is not paused", "info")
        return redirect(url_for("overview.view_review", review_id=review.id))
    if form.validate_on_submit():
        target = review.paused_from_stage
        done = f"{review.reference} resumed at {target.label}"
        moved = _move(review, form, target, problem_field=form.effective_on, done=done)
        if moved:
            return moved
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
        moved = _move(
            review, form, ReviewStage.WITHDRAWN, problem_field=form.reason, done=f"{review.reference} withdrawn"
        )
        if moved:
            return moved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Withdraw the review",
        fields=["effective_on", "reason"],
        warning="A withdrawn review cannot be reopened.",
    )
