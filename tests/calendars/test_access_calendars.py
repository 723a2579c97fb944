"""Access matrix for the calendar: every route x persona. The feed's address is its only key, so a wrong one is 404
for everyone, signed in or not."""

import pytest

from tests.access import Route, expected_status, register, run_matrix
from tests.world import ALL_PERSONAS, SIGNED_IN, build_world, deactivate_persona

R = Route
ROUTES = register(
    "calendars",
    [
        R("calendars.month", "GET", lambda o: "/calendar", SIGNED_IN),
        R("calendars.feed", "GET", lambda o: "/calendar/feed", SIGNED_IN),
        R("calendars.feed", "POST", lambda o: "/calendar/feed", SIGNED_IN),
        R("calendars.stop_feed", "POST", lambda o: "/calendar/feed/stop", SIGNED_IN, success=302),
        R(
            "calendars.read_feed",
            "GET",
            lambda o: "/calendar/feed/not-a-live-token.ics",
            frozenset(),
            public=True,
            success=404,
        ),
    ],
)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_access_matrix(app, db, route):
    world = db.run(build_world)

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate_persona, world)

    failures = run_matrix(
        app, db, route, ALL_PERSONAS, route.relations, expected_status, world.objects_for, world.users, after_login
    )
    assert not failures, "\n".join(failures)
