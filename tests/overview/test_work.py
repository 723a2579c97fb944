"""Your tasks: one dated list per person, from the records each task lives in, most urgent first."""

from datetime import timedelta

import pytest

from dhr.actions.models import Action
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.drafting import services as drafting
from dhr.drafting.structure import OVERVIEW
from dhr.evidence import services as evidence
from dhr.evidence.models import AgencyInvolvement
from dhr.extensions import db as _db
from dhr.overview.work import work_for, work_reviews
from dhr.reviews.models import Review
from tests.actions.action_world import build_action_world
from tests.conftest import start_session_cookie


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_action_world)


def _user(world, persona: str) -> User:
    return _db.session.get(User, world["users"][persona].id)


def _work(world, persona: str, limit: int | None = None):
    user = _user(world, persona)
    today = london_today()
    return work_for(user, work_reviews(user), today, limit)


def _items(world, persona: str) -> list:
    return _work(world, persona).items


def _labels(world, persona: str) -> list[str]:
    return [item.label for item in _items(world, persona)]


def _involvement(world, key: str) -> AgencyInvolvement:
    return _db.session.get(AgencyInvolvement, world["evidence"][key]["involvement"])


def test_a_contributor_has_their_own_agencys_evidence_to_send_by_its_due_date(app, world):
    with app.test_request_context():
        mine = [item for item in _items(world, "contributor_a") if item.label.startswith("Send ")]
        involvement = _involvement(world, "A")
        assert [(item.label, item.due) for item in mine] == [
            (f"Send {involvement.agency.name}'s evidence: {involvement.output.label.lower()}", involvement.due_on)
        ]


def test_a_submission_becomes_the_chairs_to_accept_and_leaves_the_contributors_list(app, world):
    with app.test_request_context():
        evidence.submit(_involvement(world, "A"), actor=_user(world, "contributor_a"))
        agency = _involvement(world, "A").agency.name
        accept = [item for item in _items(world, "chair") if item.label == f"Accept or return {agency}'s evidence"]
        assert len(accept) == 1
        assert accept[0].waiting_since == london_today()
        assert not [label for label in _labels(world, "contributor_a") if label.startswith("Send ")]
        assert not [label for label in _labels(world, "contributor_b") if label.startswith("Accept")]


def test_overdue_comes_first_then_the_soonest_then_the_longest_waiting(app, world):
    with app.test_request_context():
        _involvement(world, "A").due_on = london_today() - timedelta(days=1)
        items = _items(world, "contributor_a")
        assert items[0].label.startswith("Send ")
        assert items[0].days(london_today()) == -1
        today = london_today()
        keys = [item.urgency(today) for item in items]
        assert keys == sorted(keys)


def test_stage_tasks_carry_the_reviews_most_urgent_clock(app, world):
    with app.test_request_context():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        staged = [item for item in _items(world, "coordinator") if item.review.id == review.id and item.due_what]
        assert staged
        assert {item.due_what for item in staged} <= {"Decision whether to hold a review", "Due date", "Target date"}
        assert not [label for label in _labels(world, "contributor_a") if "decision" in label.lower()]


def test_a_comment_is_the_chairs_and_authors_to_resolve(app, world):
    with app.test_request_context():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        spec = OVERVIEW.sections[0]
        drafting.add_comment(review, OVERVIEW, spec, paragraph="", body="Say more", actor=_user(world, "panel_member"))
        for persona in ("chair", "author"):
            assert "Resolve 1 comment on a section of the draft" in _labels(world, persona)
        assert "Resolve 1 comment on a section of the draft" not in _labels(world, "contributor_a")


def test_a_completion_is_the_coordinators_to_approve_and_a_near_target_the_owners_to_update(app, world):
    with app.test_request_context():
        action = _db.session.get(Action, world["actions"]["R1"]["A"])
        action.target_on = london_today() + timedelta(days=10)
        assert f"Update action {action.label}, or report it done" in _labels(world, "contributor_a")
        assert f"Update action {action.label}, or report it done" not in _labels(world, "contributor_b")


def test_the_dashboard_shows_the_dated_list(app, db, world):
    def late():
        _involvement(world, "A").due_on = london_today() - timedelta(days=2)

    db.run(late)
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["contributor_a"])
    page = client.get("/").get_data(as_text=True)
    table = page.split('id="my-tasks"')[1].split("</table>")[0]
    first_row = table.split("<tbody")[1].split("</tr>")[0]
    assert "Send " in first_row
    assert "2 days overdue" in first_row
    assert "Due date" in first_row


def _another_action(world, position: int, text: str, **fields) -> Action:
    """An action beside R1's first, on the same recommendation and lead agency, owned by someone named only."""
    original = _db.session.get(Action, world["actions"]["R1"]["A"])
    action = Action(
        recommendation_id=original.recommendation_id,
        review_id=original.review_id,
        position=position,
        action=text,
        lead_agency_id=original.lead_agency_id,
        owner_name="Someone",
        **fields,
    )
    _db.session.add(action)
    _db.session.flush()
    return action


def _first_few_agree(world, persona: str, limits) -> None:
    """Each first few asked for are the whole list's first few, and the count is the whole list's."""
    whole = _work(world, persona)
    for limit in limits:
        few = _work(world, persona, limit)
        assert [item.label for item in few.items] == [item.label for item in whole.items[:limit]]
        assert few.total == whole.total


def test_the_most_urgent_few_are_the_first_of_the_whole_list_and_the_rest_are_counted(app, world):
    """The dashboard asks for 25: the owner of many near-target actions gets the same first ones as the whole list
    (ties on a target date included), and the count of everything."""
    with app.test_request_context():
        for n in range(30):
            # three on each date, some overdue
            _another_action(world, 10 + n, f"Extra action {n}", target_on=london_today() + timedelta(days=n // 3 - 4))
        whole = _work(world, "contributor_a")
        _first_few_agree(world, "contributor_a", (1, 5, 7, 25))
        assert whole.total == len(whole.items)
        assert whole.total > 30


def test_the_longest_waiting_completions_are_the_first_of_the_whole_list(app, world, frozen_clock):
    """A coordinator with many completions to approve gets, among the first few, the same as the whole list."""
    from dhr.actions.models import ActionStatusChange
    from dhr.actions.stages import ActionStatus

    with app.test_request_context():
        for n in range(12):
            asked = _another_action(world, 40 + n, f"Asked action {n}", status=ActionStatus.COMPLETION_REQUESTED)
            when = frozen_clock() - timedelta(days=n // 4, hours=n)  # four a day, at different times
            _db.session.add(
                ActionStatusChange(
                    action_id=asked.id,
                    from_status=ActionStatus.ON_TRACK,
                    to_status=ActionStatus.COMPLETION_REQUESTED,
                    at=when,
                )
            )
        _db.session.flush()
        whole = _work(world, "coordinator")
        approvals = [item.label for item in whole.items if item.label.startswith("Approve")]
        assert len(approvals) == 12
        first_approval = next(i for i, item in enumerate(whole.items) if item.label.startswith("Approve"))
        _first_few_agree(world, "coordinator", (first_approval + n for n in (1, 3, 6, 9)))
