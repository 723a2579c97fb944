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


def R(endpoint, path, *needs, success=200, method="GET", data=None):  # noqa: N802
    return ReportRoute(
        endpoint,
        method,
        path,
        frozenset(),
        scoped=True,
        needs=frozenset(needs),
        success=success,
        data=data or (lambda o: {}),
    )


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
        R("reports.library_entry", lambda o: BASE.format(**o) + "/library.csv", "view_identities"),
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
        R("reports.names_to_check", lambda o: BASE.format(**o) + "/names-to-check", "view_draft"),
        R(
            "reports.confirm_names",
            lambda o: BASE.format(**o) + "/names-to-check",
            "view_draft",
            "edit_draft",
            method="POST",
            success=302,
            data=lambda o: {"words": "paddington"},
        ),
    ],
)


def _world():
    """The drafting world, with a place name in each review's introduction for the names to check."""
    from dhr.auth.models import User
    from dhr.drafting import services
    from dhr.drafting.structure import OVERVIEW
    from dhr.extensions import db
    from dhr.reviews.models import Review

    world = build_drafting_world()
    chair = db.session.get(User, world["users"]["chair"].id)
    for key in ("R1", "R2"):
        review = db.session.get(Review, world["objects"][key]["review"])
        spec = OVERVIEW.section("introduction")
        services.save_section(review, OVERVIEW, spec, body="She lived in Paddington.", base_revision=0, actor=chair)
        services.save_version(review, OVERVIEW, note="With the introduction", actor=chair)  # what is published
    return world


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
    world = db.run(_world)

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING}
        return {"review": world["objects"]["R2" if relation == "other" else "R1"]["review"]}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
