"""Access matrix for meetings: every route x every persona x (R1 / R2 / missing / R2's meeting under R1 /
R2's item, guest or action under R1's meeting)."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.meetings.meeting_world import build_meeting_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class MeetingRoute(Route):
    """A route on a review's meetings; `needs` is the review permission, `depth` how many ids below the review."""

    needs: str = "view_meetings"
    depth: int = 0  # 0: the review; 1: a meeting; 2: an item, guest or action of a meeting

    @property
    def relations(self) -> tuple[str, ...]:
        return (
            ("R1", "R2", "missing")
            + (("other_meeting",) if self.depth else ())
            + (("other_child",) if self.depth == 2 else ())
        )


def M(endpoint, method, path, needs, success=200, data=None, depth=0):  # noqa: N802
    return MeetingRoute(
        endpoint,
        method,
        path,
        frozenset({needs}),
        success=success,
        data=data or (lambda o: {}),
        scoped=True,
        needs=needs,
        depth=depth,
    )


def base(o) -> str:
    return f"/reviews/{o['review']}/meetings"


def meeting(o) -> str:
    return f"{base(o)}/{o['meeting']}"


def _meeting() -> dict:
    """The meeting form, dated from today as the test runs."""
    return {"kind": "panel", "meeting_on": fields_from_today(14), "starts_at": "10:00", "location": "Online"}


ITEM = {"title": "Family engagement", "presenter": "Chair", "notes": "Discussed", "decisions": "Agreed"}


def _action() -> dict:
    """The meeting action form, dated from today as the test runs."""
    return {
        "description": "Write to the family",
        "owner": "other",
        "owner_name": "A Manager",
        "due_on": fields_from_today(7),
    }


V, W = "view_meetings", "manage_meetings"
ROUTES = register(
    "meetings",
    [
        M("meetings.list_meetings", "GET", base, V),
        M("meetings.new_meeting", "GET", lambda o: f"{base(o)}/new", W),
        M("meetings.new_meeting", "POST", lambda o: f"{base(o)}/new", W, 302, lambda o: _meeting()),
        M("meetings.view_meeting", "GET", meeting, V, depth=1),
        M(
            "calendars.meeting_invitation",
            "GET",
            lambda o: f"/calendar/reviews/{o['review']}/meetings/{o['meeting']}.ics",
            V,
            depth=1,
        ),
        M("meetings.edit_meeting", "GET", lambda o: f"{meeting(o)}/edit", W, depth=1),
        M("meetings.edit_meeting", "POST", lambda o: f"{meeting(o)}/edit", W, 302, lambda o: _meeting(), 1),
        M("meetings.change_status", "GET", lambda o: f"{meeting(o)}/status", W, depth=1),
        M(
            "meetings.change_status",
            "POST",
            lambda o: f"{meeting(o)}/status",
            W,
            302,
            lambda o: {"target": "held"},
            1,
        ),
        M("meetings.edit_minutes", "GET", lambda o: f"{meeting(o)}/minutes", W, depth=1),
        M(
            "meetings.edit_minutes",
            "POST",
            lambda o: f"{meeting(o)}/minutes",
            W,
            302,
            lambda o: {"minutes": "The panel met.", "version": str(o["meeting_version"])},
            1,
        ),
        M("meetings.add_agenda_item", "GET", lambda o: f"{meeting(o)}/agenda/new", W, depth=1),
        M("meetings.add_agenda_item", "POST", lambda o: f"{meeting(o)}/agenda/new", W, 302, lambda o: dict(ITEM), 1),
        M("meetings.edit_agenda_item", "GET", lambda o: f"{meeting(o)}/agenda/{o['item']}/edit", W, depth=2),
        M(
            "meetings.edit_agenda_item",
            "POST",
            lambda o: f"{meeting(o)}/agenda/{o['item']}/edit",
            W,
            302,
            lambda o: {**ITEM, "version": str(o["item_version"])},
            2,
        ),
        M(
            "meetings.move_agenda_item",
            "POST",
            lambda o: f"{meeting(o)}/agenda/{o['item']}/move",
            W,
            302,
            lambda o: {"direction": "down"},
            2,
        ),
        M("meetings.remove_agenda_item", "GET", lambda o: f"{meeting(o)}/agenda/{o['item']}/remove", W, depth=2),
        M("meetings.remove_agenda_item", "POST", lambda o: f"{meeting(o)}/agenda/{o['item']}/remove", W, 302, depth=2),
        M("meetings.record_attendance", "GET", lambda o: f"{meeting(o)}/attendance", W, depth=1),
        M(
            "meetings.record_attendance",
            "POST",
            lambda o: f"{meeting(o)}/attendance",
            W,
            302,
            lambda o: {f"guest_{o['attendee']}": "apologies"},
            1,
        ),
        M("meetings.add_guest", "GET", lambda o: f"{meeting(o)}/attendance/guests/new", W, depth=1),
        M(
            "meetings.add_guest",
            "POST",
            lambda o: f"{meeting(o)}/attendance/guests/new",
            W,
            302,
            lambda o: {"name": "B Guest", "agency": "", "organisation": "", "status": "present"},
            1,
        ),
        M(
            "meetings.remove_guest",
            "POST",
            lambda o: f"{meeting(o)}/attendance/{o['attendee']}/remove",
            W,
            302,
            depth=2,
        ),
        M("meetings.add_action", "GET", lambda o: f"{meeting(o)}/actions/new", W, depth=1),
        M("meetings.add_action", "POST", lambda o: f"{meeting(o)}/actions/new", W, 302, lambda o: _action(), 1),
        M("meetings.edit_action", "GET", lambda o: f"{meeting(o)}/actions/{o['action']}/edit", W, depth=2),
        M(
            "meetings.edit_action",
            "POST",
            lambda o: f"{meeting(o)}/actions/{o['action']}/edit",
            W,
            302,
            lambda o: _action(),
            2,
        ),
        M("meetings.complete_action", "POST", lambda o: f"{meeting(o)}/actions/{o['action']}/done", W, 302, depth=2),
        # The action is open: allowed users are sent back with "This action is still open".
        M("meetings.reopen_action", "POST", lambda o: f"{meeting(o)}/actions/{o['action']}/reopen", W, 302, depth=2),
    ],
)


def expected(route: MeetingRoute, persona: str, relation: str) -> int:
    """Sign in; 404 for a review you cannot know exists; 403 without the permission; 404 for another review's
    meeting, or another meeting's item, guest or action."""
    if persona in ("anonymous", "deactivated"):
        return 302
    review_key = "R2" if relation == "R2" else "R1"
    access = REVIEW_ACCESS[persona].get(review_key, frozenset())
    if relation == "missing" or not access:
        return 404
    if route.needs not in access:
        return 403
    if relation in ("other_meeting", "other_child"):
        return 404
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_meeting_access_matrix(app, db, route):
    world = db.run(build_meeting_world)
    objects = world["objects"]
    children = ("item", "attendee", "action")

    def objects_for(persona, relation):
        if relation == "missing":
            return {**objects["R1"], "review": MISSING, "meeting": MISSING} | dict.fromkeys(children, MISSING)
        if relation == "other_meeting":
            return {**objects["R1"], "meeting": objects["R2"]["meeting"]}
        if relation == "other_child":
            return {**objects["R1"]} | {key: objects["R2"][key] for key in children}
        return objects[relation]

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
