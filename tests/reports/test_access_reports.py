"""Access matrix for the Word documents: drafts need the draft permission, the chronology its own, and real
names the identity permission as well; on R1, R2 and missing ids."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.drafting.drafting_world import build_drafting_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class ReportRoute(Route):
    """A documents route and every review permission it needs."""

    needs: frozenset[str] = frozenset()


def R(endpoint, path, *needs, success=200):  # noqa: N802
    return ReportRoute(endpoint, "GET", path, frozenset(), scoped=True, needs=frozenset(needs), success=success)


BASE = "/reviews/{review}/documents"
ROUTES = register(
    "reports",
    [
        R("reports.downloads", lambda o: BASE.format(**o), "view_draft"),
        R("reports.download", lambda o: BASE.format(**o) + "/report/overview", "view_draft"),
        R("reports.download", lambda o: BASE.format(**o) + "/report/overview?version=preview", "view_draft"),
        # Neither world review has publication agreed: whoever may download it meets the gate, not the file.
        R(
            "reports.download",
            lambda o: BASE.format(**o) + "/report/overview?version=publication",
            "view_draft",
            success=409,
        ),
        R(
            "reports.download",
            lambda o: BASE.format(**o) + "/report/overview?names=real",
            "view_draft",
            "view_identities",
        ),
        R("reports.download", lambda o: BASE.format(**o) + "/report/executive-summary", "view_draft"),
        R("reports.download", lambda o: BASE.format(**o) + "/report/action-plan?number=working", "view_draft"),
        R("reports.download_chronology", lambda o: BASE.format(**o) + "/chronology", "view_chronology"),
        R("reports.download_chronology", lambda o: BASE.format(**o) + "/chronology?version=preview", "view_chronology"),
        R(
            "reports.download_chronology",
            lambda o: BASE.format(**o) + "/chronology?version=publication",
            "view_chronology",
            success=409,
        ),
        R(
            "reports.download_chronology",
            lambda o: BASE.format(**o) + "/chronology?names=real",
            "view_chronology",
            "view_identities",
        ),
    ],
)


def expected(route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "other" else "R1", frozenset())
    if relation == "missing" or not access:
        return 404
    if not route.needs <= access:
        return 403
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.endpoint} {r.url({'review': 'R'})}")
def test_reports_access_matrix(app, db, route):
    world = db.run(build_drafting_world)

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING}
        return {"review": world["objects"]["R2" if relation == "other" else "R1"]["review"]}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
