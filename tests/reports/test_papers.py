"""Panel papers: the agenda and minutes of a meeting as Word documents, marked, named and audited."""

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.extensions import db as _db
from dhr.meetings import services as meetings
from dhr.meetings.models import Meeting
from dhr.meetings.stages import AttendanceStatus
from dhr.reports.context import MARKING
from dhr.reviews.models import Review
from tests.conftest import start_session_cookie
from tests.meetings.meeting_world import build_meeting_world
from tests.reports.reading import header_texts, headings, open_docx, table_rows


def _signed_in(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _minutes(world):
    meeting = _db.session.get(Meeting, world["objects"]["R1"]["meeting"])
    actor = world["users"]["coordinator"]
    item = meeting.agenda_items[0]
    meetings.update_agenda_item(
        item,
        actor=actor,
        title=item.title,
        presenter=item.presenter,
        notes="Members introduced <themselves> & their agencies.",
        decisions="Agreed to meet monthly.",
    )
    meetings.save_minutes(meeting, "The panel met.\n\nNext meeting in June.", actor=actor)


def test_the_agenda_lists_who_is_invited_and_the_numbered_items(app, db):
    world = db.run(build_meeting_world)
    r1, meeting = world["objects"]["R1"]["review"], world["objects"]["R1"]["meeting"]
    response = _signed_in(app, db, world, "observer").get(f"/reviews/{r1}/documents/meetings/{meeting}/agenda")
    assert response.status_code == 200
    reference = db.scalar(select(Review.reference).where(Review.id == r1))
    disposition = response.headers["Content-Disposition"]
    assert f"filename={reference}_first-panel-meeting-agenda_" in disposition
    document = open_docx(response.data)
    assert header_texts(document)[0] == MARKING
    assert header_texts(document)[1].startswith("First panel meeting, ")
    texts = [p.text for p in document.paragraphs]
    assert "1. Introductions (Chair)" in texts
    assert "2. Terms of reference" in texts
    invited = table_rows(document.tables[0])
    assert invited[0] == ["Name", "Role", "Representing"]
    assert ["A Guest", "Guest", "Elsewhere"] in invited
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "report.exported"))
    assert event.data["kind"] == "meeting-agenda"
    assert event.data["meeting"] == meeting


def test_the_minutes_hold_attendance_discussion_decisions_and_actions(app, db):
    world = db.run(build_meeting_world)
    db.run(_minutes, world)
    r1, meeting = world["objects"]["R1"]["review"], world["objects"]["R1"]["meeting"]
    response = _signed_in(app, db, world, "chair").get(f"/reviews/{r1}/documents/meetings/{meeting}/minutes")
    assert response.status_code == 200
    document = open_docx(response.data)
    texts = [p.text for p in document.paragraphs]
    assert "1. Introductions (Chair)" in headings(document, level=2)
    assert "Discussion: Members introduced <themselves> & their agencies." in texts
    assert "Decisions: Agreed to meet monthly." in texts
    assert "The panel met." in texts
    assert "Next meeting in June." in texts
    attendance, actions = document.tables
    assert attendance.rows[0].cells[3].text == "Attendance"
    assert ["A Guest", "Guest", "Elsewhere", AttendanceStatus.PRESENT.label] in table_rows(attendance)
    assert table_rows(actions)[1][0] == "Circulate the terms of reference"
    assert table_rows(actions)[1][3] == "Open"


def test_the_meeting_page_links_its_papers_and_unknown_papers_are_not_found(app, db):
    world = db.run(build_meeting_world)
    r1, meeting = world["objects"]["R1"]["review"], world["objects"]["R1"]["meeting"]
    client = _signed_in(app, db, world, "panel_member")
    page = client.get(f"/reviews/{r1}/meetings/{meeting}").get_data(as_text=True)
    assert f"/reviews/{r1}/documents/meetings/{meeting}/agenda" in page
    assert f"/reviews/{r1}/documents/meetings/{meeting}/minutes" in page
    assert client.get(f"/reviews/{r1}/documents/meetings/{meeting}/letter").status_code == 404
