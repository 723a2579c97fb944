"""Access matrix for the readiness page, overrides and withdrawals."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.readiness.test_readiness_pages import build_readiness_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class ReadinessRoute(Route):
    """A readiness route and the review permission it needs."""

    needs: str = ""


def R(endpoint, method, path, needs, success=200, data=None):  # noqa: N802
    return ReadinessRoute(
        endpoint, method, path, frozenset(), success=success, data=data or (lambda o: {}), scoped=True, needs=needs
    )


ROUTES = register(
    "readiness",
    [
        R("readiness.checks", "GET", lambda o: f"/reviews/{o['review']}/readiness", "view_assurance"),
        R(
            "readiness.override",
            "POST",
            lambda o: f"/reviews/{o['review']}/readiness/equality/override",
            "edit_review",
            success=302,
            data=lambda o: {"reason": "Agreed with the Home Office"},
        ),
        R(
            "readiness.withdraw",
            "POST",
            lambda o: f"/reviews/{o['review']}/readiness/tribute/withdraw",
            "edit_review",
            success=302,
        ),
    ],
)


def expected(route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "other" else "R1", frozenset())
    if relation == "missing" or not access:
        return 404
    return route.success if route.needs in access else 403


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_readiness_access_matrix(app, db, route):
    world = db.run(build_readiness_world)

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING}
        return {"review": world["objects"]["R2" if relation == "other" else "R1"]["review"]}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
