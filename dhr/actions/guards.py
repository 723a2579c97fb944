"""The closure guard: a review leaves action-plan monitoring only when its action plan is finished."""

from sqlalchemy import func, select

from dhr.actions.models import Action
from dhr.actions.stages import CLOSED
from dhr.extensions import db
from dhr.recommendations.models import Recommendation


def action_plans_unfinished(reviews) -> dict[int, str | None]:
    """For each review, what still stops it closing: open actions, or recommendations without any; None when
    finished. Two grouped queries, however many reviews."""
    ids = [review.id for review in reviews]
    open_actions = dict(
        db.session.execute(
            select(Action.review_id, func.count())
            .where(Action.review_id.in_(ids), Action.status.not_in(CLOSED))
            .group_by(Action.review_id)
        ).all()
    )
    without = dict(
        db.session.execute(
            select(Recommendation.review_id, func.count())
            .where(Recommendation.review_id.in_(ids), ~Recommendation.actions.any())
            .group_by(Recommendation.review_id)
        ).all()
    )
    return {review_id: _unfinished(open_actions.get(review_id, 0), without.get(review_id, 0)) for review_id in ids}


def _unfinished(open_actions: int, without: int) -> str | None:
    if open_actions:
        noun = "action is" if open_actions == 1 else "actions are"
        return (
            f"{open_actions} {noun} still open: each must be completed (and approved) or superseded on the "
            "Action plan page"
        )
    if without:
        noun = "recommendation has" if without == 1 else "recommendations have"
        return f"{without} {noun} no actions: agree at least one action for each on the Action plan page"
    return None


def action_plan_unfinished(review) -> str | None:
    """What still stops the review closing; None when its action plan is finished."""
    return action_plans_unfinished([review])[review.id]
