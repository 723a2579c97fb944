"""Access matrix for drafting: chair and author against panel member, contributor and observer, on R1, R2 and
missing ids."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.drafting.drafting_world import build_drafting_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class DraftRoute(Route):
    """A drafting route and the review permission it needs."""

    needs: str = ""


def D(endpoint, method, path, needs, success=200, data=None):  # noqa: N802
    return DraftRoute(
        endpoint, method, path, frozenset(), success=success, data=data or (lambda o: {}), scoped=True, needs=needs
    )


BASE = "/reviews/{review}/report/overview"
ROUTES = register(
    "drafting",
    [
        D("drafting.document", "GET", lambda o: BASE.format(**o), "view_draft"),
        D("drafting.view_section", "GET", lambda o: BASE.format(**o) + "/analysis", "view_draft"),
        D("drafting.edit_section", "GET", lambda o: BASE.format(**o) + "/analysis/edit", "edit_draft"),
        D(
            "drafting.edit_section",
            "POST",
            lambda o: BASE.format(**o) + "/analysis/edit",
            "edit_draft",
            success=302,
            data=lambda o: {"body": "New text.", "base_revision": str(o["section_revision"])},
        ),
        D(
            "drafting.add_comment",
            "POST",
            lambda o: BASE.format(**o) + "/analysis/comments",
            "comment_draft",
            success=302,
            data=lambda o: {"body": "A comment", "paragraph": ""},
        ),
        D(
            "drafting.resolve_comment",
            "POST",
            lambda o: BASE.format(**o) + f"/comments/{o['comment']}/resolve",
            "edit_draft",
            success=302,
            data=lambda o: {"resolution": "Done"},
        ),
        D("drafting.save_version", "POST", lambda o: BASE.format(**o) + "/versions", "edit_draft", success=302),
        D("drafting.view_version", "GET", lambda o: BASE.format(**o) + "/versions/1", "view_draft"),
        D("drafting.compare", "GET", lambda o: BASE.format(**o) + "/compare?old=1&new=current", "view_draft"),
        D("drafting.edit_equality", "GET", lambda o: f"/reviews/{o['review']}/equality", "edit_draft"),
        D(
            "drafting.edit_equality",
            "POST",
            lambda o: f"/reviews/{o['review']}/equality",
            "edit_draft",
            success=302,
            data=lambda o: {"judged_0": "not_relevant", "text_0": "Both were in their thirties."},
        ),
        D(
            "drafting.cited_entry",
            "GET",
            lambda o: f"/reviews/{o['review']}/report/chronology/{o['entry']}",
            "view_chronology",
        ),
    ],
)
# R2 has no version and no cited entry: routes on those objects answer 404 there even for its own chair.
R1_ONLY = {"drafting.view_version", "drafting.compare", "drafting.cited_entry"}


def expected(route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "other" else "R1", frozenset())
    if relation == "missing" or not access:
        return 404
    if route.needs not in access:
        return 403
    if relation == "other" and route.endpoint in R1_ONLY:
        return 404
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_drafting_access_matrix(app, db, route):
    world = db.run(build_drafting_world)
    drafting = world["drafting"]

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING, "comment": MISSING, "entry": MISSING, "section_revision": 0}
        key = "R2" if relation == "other" else "R1"
        return {
            "review": world["objects"][key]["review"],
            "comment": drafting[key]["comment"],
            "entry": drafting["entry"],
            "section_revision": drafting[key]["section_revision"],
        }

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
