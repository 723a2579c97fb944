"""Access matrix for the family engagement log: every route x every persona x (R1 / R2 / missing review /
R1 with R2's object / R1 with a missing object)."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.family.world import build_family_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class FamilyRoute(Route):
    """A route on one review's family log; `child` routes also act on a contact, attempt or comment in it."""

    needs: str = "view_family"
    child: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        base = ("R1", "R2", "missing")
        return (*base, "mismatch", "missing_child") if self.child else base


def _contact_form() -> dict:
    """The contact form, dated from today as the test runs."""
    return {
        "name": "A new contact",
        "relationship_to_victim": "Aunt",
        "kind": "family",
        "preferred_method": "email",
        "leaflet": "family",
        "leaflet_given_on": fields_from_today(-2),
        "person": "",
    }


def _attempt_form() -> dict:
    """The contact attempt form, dated from today as the test runs."""
    return {"attempted_on": fields_from_today(-1), "method": "phone", "made_by": "The chair", "outcome": "no_answer"}


def F(endpoint, method, path, needs, success=200, data=None, child=False):  # noqa: N802
    return FamilyRoute(
        endpoint,
        method,
        path,
        frozenset({needs}),
        success=success,
        data=data or (lambda o: {}),
        scoped=True,
        needs=needs,
        child=child,
    )


def _base(o) -> str:
    return f"/reviews/{o['review']}/family"


def _contact(o) -> str:
    return f"{_base(o)}/contacts/{o['contact']}"


def _comment(o) -> str:
    return f"{_base(o)}/comments/{o['comment']}"


ROUTES = register(
    "family",
    [
        F("family.overview", "GET", _base, "view_family"),
        F("family.edit_tribute", "GET", lambda o: f"{_base(o)}/tribute", "manage_family"),
        F(
            "family.edit_tribute",
            "POST",
            lambda o: f"{_base(o)}/tribute",
            "manage_family",
            302,
            data=lambda o: {"tribute_text": "She was kind", "tribute_from": "Her sister"},
        ),
        F("family.edit_no_tribute", "GET", lambda o: f"{_base(o)}/tribute/none", "manage_family"),
        F(
            "family.edit_no_tribute",
            "POST",
            lambda o: f"{_base(o)}/tribute/none",
            "manage_family",
            302,
            data=lambda o: {"no_tribute_reason": "The family asked for none"},
        ),
        F("family.edit_terms_input", "GET", lambda o: f"{_base(o)}/terms-input", "manage_family"),
        F(
            "family.edit_terms_input",
            "POST",
            lambda o: f"{_base(o)}/terms-input",
            "manage_family",
            302,
            data=lambda o: {"terms_input_on": fields_from_today(-1), "terms_input": "Her contact with her GP"},
        ),
        F("family.edit_perpetrator", "GET", lambda o: f"{_base(o)}/perpetrator", "manage_family"),
        F(
            "family.edit_perpetrator",
            "POST",
            lambda o: f"{_base(o)}/perpetrator",
            "manage_family",
            302,
            data=lambda o: {
                "perpetrator_contact": "declined",
                "perpetrator_contacted_on": fields_from_today(-1),
                "perpetrator_detail": "Wrote through the prison; he declined",
            },
        ),
        F("family.edit_pseudonym", "GET", lambda o: f"{_base(o)}/pseudonym", "manage_family"),
        F(
            "family.edit_pseudonym",
            "POST",
            lambda o: f"{_base(o)}/pseudonym",
            "manage_family",
            302,
            data=lambda o: {"chosen_pseudonym": "Rose"},
        ),
        F("family.use_pseudonym", "POST", lambda o: f"{_base(o)}/pseudonym/use", "manage_family", 302),
        F("family.edit_draft_shared", "GET", lambda o: f"{_base(o)}/draft-shared", "manage_family"),
        F(
            "family.edit_draft_shared",
            "POST",
            lambda o: f"{_base(o)}/draft-shared",
            "manage_family",
            302,
            data=lambda o: {"draft_shared_on": fields_from_today(), "draft_shared_with": "Her mother"},
        ),
        F("family.edit_participation", "GET", lambda o: f"{_base(o)}/participation", "manage_family"),
        F(
            "family.edit_participation",
            "POST",
            lambda o: f"{_base(o)}/participation",
            "manage_family",
            302,
            data=lambda o: {"participation": "declined"},
        ),
        F("family.new_contact", "GET", lambda o: f"{_base(o)}/contacts/new", "manage_family"),
        F(
            "family.new_contact",
            "POST",
            lambda o: f"{_base(o)}/contacts/new",
            "manage_family",
            302,
            data=lambda o: _contact_form(),
        ),
        F("family.view_contact", "GET", _contact, "view_family", child=True),
        F("family.edit_contact", "GET", lambda o: f"{_contact(o)}/edit", "manage_family", child=True),
        F(
            "family.edit_contact",
            "POST",
            lambda o: f"{_contact(o)}/edit",
            "manage_family",
            302,
            data=lambda o: _contact_form(),
            child=True,
        ),
        F("family.change_consent", "GET", lambda o: f"{_contact(o)}/consent", "manage_family", child=True),
        F(
            "family.change_consent",
            "POST",
            lambda o: f"{_contact(o)}/consent",
            "manage_family",
            302,
            data=lambda o: {"status": "given", "effective_on": fields_from_today()},
            child=True,
        ),
        F("family.new_attempt", "GET", lambda o: f"{_contact(o)}/attempts/new", "manage_family", child=True),
        F(
            "family.new_attempt",
            "POST",
            lambda o: f"{_contact(o)}/attempts/new",
            "manage_family",
            302,
            data=lambda o: _attempt_form(),
            child=True,
        ),
        F(
            "family.edit_attempt",
            "GET",
            lambda o: f"{_contact(o)}/attempts/{o['attempt']}/edit",
            "manage_family",
            child=True,
        ),
        F(
            "family.edit_attempt",
            "POST",
            lambda o: f"{_contact(o)}/attempts/{o['attempt']}/edit",
            "manage_family",
            302,
            data=lambda o: _attempt_form(),
            child=True,
        ),
        F("family.new_comment", "GET", lambda o: f"{_base(o)}/comments/new", "manage_family"),
        F(
            "family.new_comment",
            "POST",
            lambda o: f"{_base(o)}/comments/new",
            "manage_family",
            302,
            data=lambda o: {
                "contact": str(o["contact"]),
                "received_on": fields_from_today(),
                "comment": "Para 2 is wrong",
            },
        ),
        F("family.edit_comment", "GET", lambda o: f"{_comment(o)}/edit", "manage_family", child=True),
        F(
            "family.edit_comment",
            "POST",
            lambda o: f"{_comment(o)}/edit",
            "manage_family",
            302,
            data=lambda o: {
                "contact": str(o["contact"]),
                "received_on": fields_from_today(),
                "comment": "Para 2 is wrong",
            },
            child=True,
        ),
        F("family.respond", "GET", lambda o: f"{_comment(o)}/response", "manage_family", child=True),
        F(
            "family.respond",
            "POST",
            lambda o: f"{_comment(o)}/response",
            "manage_family",
            302,
            data=lambda o: {"status": "addressed", "response": "Paragraph 2 corrected"},
            child=True,
        ),
    ],
)


