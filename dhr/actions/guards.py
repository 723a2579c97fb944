"""The closure guard: a review leaves action-plan monitoring only when its action plan is finished."""

from sqlalchemy import func, select

from dhr.actions.models import Action
from dhr.actions.stages import CLOSED
from dhr.extensions import db
from dhr.recommendations.models import Recommendation


def action_plan_unfinished(review) -> str | None:
    """What still stops the review closing: open actions, or recommendations without any; None when finished."""
    open_actions = db.session.scalar(
        select(func.count()).select_from(Action).where(Action.review_id == review.id, Action.status.not_in(CLOSED))
    )
    if open_actions:
        noun = "action is" if open_actions == 1 else "actions are"
        return (
            f"{open_actions} {noun} still open: each must be completed (and approved) or superseded on the "
            "Action plan page"
        )
    without = db.session.scalar(
        select(func.count())
        .select_from(Recommendation)
        .where(Recommendation.review_id == review.id, ~Recommendation.actions.any())
    )
    if without:
        noun = "recommendation has" if without == 1 else "recommendations have"
        return f"{without} {noun} no actions: agree at least one action for each on the Action plan page"
    return None
