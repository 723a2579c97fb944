"""The action reminder schedule on a frozen clock: quarterly update requests before the target date, overdue
chases after it, escalation to the senior contact, each sent once, asserted in the outbox."""

from datetime import timedelta

from sqlalchemy import select

from dhr.actions.models import Action
from dhr.actions.reminders import send_action_reminders
from dhr.actions.stages import ActionStatus
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.mail.models import OutboxMessage
from tests.actions.action_world import build_action_world


def _setup(world):
    """R1's agency-A action: owned by contributor A, due in 100 days; the agency has a senior contact. The other
    actions are closed off so that only this one is chased."""
    action = _db.session.get(Action, world["actions"]["R1"]["A"])
    action.owner = _db.session.get(User, world["users"]["contributor_a"].id)
    action.target_on = london_today() + timedelta(days=100)
    agency = _db.session.get(Agency, action.lead_agency_id)
    agency.senior_contact_name, agency.senior_contact_email = "Pat Chief", "chief@agency-a.example"
    for other in (world["actions"]["R1"]["B"], world["actions"]["R2"]["A"]):
        _db.session.get(Action, other).target_on = None  # set-up only: not chased
    return action.id


def _run(days_from_now: int):
    run = send_action_reminders(london_today() + timedelta(days=days_from_now))
    _db.session.commit()
    return run


def _outbox(db, *addresses):
    """The reminders emailed to these addresses: the owner's notifications, the senior contact's escalation."""
    rows = db.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.category.in_(["action.reminder_sent", "action_escalation"]),
            OutboxMessage.to_address.in_(addresses),
        )
        .order_by(OutboxMessage.id)
    )
    return [(m.category, m.to_address, m.subject.split(": ", 1)[-1]) for m in rows]


def test_requests_chases_and_escalation_follow_the_schedule_once_each(app, db):
    world = db.run(build_action_world)
    action_id = db.run(_setup, world)
    contributor = world["users"]["contributor_a"].email

    chief = "chief@agency-a.example"
    assert db.run(_run, 10).update_requests == 0  # less than a quarter since the action was agreed
    assert _outbox(db, contributor, chief) == []
    assert db.run(_run, 91).update_requests == 1
    assert db.run(_run, 91).update_requests == 0  # the same quarter: not again
    (first,) = _outbox(db, contributor, chief)
    assert first[:2] == ("action.reminder_sent", contributor)
    assert first[2].endswith("'s action is due")
    assert first[2].startswith("an update on")

    run = db.run(_run, 101)  # a day past the target
    assert (run.now_overdue, run.chases, run.escalations) == (1, 1, 0)
    assert db.scalar(select(Action.status).where(Action.id == action_id)) is ActionStatus.OVERDUE
    assert db.run(_run, 110).chases == 0  # within the fortnight
    assert db.run(_run, 115).chases == 1  # the next fortnight
    run = db.run(_run, 129)  # 29 days late: a third chase and the escalation
    assert (run.chases, run.escalations) == (1, 1)
    assert db.run(_run, 129).escalations == 0
    said = [(to, words.split("'s ", 1)[-1]) for _, to, words in _outbox(db, contributor, chief)]
    assert [to for to, _ in said] == [contributor] * 4 + [chief, contributor]
    assert [words for to, words in said if to == contributor] == [
        "action is due",
        "action is past its target date",
        "action is past its target date",
        "action is past its target date",
        "overdue action was escalated to its senior contact",
    ]
    escalation = db.scalar(select(OutboxMessage).where(OutboxMessage.category == "action_escalation"))
    assert "is 29 days overdue" in escalation.subject
    assert "Pat Chief" not in escalation.body  # no names in email


def test_actions_waiting_for_approval_or_closed_are_not_chased(app, db):
    world = db.run(build_action_world)
    action_id = db.run(_setup, world)

    def waiting():
        _db.session.get(Action, action_id).status = ActionStatus.COMPLETION_REQUESTED  # set-up only

    db.run(waiting)
    run = db.run(_run, 200)
    assert (run.update_requests, run.chases, run.escalations, run.now_overdue) == (0, 0, 0, 0)
    assert _outbox(db, world["users"]["contributor_a"].email, "chief@agency-a.example") == []
