"""flask dhr send-reminders: chases at the configured offsets, once each, then escalates."""

from datetime import timedelta

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.evidence.models import AgencyInvolvement, EvidenceReminder, ReminderKind
from dhr.extensions import db as _db
from dhr.mail.models import OutboxMessage
from tests.conftest import start_session_cookie
from tests.reviews.review_world import build_review_world


def _run(app, day) -> str:
    result = app.test_cli_runner().invoke(args=["dhr", "send-reminders", "--date", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _due(db, world):
    return db.scalar(
        select(AgencyInvolvement.due_on).where(AgencyInvolvement.id == world["evidence"]["A"]["involvement"])
    )


def _agency_name(db, world, key):
    return db.scalar(
        select(Agency.name)
        .join(AgencyInvolvement, AgencyInvolvement.agency_id == Agency.id)
        .where(AgencyInvolvement.id == world["evidence"][key]["involvement"])
    )


def _reminders(db, key, world):
    return db.scalars(
        select(EvidenceReminder)
        .where(EvidenceReminder.involvement_id == world["evidence"][key]["involvement"])
        .order_by(EvidenceReminder.id)
    )


def test_reminders_follow_the_offsets_once_each(app, db):
    world = db.run(build_review_world)
    due = _due(db, world)
    assert _run(app, due - timedelta(days=10)).startswith("0 reminders")
    assert _run(app, due - timedelta(days=7)).startswith("2 reminders")  # agencies A and B on R1
    assert _run(app, due - timedelta(days=7)).startswith("0 reminders")  # the same day again: nothing
    _run(app, due - timedelta(days=1))
    _run(app, due + timedelta(days=1))
    steps = [(r.kind, r.offset_days) for r in _reminders(db, "A", world)]
    assert steps == [(ReminderKind.BEFORE_DUE, -7), (ReminderKind.BEFORE_DUE, -1), (ReminderKind.OVERDUE, 1)]
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.category == "evidence.reminder_sent"))
    assert any("evidence is overdue" in m.subject for m in mail)
    assert any("evidence is due soon" in m.subject for m in mail)
    contributor = world["users"]["contributor_a"]
    assert {m.subject.split(": ", 1)[1] for m in mail if m.to_address == contributor.email} == {
        "RW-A's evidence is due soon".replace("RW-A", _agency_name(db, world, "A")),
        "RW-A's evidence is overdue".replace("RW-A", _agency_name(db, world, "A")),
    }
    assert all("CNRY" not in m.subject + m.body for m in mail)


def test_a_missed_week_catches_up_with_one_reminder_not_a_burst(app, db):
    world = db.run(build_review_world)
    due = _due(db, world)
    _run(app, due + timedelta(days=8))
    assert [(r.kind, r.offset_days) for r in _reminders(db, "A", world)] == [(ReminderKind.OVERDUE, 7)]


def test_escalation_goes_to_the_senior_contact_once(app, db):
    world = db.run(build_review_world)
    due = _due(db, world)

    def _contact():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        involvement.agency.senior_contact_name = "Senior Person"
        involvement.agency.senior_contact_email = "senior@agency-a.example"

    db.run(_contact)
    output = _run(app, due + timedelta(days=14))
    assert "1 escalations" in output
    assert "no senior contact" in output  # agency B has none: said, not silently dropped
    assert _run(app, due + timedelta(days=15)).startswith("0 reminders, 0 escalations")
    escalation = db.scalar(select(OutboxMessage).where(OutboxMessage.category == "evidence_escalation"))
    assert escalation.to_address == "senior@agency-a.example"
    assert "14 days overdue" in escalation.subject
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "evidence.reminder_sent")) is not None


def test_submitted_work_is_not_chased(app, db):
    from dhr.evidence import services

    world = db.run(build_review_world)
    due = _due(db, world)

    def _submit():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        services.submit(involvement, actor=world["users"]["contributor_a"])

    db.run(_submit)
    _run(app, due + timedelta(days=20))
    assert _reminders(db, "A", world) == []
    assert [r.kind for r in _reminders(db, "B", world)] == [ReminderKind.OVERDUE, ReminderKind.ESCALATION]


def test_the_chase_history_shows_on_the_request(app, db):
    world = db.run(build_review_world)
    _run(app, _due(db, world) + timedelta(days=1))
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["contributor_a"])
    page = client.get(f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}")
    assert "Overdue reminder" in page.get_data(as_text=True)


def test_a_bad_date_is_refused(app, db):
    result = app.test_cli_runner().invoke(args=["dhr", "send-reminders", "--date", "31/12/2026"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


def test_the_agency_form_takes_a_senior_contact(app, db, client, login_as):
    from dhr.permissions import Role
    from tests.conftest import csrf_token
    from tests.factories import create_partnership, create_user

    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    bad = client.post(
        "/agencies/new",
        data={
            "csrf_token": csrf_token(client),
            "name": "Fire",
            "code": "LFB",
            "kind": "fire",
            "senior_contact_email": "not-an-email",
        },
    )
    assert "Enter an email address in the correct format" in bad.get_data(as_text=True)
    client.post(
        "/agencies/new",
        data={
            "csrf_token": csrf_token(client),
            "name": "Fire",
            "code": "LFB",
            "kind": "fire",
            "senior_contact_name": "Chief",
            "senior_contact_email": "Chief@LFB.example",
        },
    )
    assert db.scalar(select(Agency.senior_contact_email).where(Agency.code == "LFB")) == "chief@lfb.example"


def test_statistics_show_time_lost_by_agency(app, db, frozen_clock):
    import re

    world = db.run(build_review_world)
    frozen_clock.advance(days=40)  # the requests on R1 were due in 30 days: each is now 10 days late, still open
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    html = client.get("/statistics").get_data(as_text=True)
    body = html.split("Time lost by agency")[1].split("<tbody")[1].split("</tbody>")[0]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>((?:<td[^>]*>\d+</td>)+)', body)
    numbers = {name: re.findall(r">(\d+)<", cells) for name, cells in rows}
    # Agencies A and B each have one request on R1 (R2's is not yet requested, so it is not counted).
    assert sorted(numbers.values()) == [["1", "1", "10"], ["1", "1", "10"]]
