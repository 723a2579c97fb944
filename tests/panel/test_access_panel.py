"""Access matrix for the panel page and declarations: coordinators record anyone's, a member only their own."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from dhr.reviews.models import ReviewMember
from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, build_review_world, deactivate

# Whose declaration each relation's member row is: the one persona who may record it for themselves.
OWNER = {"panel_member": "panel_member", "chair": "chair", "R2": "other_review_chair"}


@dataclass(frozen=True)
class PanelRoute(Route):
    """A panel route; `member` routes act on one member's declarations."""

    member: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        if self.member:
            # Two panel roles on R1, one on R2, a contributor (no declarations), R2's member under R1, none at all.
            return ("panel_member", "chair", "R2", "contributor", "mismatch", "missing")
        return ("R1", "R2", "missing")


def _declaration() -> dict:
    """The declaration form, dated from today as the test runs."""
    return {
        "job_title": "Head of Safeguarding",
        "independence_statement": "No involvement with the case",
        "independence_declared_on": fields_from_today(),
        "confidentiality_signed_on": fields_from_today(),
    }


ROUTES = register(
    "panel",
    [
        PanelRoute("panel.index", "GET", lambda o: f"/reviews/{o['review']}/panel", frozenset(), scoped=True),
        PanelRoute(
            "panel.record_declarations",
            "GET",
            lambda o: f"/reviews/{o['review']}/panel/{o['member']}/declarations",
            frozenset(),
            scoped=True,
            member=True,
        ),
        PanelRoute(
            "panel.record_declarations",
            "POST",
            lambda o: f"/reviews/{o['review']}/panel/{o['member']}/declarations",
            frozenset(),
            success=302,
            data=lambda o: _declaration(),
            scoped=True,
            member=True,
        ),
    ],
)


def expected(route: PanelRoute, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "R2" else "R1", frozenset())
    if not access or relation == "missing" and not route.member:
        return 404  # a review you cannot see, or no such review
    if not route.member:
        return route.success
    if relation in ("contributor", "mismatch", "missing"):
        return 404  # no declarations for this member on this review
    if "manage_members" in access or persona == OWNER[relation]:
        return route.success
    return 403


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_panel_access_matrix(app, db, route):
    world = db.run(build_review_world)
    reviews, users = world["objects"], world["users"]

    def member_of(persona: str, review_key: str) -> int:
        return db.scalar(
            select(ReviewMember.id).where(
                ReviewMember.user_id == users[persona].id, ReviewMember.review_id == reviews[review_key]["review"]
            )
        )

    members = {
        "panel_member": ("R1", member_of("panel_member", "R1")),
        "chair": ("R1", member_of("chair", "R1")),
        "R2": ("R2", member_of("other_review_chair", "R2")),
        "contributor": ("R1", member_of("contributor_a", "R1")),
        "mismatch": ("R1", member_of("other_review_chair", "R2")),
        "missing": ("R1", MISSING),
    }

    def objects_for(persona, relation):
        if not route.member:
            return {"review": MISSING if relation == "missing" else reviews[relation]["review"]}
        review_key, member_id = members[relation]
        return {"review": reviews[review_key]["review"], "member": member_id}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, users, after_login)
    assert not failures, "\n".join(failures)
