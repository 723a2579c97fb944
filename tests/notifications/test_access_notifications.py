"""Access matrix for the inbox: every route x persona x (own / a colleague's / another partnership's / missing)."""

import pytest

from dhr.extensions import db
from dhr.notifications.models import Notification
from tests.access import SIGNED_OUT_STATES, Route, register, run_matrix
from tests.world import ALL_PERSONAS, MISSING_ID, PERSONAS, SIGNED_IN, build_world, deactivate_persona

RELATIONS = ("own", "colleague", "other", "missing")


def R(endpoint, method, path, success=200, scoped=False):  # noqa: N802
    return Route(endpoint, method, path, SIGNED_IN, success=success, scoped=scoped)


ROUTES = register(
    "notifications",
    [
        R("notifications.inbox", "GET", lambda o: "/notifications"),
        R("notifications.mark_all_read", "POST", lambda o: "/notifications/read-all", 303),
        R("notifications.open_notification", "GET", lambda o: f"/notifications/{o['notification']}", 303, True),
        R("notifications.mark_read", "POST", lambda o: f"/notifications/{o['notification']}/read", 303, True),
        # Every signed-in person has preferences of their own; a form with nothing chosen changes nothing.
        R("notifications.preferences", "GET", lambda o: "/notifications/preferences"),
        R("notifications.preferences", "POST", lambda o: "/notifications/preferences", 302),
    ],
)


def _notify(user, partnership_id: int) -> int:
    row = Notification(
        user_id=user.id, partnership_id=partnership_id, kind="evidence.requested", summary="A test", link="/"
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def _build():
    world = build_world()
    mine = {}
    for persona, user in world.users.items():
        mine[persona] = _notify(user, user.partnership_id)
    # Someone in each partnership who is none of the personas.
    for key in ("P1", "P2"):
        from dhr.auth.models import User

        target = db.session.get(User, world.objects[key]["user"])
        world.objects[key]["notification"] = _notify(target, target.partnership_id)
    return world, mine


def _expected(route: Route, persona: str, relation: str) -> int:
    if persona in SIGNED_OUT_STATES:
        return 302
    if route.scoped and relation != "own":
        return 404  # a colleague's notification does not exist for you, nor another partnership's
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_access_matrix(app, db, route):
    world, mine = db.run(_build)

    def objects_for(persona: str, relation: str) -> dict:
        home = PERSONAS[persona][0] if persona in PERSONAS else "P1"
        if relation == "own":
            return {"notification": mine.get(persona, MISSING_ID)}
        if relation == "colleague":
            return {"notification": world.objects[home]["notification"]}
        if relation == "other":
            return {"notification": world.objects["P2" if home == "P1" else "P1"]["notification"]}
        return {"notification": MISSING_ID}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate_persona, world)

    relations = RELATIONS if route.scoped else ("none",)
    failures = run_matrix(app, db, route, ALL_PERSONAS, relations, _expected, objects_for, world.users, after_login)
    assert not failures, "\n".join(failures)
