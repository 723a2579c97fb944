"""Meeting pages: the coordinator's journey, errors that keep what was typed, scoping, query counts, the demo."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.meetings import services, workflow
from dhr.meetings.models import AgendaItem, Meeting, MeetingAction
from dhr.meetings.stages import AttendanceStatus, MeetingKind, MeetingStatus
from dhr.reviews.models import Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.dates import fields_from_today
from tests.meetings.meeting_world import add_meeting, build_meeting_world
from tests.test_query_counts import count_queries


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_meeting_world)


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _post(client, url, data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _errors(html: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)]


def _base(world, key="R1"):
    return f"/reviews/{world['objects'][key]['review']}/meetings"


def test_a_coordinator_plans_runs_and_minutes_a_meeting(app, db, world):
    client = _as(app, db, world, "coordinator")
    base = _base(world)
    response = _post(
        client,
        f"{base}/new",
        {"kind": "panel", "meeting_on": fields_from_today(), "starts_at": "2:30pm", "location": "Room 2"},
    )
    assert response.status_code == 302
    meeting_id = db.scalar(select(func.max(Meeting.id)))
    url = f"{base}/{meeting_id}"
    assert response.headers["Location"] == url
    for title in ("Apologies", "IMR presentations", "Any other business"):
        assert _post(client, f"{url}/agenda/new", {"title": title}).status_code == 302
    items = db.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position))
    assert _post(client, f"{url}/agenda/{items[2].id}/move", {"direction": "up"}).status_code == 302
    imr = items[1]
    opened = client.get(f"{url}/agenda/{imr.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', opened).group(1)
    edited = _post(
        client,
        f"{url}/agenda/{imr.id}/edit",
        {
            "title": "IMR presentations",
            "presenter": "Police IMR author",
            "notes": "Questions asked",
            "decisions": "IMR accepted",
            "version": version,
        },
    )
    assert edited.status_code == 302
    page = client.get(url).get_data(as_text=True)
    check_page(page)
    assert page.index("1. Apologies") < page.index("2. Any other business") < page.index("3. IMR presentations")
    assert "IMR accepted" in page
    assert "Questions asked" in page

    # Attendance: the whole list in one form, then a guest.
    form = client.get(f"{url}/attendance").get_data(as_text=True)
    check_page(form)
    keys = sorted(set(re.findall(r'name="(user_\d+|guest_\d+)"', form)))
    chair_key = f"user_{world['users']['chair'].id}"
    assert chair_key in keys
    answers = dict.fromkeys(keys, "present") | {chair_key: "apologies"}
    assert _post(client, f"{url}/attendance", answers).status_code == 302
    guest = {
        "name": "DI Guest",
        "agency": str(world["objects"]["R1"]["agency"]),
        "organisation": "",
        "status": "present",
    }
    assert _post(client, f"{url}/attendance/guests/new", guest).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Apologies" in page
    assert re.search(r"Agencies represented</dt>\s*<dd[^>]*>1:", page)

    # Held, with an action that is ticked off from the review's list and reopened.
    assert _post(client, f"{url}/status", {"target": "held"}).status_code == 302
    action = {
        "description": "Send the GP records",
        "owner": str(world["users"]["panel_member"].id),
        "due_on": fields_from_today(-1),
        "agenda_item": str(imr.id),
    }
    assert _post(client, f"{url}/actions/new", action).status_code == 302
    action_id = db.scalar(select(func.max(MeetingAction.id)))
    listing = client.get(base).get_data(as_text=True)
    check_page(listing)
    assert "Send the GP records" in listing
    assert "Overdue" in listing
    done = _post(client, f"{url}/actions/{action_id}/done", {"back": "list"})
    assert done.headers["Location"].endswith(f"{base}#open-actions")
    assert db.scalar(select(MeetingAction.done_on).where(MeetingAction.id == action_id)) == london_today()
    assert "Send the GP records" not in client.get(base).get_data(as_text=True).split('id="open-actions"')[1]
    reopened = _post(client, f"{url}/actions/{action_id}/reopen", {})
    assert reopened.headers["Location"].endswith("#actions")
    assert db.scalar(select(MeetingAction.done_on).where(MeetingAction.id == action_id)) is None


def test_planning_errors_keep_what_was_typed(app, db, world):
    client = _as(app, db, world, "coordinator")
    response = _post(
        client,
        f"{_base(world)}/new",
        {"kind": "panel", "meeting_on": ["31", "2", "2026"], "starts_at": "25:00", "location": "CNRY Room 9"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    page = check_page(html)
    assert page.title.get_text().startswith("Error: ")
    assert _errors(html)
    assert "Date must be a real date" in html
    assert "Enter a start time like 10:00" in html
    assert 'value="CNRY Room 9"' in html
    assert 'value="25:00"' in html
    assert re.search(r'value="panel"\s+checked|checked[^>]*value="panel"', html)


def test_a_second_first_panel_meeting_is_refused_on_the_form(app, db, world):
    client = _as(app, db, world, "coordinator")
    response = _post(
        client, f"{_base(world)}/new", {"kind": "first_panel", "meeting_on": fields_from_today(3), "location": "Hall"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "already has a first panel meeting" in html
    assert 'value="Hall"' in html


def test_agenda_action_guest_and_status_errors_keep_input(app, db, world):
    client = _as(app, db, world, "coordinator")
    url = f"{_base(world)}/{world['objects']['R1']['meeting']}"
    cases = [
        (f"{url}/agenda/new", {"title": " ", "presenter": "CNRY-PRESENTER"}, "Enter the title of the agenda item"),
        (
            f"{url}/actions/new",
            {"description": "CNRY-ACTION", "owner": "", "due_on": fields_from_today(5)},
            "Choose who owns",
        ),
        (
            f"{url}/actions/new",
            {"description": "CNRY-ACTION", "owner": "other", "owner_name": "", "due_on": fields_from_today(5)},
            "Enter the name of the person who owns the action",
        ),
        (
            f"{url}/actions/new",
            {"description": "CNRY-ACTION", "owner": "other", "owner_name": "CNRY-O"},
            "Enter the date",
        ),
        (
            f"{url}/attendance/guests/new",
            {"name": "", "organisation": "CNRY-ORG", "status": "present"},
            "Enter the guest",
        ),
        (f"{url}/status", {"target": "cancelled", "reason": ""}, "Enter why the meeting was cancelled"),
        (f"{url}/attendance", {f"guest_{world['objects']['R1']['attendee']}": "maybe"}, "Select present, apologies"),
    ]
    for path, data, message in cases:
        response = _post(client, path, data)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        check_page(html)
        assert any(message in error for error in _errors(html)), (path, _errors(html))
        for value in data.values():
            if isinstance(value, str) and value.startswith("CNRY"):
                assert value in html, (path, value)
    assert (
        db.scalar(select(Meeting.status).where(Meeting.id == world["objects"]["R1"]["meeting"]))
        is MeetingStatus.PLANNED
    )


def test_minutes_saved_by_someone_else_are_not_overwritten_silently(app, db, world):
    coordinator, chair = _as(app, db, world, "coordinator"), _as(app, db, world, "chair")
    url = f"{_base(world)}/{world['objects']['R1']['meeting']}/minutes"
    opened = coordinator.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', opened).group(1)
    assert _post(chair, url, {"minutes": "CNRY-CHAIR-TEXT", "version": version}).status_code == 302
    response = _post(coordinator, url, {"minutes": "CNRY-MY-TEXT", "version": version})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else saved these minutes" in html
    assert "CNRY-MY-TEXT" in html  # what I typed
    assert "CNRY-CHAIR-TEXT" in html  # what is saved now
    assert (
        db.scalar(select(Meeting.minutes).where(Meeting.id == world["objects"]["R1"]["meeting"])) == "CNRY-CHAIR-TEXT"
    )
    new_version = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    assert _post(coordinator, url, {"minutes": "CNRY-MY-TEXT", "version": new_version}).status_code == 302


def test_another_reviews_meeting_and_action_ids_answer_404(app, db, world):
    client = _as(app, db, world, "coordinator")  # sees both reviews
    r1, r2 = world["objects"]["R1"], world["objects"]["R2"]
    base = _base(world)
    assert client.get(f"{base}/{r2['meeting']}").status_code == 404
    assert client.get(f"{base}/{r1['meeting']}/actions/{r2['action']}/edit").status_code == 404
    assert _post(client, f"{base}/{r1['meeting']}/actions/{r2['action']}/done", {}).status_code == 404
    assert client.get(f"{base}/{r1['meeting']}/agenda/{r2['item']}/edit").status_code == 404
    assert db.scalar(select(MeetingAction.done_on).where(MeetingAction.id == r2["action"])) is None


def test_panel_members_read_meetings_and_contributors_do_not_see_them(app, db, world):
    url = f"{_base(world)}/{world['objects']['R1']['meeting']}"
    panel = _as(app, db, world, "panel_member")
    page = panel.get(url).get_data(as_text=True)
    check_page(page)
    assert "Terms of reference" in page
    assert "Record an action" not in page
    assert "Mark as done" not in page
    review_page = panel.get(f"/reviews/{world['objects']['R1']['review']}").get_data(as_text=True)
    assert 'href="/reviews/{}/meetings"'.format(world["objects"]["R1"]["review"]) in review_page
    contributor = _as(app, db, world, "contributor_a")
    review_page = contributor.get(f"/reviews/{world['objects']['R1']['review']}").get_data(as_text=True)
    assert "/meetings" not in review_page
    assert contributor.get(_base(world)).status_code == 403


def test_a_cancelled_meeting_shows_why_and_offers_no_changes(app, db, world):
    client = _as(app, db, world, "coordinator")
    url = f"{_base(world)}/{world['objects']['R1']['meeting']}"
    assert _post(client, f"{url}/status", {"target": "cancelled", "reason": "Chair unwell"}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Chair unwell" in page
    assert "Add an agenda item" not in page
    refused = client.get(f"{url}/agenda/new")
    assert refused.status_code == 302
    assert "Reinstate" in client.get(url).get_data(as_text=True)


def _fill(world, meetings: int, extra: int) -> int:
    """More meetings on R1, each with more items, guests and actions, and more members; returns the first's id."""
    from dhr.auth.models import User
    from dhr.permissions import ReviewRole
    from dhr.reviews import services as reviews
    from tests.factories import create_agency, create_user

    review = _db.session.get(Review, world["objects"]["R1"]["review"])
    actor = _db.session.get(User, world["users"]["coordinator"].id)
    for _ in range(extra):
        agency = create_agency(review.partnership)
        user = create_user(review.partnership, agency=agency)
        reviews.add_member(review, user=user, role=ReviewRole.PANEL_MEMBER, agency=agency, actor=actor)
    for n in range(meetings):
        ids = add_meeting(review, actor, kind=MeetingKind.PANEL, on=london_today() - timedelta(days=n + 1))
        meeting = _db.session.get(Meeting, ids["meeting"])
        for i in range(extra):
            item = services.add_agenda_item(meeting, title=f"Item {i}", actor=actor)
            services.add_guest(
                meeting,
                name=f"G{i}",
                agency=None,
                organisation=f"Org {i}",
                status=AttendanceStatus.PRESENT,
                actor=actor,
            )
            services.add_action(
                meeting,
                actor=actor,
                description=f"A{i}",
                owner_id=world["users"]["chair"].id,
                owner_name="",
                due_on=london_today(),
                agenda_item_id=item.id,
            )
        services.record_attendance(
            meeting, {f"user_{world['users']['chair'].id}": AttendanceStatus.PRESENT}, actor=actor
        )
        workflow.change_status(meeting, MeetingStatus.HELD, actor=actor)
        if n == 0:
            services.complete_action(meeting.actions[0], actor=actor)
            first = meeting.id
    return first


