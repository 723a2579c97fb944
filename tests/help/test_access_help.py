"""Access matrix for the help pages: the guide describes internal processes, so only signed-in people read it, and
any of them may read any role's page."""

import pytest

from tests.access import SIGNED_OUT_STATES, Route, register, run_matrix
from tests.world import ALL_PERSONAS, SIGNED_IN, build_world, deactivate_persona

ROUTES = register(
    "help",
    [
        Route("help.index", "GET", lambda o: "/help", SIGNED_IN),
        Route("help.role", "GET", lambda o: "/help/panel-member", SIGNED_IN),
    ],
)


def _expected(route: Route, persona: str, relation: str) -> int:
    return 302 if persona in SIGNED_OUT_STATES else 200


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_access_matrix(app, db, route):
    world = db.run(build_world)

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate_persona, world)

    failures = run_matrix(app, db, route, ALL_PERSONAS, ("none",), _expected, lambda *_: {}, world.users, after_login)
    assert not failures, "\n".join(failures)
