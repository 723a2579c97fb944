"""The review page: summary, stage, what is left to do, clocks, time lost and timeline."""

from flask import Blueprint, g
from flask_login import current_user

from dhr.clocks.service import clocks_for
from dhr.core.dates import london_today
from dhr.overview.tasks import tasks_for
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.time_lost import against_guidance, time_lost
from dhr.reviews.timeline import timeline
from dhr.reviews.views.common import review_page
from dhr.reviews.workflow import allowed_moves
from dhr.terms.queries import parallel_processes

bp = Blueprint("overview", __name__, url_prefix="/reviews")


def review_clocks(review):
    """Clocks for the review page, when the user may see them."""
    return clocks_for(review) if can(current_user, Permission.VIEW_CLOCKS, review) else []


@bp.route("/<int:review_id>")
@requires_review(Permission.VIEW_REVIEW)
def view_review(review_id: int):
    """The review: summary, stage, what is left to do, clocks, time lost and timeline."""
    review = g.review
    may_edit = can(current_user, Permission.CHANGE_STAGE, review) or can(current_user, Permission.EDIT_REVIEW, review)
    clocks = review_clocks(review)
    return review_page(
        "reviews/view-review.html",
        clocks=clocks,
        guidance=against_guidance(clocks, london_today()),
        tasks=tasks_for(review) if may_edit else [],
        moves=allowed_moves(review) if can(current_user, Permission.CHANGE_STAGE, review) else [],
        lost=time_lost(review.stage_changes, london_today()),
        processes=parallel_processes(review),
        events=timeline(
            review,
            with_correspondence=can(current_user, Permission.VIEW_CORRESPONDENCE, review),
            with_case_detail=can(current_user, Permission.VIEW_IDENTITIES, review),
        ),
    )
