"""The closure guard: a review in action-plan monitoring closes only when every action is completed or superseded
and every recommendation has an action."""

import pytest

from dhr.actions import services
from dhr.actions.models import Action
from dhr.auth.models import User
from dhr.extensions import db as _db
from dhr.files.guard import check_upload
from dhr.recommendations import services as recommendations
from dhr.recommendations.scopes import Scope
from dhr.reviews import workflow
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from tests.actions.action_world import build_action_world


def _close(world, finish: str):
    review = _db.session.get(Review, world["objects"]["R1"]["review"])
    review.stage = ReviewStage.MONITORING  # set-up only: the app moves stages through transition()
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    first = _db.session.get(Action, world["actions"]["R1"]["A"])
    second = _db.session.get(Action, world["actions"]["R1"]["B"])
    if finish in ("one", "all", "unplanned"):
        services.add_evidence(first, upload=check_upload("r.csv", b"a\n1\n"), description="", actor=coordinator)
        services.request_completion(first, outcome="Done", completed_on=None, actor=coordinator)
        if finish in ("all", "unplanned"):
            services.approve_completion(first, actor=coordinator)
            services.supersede(second, reason="Overtaken by the new protocol", actor=coordinator)
        if finish == "unplanned":
            recommendations.save_recommendation(
                review,
                text="A recommendation nobody has planned for",
                scope=Scope.LOCAL,
                multi_agency=True,
                agency=None,
                department=None,
                department_other="",
                answers=[],
                themes=[],
                actor=coordinator,
            )
    try:
        workflow.transition(review, ReviewStage.CLOSED, actor=coordinator)
    except workflow.TransitionError as error:
        return str(error)
    return review.stage.value


@pytest.mark.parametrize(
    ("finish", "outcome"),
    [
        ("none", "2 actions are still open"),
        ("one", "2 actions are still open"),  # awaiting approval is not completed
        ("unplanned", "1 recommendation has no actions"),
        ("all", "closed"),
    ],
)
def test_a_review_closes_only_when_its_actions_are_finished(db, finish, outcome):
    world = db.run(build_action_world)
    assert outcome in db.run(_close, world, finish)


def test_the_monitoring_task_list_says_what_stops_closure(app, db):
    from dhr.overview.tasks import tasks_for

    world = db.run(build_action_world)

    def tasks():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        review.stage = ReviewStage.MONITORING  # set-up only
        with app.test_request_context():
            return [(t.label, t.done, t.hint) for t in tasks_for(review)]

    first, move_on = db.run(tasks)
    assert first == ("Complete or supersede every action", False, first[2])
    assert first[2].startswith("2 actions are still open")
    assert move_on[0] == "Move the review to its next stage"
