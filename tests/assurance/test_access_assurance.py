"""Access matrix for Sign-off and QA: every route x every persona x (R1 / R2 / missing / another review's object).

The world's two reviews are put at QA feedback with a sign-off, a submission and a letter of two points, so that
allowed writes really happen (302) or are refused by a rule with the form shown again (200).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from dhr.assurance.models import QaLetter, QaPoint, SignOff, Submission
from dhr.assurance.stages import QaOutcome, SendMethod, SubmissionKind
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, build_review_world, deactivate


@dataclass(frozen=True)
class AssuranceRoute(Route):
    """A route on one review; `needs` is the review permission; `child` routes act on a letter or point in it."""

    needs: str = "view_assurance"
    child: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        return ("R1", "R2", "missing", "mismatch") if self.child else ("R1", "R2", "missing")


def A(endpoint, method, path, needs, success=200, data=None, child=False):  # noqa: N802
    return AssuranceRoute(
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


def _letter(o):
    return f"/reviews/{o['review']}/assurance/qa-letters/{o['letter']}"


def _letter_form() -> dict:
    """The QA letter form, dated from today as the test runs."""
    return {
        "panel_on": fields_from_today(-20),
        "letter_dated_on": fields_from_today(-15),
        "received_on": fields_from_today(-10),
        "outcome": "approved_subject_to_changes",
    }


ROUTES = register(
    "assurance",
    [
        A("assurance.overview", "GET", lambda o: f"/reviews/{o['review']}/assurance", "view_assurance"),
        A("assurance.record_sign_off", "GET", lambda o: f"/reviews/{o['review']}/assurance/sign-off", "edit_review"),
        # At QA feedback a sign-off cannot be recorded: allowed users get the form back saying so.
        A(
            "assurance.record_sign_off",
            "POST",
            lambda o: f"/reviews/{o['review']}/assurance/sign-off",
            "edit_review",
            data=lambda o: {"signed_off_on": fields_from_today(), "body": "Board", "minute_reference": "Item 5"},
        ),
        A(
            "assurance.record_submission",
            "GET",
            lambda o: f"/reviews/{o['review']}/assurance/submission",
            "edit_review",
        ),
        A(
            "assurance.record_submission",
            "POST",
            lambda o: f"/reviews/{o['review']}/assurance/submission",
            "edit_review",
            data=lambda o: {"sent_on": fields_from_today(), "method": "email", "versions_sent": "Overview report v2"},
        ),
        A(
            "assurance.record_report_copy",
            "GET",
            lambda o: f"/reviews/{o['review']}/assurance/copies/new",
            "edit_review",
        ),
        A(
            "assurance.record_report_copy",
            "POST",
            lambda o: f"/reviews/{o['review']}/assurance/copies/new",
            "edit_review",
            302,
            data=lambda o: {
                "recipient": "commissioner",
                "sent_on": fields_from_today(),
                "method": "email",
                "what_sent": "Report",
            },
        ),
        A(
            "assurance.record_qa_letter",
            "GET",
            lambda o: f"/reviews/{o['review']}/assurance/qa-letters/new",
            "edit_review",
        ),
        A(
            "assurance.record_qa_letter",
            "POST",
            lambda o: f"/reviews/{o['review']}/assurance/qa-letters/new",
            "edit_review",
            data=lambda o: {**_letter_form(), "points": "1. A point"},
        ),
        A("assurance.edit_qa_letter", "GET", lambda o: f"{_letter(o)}/edit", "edit_review", child=True),
        A(
            "assurance.edit_qa_letter",
            "POST",
            lambda o: f"{_letter(o)}/edit",
            "edit_review",
            302,
            data=lambda o: {**_letter_form(), "positives": "Changed"},
            child=True,
        ),
        A("assurance.add_point", "GET", lambda o: f"{_letter(o)}/points/new", "edit_review", child=True),
        A(
            "assurance.add_point",
            "POST",
            lambda o: f"{_letter(o)}/points/new",
            "edit_review",
            302,
            data=lambda o: {"number": "9", "text": "Another point"},
            child=True,
        ),
        A("assurance.edit_point", "GET", lambda o: f"{_letter(o)}/points/{o['point']}/edit", "edit_review", child=True),
        A(
            "assurance.edit_point",
            "POST",
            lambda o: f"{_letter(o)}/points/{o['point']}/edit",
            "edit_review",
            302,
            data=lambda o: {"number": "1", "text": "Reworded"},
            child=True,
        ),
        A(
            "assurance.delete_point",
            "POST",
            lambda o: f"{_letter(o)}/points/{o['point']}/delete",
            "edit_review",
            302,
            child=True,
        ),
        A(
            "assurance.respond_to_point",
            "GET",
            lambda o: f"{_letter(o)}/points/{o['point']}/response",
            "respond_qa",
            child=True,
        ),
        A(
            "assurance.respond_to_point",
            "POST",
            lambda o: f"{_letter(o)}/points/{o['point']}/response",
            "respond_qa",
            302,
            data=lambda o: {"status": "addressed", "response": "Changed section 6", "version": "1"},
            child=True,
        ),
        A(
            "assurance.record_publication",
            "GET",
            lambda o: f"/reviews/{o['review']}/assurance/publication",
            "edit_review",
        ),
        # Not approved yet: allowed users get the form back saying so.
        A(
            "assurance.record_publication",
            "POST",
            lambda o: f"/reviews/{o['review']}/assurance/publication",
            "edit_review",
            data=lambda o: {"published_on": fields_from_today(), "web_address": "https://example.org/report"},
        ),
        A(
            "assurance.record_publication_hold",
            "GET",
            lambda o: f"/reviews/{o['review']}/assurance/publication/hold",
            "edit_review",
        ),
        A(
            "assurance.record_publication_hold",
            "POST",
            lambda o: f"/reviews/{o['review']}/assurance/publication/hold",
            "edit_review",
            data=lambda o: {
                "kind": "deferred",
                "reason": "Appeal pending",
                "decided_on": fields_from_today(),
                "review_on": fields_from_today(30),
            },
        ),
    ],
)


def expected(route: AssuranceRoute, persona: str, relation: str) -> int:
    """Sign in first; a review you cannot see is 404; then 403 without the permission; then 404 for another review's
    letter or point."""
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R1" if relation == "mismatch" else relation, frozenset())
    if relation == "missing" or not access:
        return 404
    if route.needs not in access:
        return 403
    if relation == "mismatch":
        return 404
    return route.success


def _at_qa_feedback(review_id: int) -> dict:
    """Set-up only: records written directly, and the stage set by hand, so every route has something to act on."""
    review = db.session.get(Review, review_id)
    on = london_today() - timedelta(days=30)
    review.stage = ReviewStage.QA_FEEDBACK  # test set-up only; the app moves stages through the workflow
    review.signed_off_on, review.signed_off_by = on, "Board"
    db.session.add(SignOff(review=review, signed_off_on=on, body="Board", minute_reference="Item 5"))
    db.session.add(
        Submission(review=review, kind=SubmissionKind.FIRST, sent_on=on, method=SendMethod.EMAIL, versions_sent="v1")
    )
    letter = QaLetter(
        review=review,
        panel_on=on,
        letter_dated_on=on,
        received_on=on + timedelta(days=5),
        outcome=QaOutcome.SUBJECT_TO_CHANGES,
    )
    letter.points = [QaPoint(number=1, text="First"), QaPoint(number=2, text="Second")]
    db.session.add(letter)
    db.session.flush()
    return {"letter": letter.id, "point": letter.points[0].id}


def _world() -> dict:
    world = build_review_world()
    for key in ("R1", "R2"):
        world["objects"][key].update(_at_qa_feedback(world["objects"][key]["review"]))
    return world


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_assurance_access_matrix(app, db, route):
    world = db.run(_world)
    objects = world["objects"]

    def objects_for(persona, relation):
        if relation == "missing":
            return {**objects["R1"], "review": MISSING, "letter": MISSING, "point": MISSING}
        if relation == "mismatch":
            if route.endpoint in ("assurance.edit_qa_letter", "assurance.add_point"):
                return {**objects["R1"], "letter": objects["R2"]["letter"]}
            return {**objects["R1"], "point": objects["R2"]["point"]}  # R1's letter, R2's point
        return objects[relation]

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)


def test_every_route_of_the_blueprint_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("assurance.")}
    assert endpoints == {route.endpoint for route in ROUTES}