@pytest.mark.parametrize("page", ["list", "meeting", "attendance"])
def test_meeting_pages_use_a_constant_number_of_queries(app, db, frozen_clock, page):
    counts = []
    for meetings, extra in ((1, 1), (6, 5)):
        with db.cell():
            world = db.run(build_meeting_world)
            busiest = db.run(_fill, world, meetings, extra)
            client = _as(app, db, world, "chair")
            url = {
                "list": _base(world),
                "meeting": f"{_base(world)}/{busiest}",
                "attendance": f"{_base(world)}/{busiest}/attendance",
            }[page]
            with count_queries(db.connection) as statements:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_an_agenda_item_changed_by_someone_else_keeps_both_texts(app, db, world):
    coordinator, chair = _as(app, db, world, "coordinator"), _as(app, db, world, "chair")
    r1 = world["objects"]["R1"]
    url = f"{_base(world)}/{r1['meeting']}/agenda/{r1['item']}/edit"
    theirs = {"title": "Introductions", "decisions": "CNRY-THEIR-DECISION", "version": str(r1["item_version"])}
    assert _post(chair, url, theirs).status_code == 302
    mine = {"title": "Introductions", "decisions": "CNRY-MY-DECISION", "version": str(r1["item_version"])}
    html = _post(coordinator, url, mine).get_data(as_text=True)
    assert "Someone else changed this item" in html
    assert "CNRY-MY-DECISION" in html
    assert "CNRY-THEIR-DECISION" in html
    assert db.scalar(select(AgendaItem.decisions).where(AgendaItem.id == r1["item"])) == "CNRY-THEIR-DECISION"
