"""The access-matrix helper every module reuses.

A module lists its routes as `Route` rows: who may use each one and what it acts on. `expected_status`
turns a row, a persona and the object's relation to that persona into the status the app must answer,
and `run_cell` makes the request. `MATRICES` collects every module's rows so tests/test_app_routes.py
can fail on any route that no matrix covers.

Relations: "none" (the route acts on no object), "own" (an object in the persona's scope), "other"
(an object in another partnership, review or agency, depending on the module), "missing" (no such id).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
SIGNED_OUT_STATES = {ANONYMOUS, "deactivated"}


@dataclass(frozen=True)
class Route:
    """One (endpoint, method) and who may use it."""

    endpoint: str
    method: str
    url: Callable[[dict], str]
    allowed: frozenset[str]
    success: int = 200
    data: Callable[[dict], dict] = field(default=lambda objects: {})
    scoped: bool = False  # acts on an object, so it is also tried with "other" and "missing" ids
    public: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        return ("own", "other", "missing") if self.scoped else ("none",)


def expected_status(route: Route, persona: str, relation: str) -> int:
    """The status the app must give this persona for this route and object relation."""
    if route.public:
        return route.success
    if persona in SIGNED_OUT_STATES:
        return 302  # to the sign-in page
    if persona not in route.allowed:
        return 403
    if relation in ("other", "missing"):
        return 404  # another scope's objects do not exist for you
    return route.success


def run_cell(test_client, route: Route, objects_for_relation: dict, token: str | None):
    """Make the request for one cell and return the response."""
    url = route.url(objects_for_relation)
    if route.method == "GET":
        return test_client.get(url)
    payload = {"csrf_token": token or "", **route.data(objects_for_relation)}
    return test_client.post(url, data=payload)


MATRICES: dict[str, list[Route]] = {}


def register(module: str, routes: list[Route]) -> list[Route]:
    """Record a module's matrix so the route-coverage test can see it."""
    MATRICES[module] = routes
    return routes


def run_matrix(app, db, route: Route, personas, relations, expected, objects_for, users, after_login=None):
    """Try every persona x relation for one route; return the failures as readable lines.

    expected(route, persona, relation) gives the status; objects_for(persona, relation) the ids for the URL and
    form; users maps persona -> user (anonymous has none). Each cell runs in a savepoint, so one cell's write
    never leaks into the next, and a denied write is checked to have changed no table at all.
    """
    from tests.conftest import csrf_token, start_session_cookie
    from tests.world import table_fingerprint

    failures = []
    for persona in personas:
        for relation in relations:
            with db.cell():
                test_client = app.test_client()
                if persona != ANONYMOUS:
                    start_session_cookie(test_client, db, users[persona])
                    if after_login:
                        after_login(persona)
                token = csrf_token(test_client) if route.method == "POST" else None
                want = expected(route, persona, relation)
                denied = want in (302, 403, 404) and want != route.success
                before = db.run(table_fingerprint) if route.method == "POST" and denied else None
                response = run_cell(test_client, route, objects_for(persona, relation), token)
                if response.status_code != want:
                    failures.append(f"{persona} x {relation} -> {response.status_code}, expected {want}")
                elif (
                    want == 302
                    and persona in SIGNED_OUT_STATES
                    and not route.public
                    and not response.headers["Location"].startswith("/sign-in")
                ):
                    failures.append(f"{persona} x {relation}: redirected to {response.headers['Location']}")
                if before is not None and db.run(table_fingerprint) != before:
                    failures.append(f"{persona} x {relation}: a denied {route.method} changed the database")
    return failures
