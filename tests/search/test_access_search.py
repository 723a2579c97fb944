"""Access matrix for the search page: any signed-in person may search; what each finds is
tests/search/test_search.py's matrix of role x own review / other review / other agency."""

import pytest

from tests.access import SIGNED_OUT_STATES, Route, register, run_matrix
from tests.world import ALL_PERSONAS, SIGNED_IN, build_world, deactivate_persona

ROUTES = register("search", [Route("search.results", "GET", lambda o: "/search?q=review", SIGNED_IN)])


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
