"""Access matrix for letters: each letter needs the permission of the work it belongs to (correspondence,
agency evidence, the family log, the review record), and real names the identity permission too; tried on R1,
R2, a missing review and R2's agency or family contact under R1."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.family.world import build_family_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class LetterRoute(Route):
    """A letter route, the permissions it needs, and whether it is about an agency or a family contact."""

    needs: frozenset[str] = frozenset()
    child: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        return ("R1", "R2", "missing") + (("other_child",) if self.child else ())


def L(path, *needs, child=False):  # noqa: N802
    url = lambda o: f"/reviews/{o['review']}/documents/letters/" + path.format(**o)  # noqa: E731
    return LetterRoute(
        "reports." + _endpoint(path), "GET", url, frozenset(), scoped=True, needs=frozenset(needs), child=child
    )


def _endpoint(path: str) -> str:
    if path.startswith("agencies"):
        return "letter_agency"
    if path.startswith("family"):
        return "letter_family"
    return "letter_decision" if path.startswith("home-office") else "letter_commissioner"


ROUTES = register(
    "reports-letters",
    [
        L("home-office-decision", "record_correspondence"),
        L("home-office-decision?names=real", "record_correspondence", "view_identities"),
        L("agencies/{involvement}/scoping", "manage_evidence", child=True),
        L("agencies/{involvement}/imr-request?names=real", "manage_evidence", "view_identities", child=True),
        L("family/{contact}", "manage_family", child=True),
        L("commissioner", "edit_review"),
    ],
)


def expected(route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "R2" else "R1", frozenset())
    if relation == "missing" or not access:
        return 404
    if not route.needs <= access:
        return 403
    if relation == "other_child":
        return 404
    return 200


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.url({"review": "R", "involvement": "I", "contact": "C"}))
def test_letters_access_matrix(app, db, route):
    world = db.run(build_family_world)
    objects, evidence = world["objects"], world["evidence"]
    ids = {
        "R1": {**objects["R1"], "involvement": evidence["A"]["involvement"]},
        "R2": {**objects["R2"], "involvement": evidence["R2"]["involvement"]},
    }

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING, "involvement": MISSING, "contact": MISSING}
        if relation == "other_child":
            return {**ids["R1"], "involvement": ids["R2"]["involvement"], "contact": ids["R2"]["contact"]}
        return ids[relation]

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
