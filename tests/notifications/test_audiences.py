"""The table of audiences: for each event, who is told and who is not, through the real services."""

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from dhr.auth.models import User
from dhr.core.told import told_names, told_sentence
from dhr.evidence import services as evidence
from dhr.evidence.models import AgencyInvolvement
from dhr.extensions import db as _db
from dhr.notifications.audiences import TABLE, To
from dhr.notifications.models import Notification
from dhr.notifications.services import audience
from dhr.permissions import ReviewRole
from dhr.reviews import services as reviews
from dhr.reviews.models import Review
from tests.reviews.review_world import build_review_world, deactivate

EVERYONE = (
    "admin",
    "coordinator",
    "board_member",
    "chair",
    "author",
    "panel_member",
    "observer",
    "contributor_a",
    "contributor_b",
    "other_review_chair",
    "other_coordinator",
    "dual_coordinator",
    "system_admin",
    "deactivated",
)


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_review_world)


def _told(world, kind: str) -> set[str]:
    """The personas holding a notification of this kind."""
    ids = {world["users"][persona].id: persona for persona in EVERYONE}
    rows = _db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)).all()
    return {ids[user_id] for user_id in rows if user_id in ids}


def _user(world, persona: str) -> User:
    return _db.session.get(User, world["users"][persona].id)


def _involvement(world, key: str) -> AgencyInvolvement:
    return _db.session.get(AgencyInvolvement, world["evidence"][key]["involvement"])


def test_a_request_tells_only_the_agencys_own_contributors(app, world):
    with app.app_context():
        assert _told(world, "evidence.requested") == {"contributor_a", "contributor_b"}
        mine = _db.session.scalars(
            select(Notification).where(Notification.user_id == world["users"]["contributor_a"].id)
        ).all()
        requested = [n for n in mine if n.kind == "evidence.requested"]
        assert len(requested) == 1  # agency B's request is not agency A's business
        assert requested[0].agency_id == world["objects"]["R1"]["agency"]
        assert (
            requested[0].link
            == f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}"
        )


def test_a_submission_tells_the_chair_and_coordinators_by_name_and_nobody_else(app, world):
    with app.app_context():
        deactivate(world)
        told_names()  # nothing yet in this session
        evidence.submit(_involvement(world, "A"), actor=_user(world, "contributor_a"))
        told = told_names()
        assert _told(world, "evidence.submitted") == {"chair", "coordinator"}  # the deactivated chair is not told
        assert sorted(told) == sorted([_user(world, "chair").name, _user(world, "coordinator").name])
        assert told_sentence().endswith("have been told.")


def test_returning_and_accepting_tell_the_agency_not_the_other_agency(app, world):
    with app.app_context():
        involvement = _involvement(world, "A")
        evidence.submit(involvement, actor=_user(world, "contributor_a"))
        evidence.return_for_amendment(involvement, reason="Add the March contact", actor=_user(world, "chair"))
        assert _told(world, "evidence.returned") == {"contributor_a"}
        evidence.submit(involvement, actor=_user(world, "contributor_a"))
        evidence.accept(involvement, actor=_user(world, "coordinator"))
        assert _told(world, "evidence.accepted") == {"contributor_a"}


def test_the_actor_is_never_told_of_their_own_act(app, world):
    with app.app_context():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        chair = _user(world, "chair")
        reviews.add_member(
            review, user=_user(world, "board_member"), role=ReviewRole.OBSERVER, agency=None, actor=chair
        )
        assert "board_member" in _told(world, "review.member_added")
        reviews.add_member(review, user=chair, role=ReviewRole.AUTHOR, agency=None, actor=chair)
        rows = _db.session.scalars(
            select(Notification).where(Notification.kind == "review.member_added", Notification.user_id == chair.id)
        ).all()
        assert len(rows) == 1  # only the world's own "added as chair", by the coordinator
        assert told_sentence("Nobody else needed to be told.") == f"{_user(world, 'board_member').name} has been told."