def expected(route: FamilyRoute, persona: str, relation: str) -> int:
    """Sign in first; a review you cannot see is 404; then 403 without the permission; then 404 for an object that
    is not in this review."""
    if persona in ("anonymous", "deactivated"):
        return 302
    review_key = "R1" if relation in ("mismatch", "missing_child") else relation
    access = REVIEW_ACCESS[persona].get(review_key, frozenset())
    if relation == "missing" or not access:
        return 404
    if route.needs not in access:
        return 403
    if relation in ("mismatch", "missing_child"):
        return 404
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_family_access_matrix(app, db, route):
    world = db.run(build_family_world)
    objects = world["objects"]

    def objects_for(persona, relation):
        if relation == "missing":
            return {**objects["R1"], "review": MISSING, "contact": MISSING, "attempt": MISSING, "comment": MISSING}
        if relation == "mismatch":
            return {**objects["R1"], **{k: objects["R2"][k] for k in ("contact", "attempt", "comment")}}
        if relation == "missing_child":
            return {**objects["R1"], "contact": MISSING, "attempt": MISSING, "comment": MISSING}
        return objects[relation]

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)


def test_an_attempt_of_another_contact_is_not_found(app, db):
    """The attempt id must belong to the contact in the URL, even within one review."""
    from tests.conftest import start_session_cookie

    def _second_contact(world):
        from dhr.extensions import db as _db
        from dhr.reviews.models import Review
        from tests.family.world import add_family_log

        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        return add_family_log(review, world["users"]["coordinator"], "R1b")

    world = db.run(build_family_world)
    other = db.run(_second_contact, world)
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    r1 = world["objects"]["R1"]
    url = f"/reviews/{r1['review']}/family/contacts/{r1['contact']}/attempts/{other['attempt']}/edit"
    assert client.get(url).status_code == 404
    own = f"/reviews/{r1['review']}/family/contacts/{other['contact']}/attempts/{other['attempt']}/edit"
    assert client.get(own).status_code == 200
