"""Owners and completion: only someone who manages members brings an owner onto a review, an owner taken off the
review stops acting for the action (pages, lists and reminders), and a completion sent back loses its date."""

from sqlalchemy import select

from dhr.actions import services
from dhr.actions.access import acts_for
from dhr.actions.models import Action
from dhr.auth.models import User
from dhr.extensions import db as _db
from dhr.files.guard import check_upload
from dhr.monitoring.export import _completion
from dhr.monitoring.queries import acted_for
from dhr.reviews import services as reviews
from dhr.reviews.models import ReviewMember
from tests.actions.action_world import build_action_world
from tests.conftest import csrf_token, start_session_cookie
from tests.dates import fields_from_today


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_an_author_cannot_bring_someone_onto_the_review_by_naming_them_owner(app, db):
    world = db.run(build_action_world)
    r2, action = world["objects"]["R2"]["review"], world["actions"]["R2"]["A"]

    def make_author_of_r2():
        from dhr.permissions import ReviewRole
        from dhr.reviews.models import Review

        review = _db.session.get(Review, r2)
        author = _db.session.get(User, world["users"]["author"].id)
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        reviews.add_member(review, user=author, role=ReviewRole.AUTHOR, agency=None, actor=coordinator)

    db.run(make_author_of_r2)
    author = _client(app, db, world, "author")
    outsider = world["users"]["panel_member"]  # agency A, not on R2
    fields = {"action": "Train call handlers", "lead_agency": str(world["objects"]["R1"]["agency"]), "owner_name": ""}
    response = author.post(
        f"/reviews/{r2}/actions/{action}/edit",
        data={
            "csrf_token": csrf_token(author),
            **fields,
            "owner": str(outsider.id),
            "target_on": fields_from_today(1200),
        },
    )
    assert "is not on this review: ask the coordinator to add them" in response.get_data(as_text=True)
    members = db.scalars(select(ReviewMember.user_id).where(ReviewMember.review_id == r2))
    assert outsider.id not in members


def test_an_owner_taken_off_the_review_no_longer_acts_for_its_action(app, db):
    world = db.run(build_action_world)
    action_id = world["actions"]["R1"]["A"]

    def name_then_remove():
        action = _db.session.get(Action, action_id)
        owner = _db.session.get(User, world["users"]["contributor_a"].id)
        action.owner = owner  # set-up only: the owner works for the lead agency and is on the review
        before = (
            acts_for(owner, action),
            action_id in _db.session.scalars(acted_for(owner).with_only_columns(Action.id)).all(),
        )
        member = next(m for m in action.review.members if m.user_id == owner.id)
        reviews.remove_member(member, actor=_db.session.get(User, world["users"]["coordinator"].id))
        _db.session.expire_all()
        action = _db.session.get(Action, action_id)
        after = (
            acts_for(owner, action),
            action_id in _db.session.scalars(acted_for(owner).with_only_columns(Action.id)).all(),
        )
        return before, after

    before, after = db.run(name_then_remove)
    assert before == (True, True)
    assert after == (False, False)


def test_a_completion_sent_back_loses_its_date_and_the_export_shows_no_outcome_until_approved(db):
    world = db.run(build_action_world)

    def send_back():
        action = _db.session.get(Action, world["actions"]["R1"]["A"])
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        services.add_evidence(action, upload=check_upload("r.csv", b"a\n1\n"), description="", actor=coordinator)
        services.request_completion(action, outcome="Done it", completed_on=None, actor=coordinator)
        waiting = _completion(action)
        services.return_completion(action, reason="No register attached", actor=coordinator)
        return waiting, action.completed_on, _completion(action)

    waiting, completed_on, after = db.run(send_back)
    assert waiting == ""
    assert completed_on is None
    assert after == ""
