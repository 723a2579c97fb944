"""An action's status: the transition table, completion that needs an outcome, evidence and the coordinator's
approval, reopening with a reason, and a history row and audit event for every move."""

import pytest
from sqlalchemy import select

from dhr.actions import services
from dhr.actions.models import Action, ActionStatusChange
from dhr.actions.stages import ACTION_TRANSITIONS, ActionStatus
from dhr.actions.workflow import shown_status, transition
from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.files.guard import check_upload
from tests.actions.action_world import build_action_world

A = ActionStatus


@pytest.fixture
def world(db):
    return db.run(build_action_world)


def _in(world, fn):
    """Run fn(action, coordinator, contributor) on R1's agency-A action."""
    action = _db.session.get(Action, world["actions"]["R1"]["A"])
    users = {k: _db.session.get(User, u.id) for k, u in world["users"].items()}
    return fn(action, users["coordinator"], users["contributor_a"])


def test_every_status_can_be_left_and_the_table_is_closed():
    assert set(ACTION_TRANSITIONS) == set(ActionStatus)
    for targets in ACTION_TRANSITIONS.values():
        assert targets
        assert targets <= set(ActionStatus)


def test_no_evidence_means_no_completion(db, world):
    def attempt(action, coordinator, contributor):
        with pytest.raises(DomainError, match="at least one piece of evidence"):
            services.request_completion(
                action, outcome="Training delivered to 40 staff", completed_on=None, actor=contributor
            )
        return action.status

    assert db.run(_in, world, attempt) is A.NOT_STARTED


def test_no_outcome_means_no_completion(db, world):
    def attempt(action, coordinator, contributor):
        services.add_evidence(
            action, upload=check_upload("register.csv", b"Name,Date\nx,1/1/2026\n"), description="", actor=contributor
        )
        with pytest.raises(DomainError, match="Enter the outcome"):
            services.request_completion(action, outcome="  ", completed_on=None, actor=contributor)

    db.run(_in, world, attempt)


def test_completion_needs_the_coordinators_approval_and_reopening_needs_a_reason(db, world):
    def complete(action, coordinator, contributor):
        services.add_update(action, text="Course booked", status=A.ON_TRACK, actor=contributor)
        services.add_evidence(
            action,
            upload=check_upload("register.csv", b"Name,Date\nx,1/1/2026\n"),
            description="Register",
            actor=contributor,
        )
        services.request_completion(
            action, outcome="Training delivered to 40 staff", completed_on=None, actor=contributor
        )
        assert action.status is A.COMPLETION_REQUESTED  # reported done, not yet completed
        assert action.approved_by_id is None
        services.approve_completion(action, actor=coordinator)
        assert action.status is A.COMPLETED
        assert action.approved_by_id == coordinator.id
        with pytest.raises(DomainError, match="Enter the reason"):
            services.reopen(action, reason=" ", actor=coordinator)
        services.reopen(action, reason="The audit found the course was not attended", actor=coordinator)
        assert action.status is A.ON_TRACK
        assert action.approved_by_id is None
        return action.id

    action_id = db.run(_in, world, complete)
    moves = db.scalars(
        select(ActionStatusChange.to_status)
        .where(ActionStatusChange.action_id == action_id)
        .order_by(ActionStatusChange.id)
    )
    assert moves == [A.ON_TRACK, A.COMPLETION_REQUESTED, A.COMPLETED, A.ON_TRACK]
    audited = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("action.%")).order_by(AuditEvent.id))
    assert audited[-6:] == [
        "action.update_added",
        "action.on_track",
        "action.evidence_added",
        "action.completion_requested",
        "action.completed",
        "action.on_track",
    ]


def test_moves_outside_the_table_are_refused(db, world):
    def attempt(action, coordinator, contributor):
        with pytest.raises(DomainError, match="cannot become completed"):
            transition(action, A.COMPLETED, actor=coordinator)
        with pytest.raises(DomainError, match="Enter the reason"):
            services.supersede(action, reason="", actor=coordinator)

    db.run(_in, world, attempt)


def test_an_open_action_past_its_target_shows_as_overdue(db, world):
    from datetime import date

    def look(action, coordinator, contributor):
        action.target_on = date(2026, 1, 31)
        assert shown_status(action, date(2026, 1, 31)) is A.NOT_STARTED
        assert shown_status(action, date(2026, 2, 1)) is A.OVERDUE
        assert shown_status(action, date(2026, 2, 1)).rag.value == "red"

    db.run(_in, world, look)