def test_coordinators_are_the_reviews_own_or_else_the_partnerships(app, world):
    with app.app_context():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        fallback = audience(review, To.COORDINATORS, agency_id=None, person_id=None)
        assert [u.id for u in fallback] == [world["users"]["coordinator"].id]
        admin = _user(world, "admin")
        reviews.add_member(
            review, user=admin, role=ReviewRole.COORDINATOR, agency=None, actor=_user(world, "coordinator")
        )
        assert [u.id for u in audience(review, To.COORDINATORS, agency_id=None, person_id=None)] == [admin.id]


def test_no_notification_carries_a_name_or_case_text(app, world):
    with app.app_context():
        evidence.submit(_involvement(world, "A"), actor=_user(world, "contributor_a"))
        summaries = _db.session.scalars(select(Notification.summary)).all()
        assert summaries
        assert not [s for s in summaries if "CNRY" in s]  # the world plants every name and text with CNRY


def _kinds_the_code_can_raise() -> set[str]:
    """Audit actions written as literals in dhr/, and every machine's "{name}.{state}" (and its own formats)."""
    found = set()
    for path in Path("dhr").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value):
                found.add(node.value)
    from tests.test_machines import MACHINES

    for machine in MACHINES.values():
        for state in machine.states:
            found.add(machine.event.format(name=machine.name, target=state.value))
    return found


def test_every_row_of_the_table_names_an_event_the_code_raises():
    raised = _kinds_the_code_can_raise()
    assert sorted(set(TABLE) - raised) == []


def test_the_reminder_run_tells_the_agency_and_the_overdue_also_the_coordinators(app, world):
    from datetime import timedelta

    from dhr.core.dates import london_today
    from dhr.evidence.reminders import send_reminders

    with app.app_context():
        today = london_today()
        _involvement(world, "A").due_on = today + timedelta(days=3)  # before it falls due
        _involvement(world, "B").due_on = today - timedelta(days=2)  # overdue, not yet escalated
        send_reminders(today)
        rows = _db.session.scalars(select(Notification).where(Notification.kind == "evidence.reminder_sent")).all()
        by_person = {(row.user_id, row.summary.split(": ", 1)[1]) for row in rows}
        users = world["users"]
        agency_a = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"]).agency.name
        agency_b = _db.session.get(AgencyInvolvement, world["evidence"]["B"]["involvement"]).agency.name
        assert by_person == {
            (users["contributor_a"].id, f"{agency_a}'s evidence is due soon"),
            (users["contributor_b"].id, f"{agency_b}'s evidence is overdue"),
            (users["coordinator"].id, f"{agency_b}'s evidence is overdue"),
        }


def test_a_new_notification_tells_the_partnerships_coordinators_only(app, world):
    from datetime import timedelta

    from dhr.core.dates import london_today
    from dhr.partnerships.models import Partnership
    from dhr.reviews.models import DeathCategory

    with app.app_context():
        admin = _user(world, "admin")
        notified = london_today() - timedelta(days=1)
        reviews.create_review(
            _db.session.get(Partnership, admin.partnership_id),
            actor=admin,
            category=DeathCategory.OTHER,
            notified_on=notified,
            notifying_agency_id=world["objects"]["R1"]["agency"],
            date_of_death=notified,
            place_of_death="",
            police_force_area="",
            circumstances="",
        )
        assert _told(world, "review.created") == {"coordinator"}  # not P2's coordinator, not the admin who acted


def test_the_decision_tells_the_panel_and_coordinators_not_the_agencies(app, world):
    from dhr.core.dates import london_today
    from dhr.reviews.models import Decision, Review

    with app.app_context():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        reviews.record_decision(
            review,
            decision=Decision.COMMISSION,
            decided_on=london_today(),
            decision_maker="The partnership's chair",
            rationale="The criteria are met",
            actor=_user(world, "coordinator"),
        )
        told = _told(world, "review.decision_recorded")
        assert {"chair", "panel_member"} <= told
        assert not told & {"contributor_a", "contributor_b", "coordinator", "other_review_chair", "other_coordinator"}
