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


def test_the_batch_answer_for_many_reviews_is_each_reviews_own(app, db):
    """The dashboard asks the closure guard once for all its reviews; each answer is what asking alone gives."""
    from dhr.actions.guards import action_plan_unfinished, action_plans_unfinished

    world = db.run(build_action_world)

    def answers():
        reviews = _db.session.query(Review).order_by(Review.id).all()
        for review in reviews:
            review.stage = ReviewStage.MONITORING  # set-up only
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        for key in ("A", "B"):  # R1's plan finished; R2's still open
            services.supersede(
                _db.session.get(Action, world["actions"]["R1"][key]), reason="Overtaken", actor=coordinator
            )
        batch = action_plans_unfinished(reviews)
        return batch, {review.id: action_plan_unfinished(review) for review in reviews}

    batch, alone = db.run(answers)
    assert batch == alone
    assert sorted(message is None for message in batch.values()) == [False, True]


def test_the_dashboards_queries_do_not_grow_with_reviews_in_monitoring(app, db):
    from dhr.permissions import Role
    from tests.conftest import start_session_cookie
    from tests.factories import create_partnership, create_review, create_user
    from tests.test_query_counts import count_queries

    counts = []
    for size in (1, 6):
        with db.cell():

            def build(size=size):
                partnership = create_partnership()
                coordinator = create_user(partnership, Role.COORDINATOR)
                for _ in range(size):
                    create_review(partnership, stage=ReviewStage.MONITORING, coordinator=coordinator)
                return coordinator

            coordinator = db.run(build)
            client = app.test_client()
            start_session_cookie(client, db, coordinator)
            with count_queries(db.connection) as statements:
                assert client.get("/").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]
