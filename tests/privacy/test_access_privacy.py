"""Access matrix for the names the shield replaced: any member of a review sees the page (their own
replacements, or everyone's with the identity permission); a replacement is kept as typed by its writer or by
someone who may see identities; on R1, R2 and missing ids."""

import pytest

from tests.access import Route, register, run_matrix
from tests.drafting.drafting_world import build_drafting_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate

BASE = "/reviews/{review}/names-replaced"
WRITERS = {"R1": "chair", "R2": "other_review_chair"}
ROUTES = register(
    "privacy",
    [
        Route("privacy.names_replaced", "GET", lambda o: BASE.format(**o), frozenset(), scoped=True),
        Route(
            "privacy.keep_as_typed",
            "POST",
            lambda o: BASE.format(**o) + f"/{o['replacement']}/keep",
            frozenset(),
            scoped=True,
            success=302,
        ),
    ],
)


def _world():
    """Each review's chair writes its victim's real name into a section, which is saved as a token."""
    from dhr.auth.models import User
    from dhr.drafting import services
    from dhr.drafting.structure import OVERVIEW
    from dhr.extensions import db
    from dhr.privacy.models import NameReplacement
    from dhr.reviews.models import Review

    world = build_drafting_world()
    world["replacements"] = {}
    for key, writer in WRITERS.items():
        chair = db.session.get(User, world["users"][writer].id)
        review = db.session.get(Review, world["objects"][key]["review"])
        spec = OVERVIEW.section("introduction")
        services.save_section(
            review, OVERVIEW, spec, body=f"CNRY-REALNAME-{key} lived alone.", base_revision=0, actor=chair
        )
        db.session.flush()
        (replacement,) = db.session.query(NameReplacement).filter_by(review_id=review.id).all()
        world["replacements"][key] = replacement.id
    return world


def expected(route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    key = "R2" if relation == "other" else "R1"
    access = REVIEW_ACCESS[persona].get(key, frozenset())
    if relation == "missing" or not access:
        return 404
    if route.endpoint == "privacy.keep_as_typed" and not (persona == WRITERS[key] or "view_identities" in access):
        return 404  # someone else's words do not exist for you
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.endpoint)
def test_privacy_access_matrix(app, db, route):
    world = db.run(_world)

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING, "replacement": MISSING}
        key = "R2" if relation == "other" else "R1"
        return {"review": world["objects"][key]["review"], "replacement": world["replacements"][key]}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
