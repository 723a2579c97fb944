"""Access matrix for the terms of reference and parallel processes: every route x every persona x R1 / R2 /
missing / another review's object. Anyone on the review reads; MANAGE_TERMS (coordinator, chair) changes."""

from dataclasses import dataclass
from datetime import date

import pytest

from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.reviews.models import Review
from dhr.terms import services, workflow
from dhr.terms.stages import ProcessKind, ProcessStatus
from tests.access import Route, register, run_matrix
from tests.dates import days_from_today, fields_from_today
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, build_review_world, deactivate


@dataclass(frozen=True)
class TermsRoute(Route):
    """A route on one review; `child` routes act on a version, line, agency row or process inside it."""

    needs: str = "view_review"
    child: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        return ("R1", "R2", "missing", "mismatch") if self.child else ("R1", "R2", "missing")


def T(endpoint, method, path, needs, success=200, data=None, child=False):  # noqa: N802
    return TermsRoute(
        endpoint,
        method,
        lambda o: f"/reviews/{o['review']}" + path(o),
        frozenset({needs}),
        success=success,
        data=data or (lambda o: {}),
        scoped=True,
        needs=needs,
        child=child,
    )


TOR = "/terms-of-reference"
V = TOR + "/versions/{}"


def _process() -> dict:
    """The parallel process form, dated from today as the test runs."""
    return {
        "kind": "inquest",
        "status": "in_progress",
        "started_on": fields_from_today(),
        "outcome": "Opened and adjourned",
    }


MANAGE = "manage_terms"
ROUTES = register(
    "terms",
    [
        T("terms.index", "GET", lambda o: TOR, "view_review"),
        T("terms.view_version", "GET", lambda o: V.format(o["version"]), "view_review", child=True),
        # Both reviews already have a draft: allowed users are sent back with "already a draft".
        T("terms.start_draft", "POST", lambda o: TOR + "/versions/new", MANAGE, 302),
        T("terms.edit_draft", "GET", lambda o: V.format(o["version"]) + "/edit", MANAGE, child=True),
        T(
            "terms.edit_draft",
            "POST",
            lambda o: V.format(o["version"]) + "/edit",
            MANAGE,
            302,
            data=lambda o: {"scope_from": ["1", "1", "2023"], "scope_to": fields_from_today(), "purpose": "Lessons"},
            child=True,
        ),
        T("terms.agree", "GET", lambda o: V.format(o["version"]) + "/agree", MANAGE, child=True),
        T(
            "terms.agree",
            "POST",
            lambda o: V.format(o["version"]) + "/agree",
            MANAGE,
            302,
            data=lambda o: {"agreed_on": fields_from_today()},
            child=True,
        ),
        T("terms.discard_draft", "POST", lambda o: V.format(o["version"]) + "/discard", MANAGE, 302, child=True),
        T("terms.new_line", "GET", lambda o: V.format(o["version"]) + "/lines/new", MANAGE, child=True),
        T(
            "terms.new_line",
            "POST",
            lambda o: V.format(o["version"]) + "/lines/new",
            MANAGE,
            302,
            data=lambda o: {"text": "A new question"},
            child=True,
        ),
        T("terms.edit_line", "GET", lambda o: f"{TOR}/lines/{o['line']}/edit", MANAGE, child=True),
        T(
            "terms.edit_line",
            "POST",
            lambda o: f"{TOR}/lines/{o['line']}/edit",
            MANAGE,
            302,
            data=lambda o: {"text": "Reworded"},
            child=True,
        ),
        T("terms.remove_line", "POST", lambda o: f"{TOR}/lines/{o['line']}/remove", MANAGE, 302, child=True),
        T("terms.move_line_up", "POST", lambda o: f"{TOR}/lines/{o['line']}/move-up", MANAGE, 302, child=True),
        T("terms.new_agency", "GET", lambda o: V.format(o["version"]) + "/agencies/new", MANAGE, child=True),
        T(
            "terms.new_agency",
            "POST",
            lambda o: V.format(o["version"]) + "/agencies/new",
            MANAGE,
            302,
            data=lambda o: {"agency": str(o["agency_c"]), "included": "no", "reason": "No contact"},
            child=True,
        ),
        T(
            "terms.add_agencies_from_matrix",
            "POST",
            lambda o: V.format(o["version"]) + "/agencies/from-matrix",
            MANAGE,
            302,
            child=True,
        ),
        T("terms.edit_agency", "GET", lambda o: f"{TOR}/agencies/{o['row']}/edit", MANAGE, child=True),
        T(
            "terms.edit_agency",
            "POST",
            lambda o: f"{TOR}/agencies/{o['row']}/edit",
            MANAGE,
            302,
            data=lambda o: {"included": "yes", "reason": "Chronology"},
            child=True,
        ),
        T("terms.remove_agency", "POST", lambda o: f"{TOR}/agencies/{o['row']}/remove", MANAGE, 302, child=True),
        T("terms.new_process", "GET", lambda o: "/parallel-processes/new", MANAGE),
        T(
            "terms.new_process",
            "POST",
            lambda o: "/parallel-processes/new",
            MANAGE,
            302,
            data=lambda o: _process(),
        ),
        T("terms.edit_process", "GET", lambda o: f"/parallel-processes/{o['process']}/edit", MANAGE, child=True),
        T(
            "terms.edit_process",
            "POST",
            lambda o: f"/parallel-processes/{o['process']}/edit",
            MANAGE,
            302,
            data=lambda o: _process(),
            child=True,
        ),
    ],
)


def expected(route: TermsRoute, persona: str, relation: str) -> int:
    """Sign in, then 404 for reviews you cannot know exist, then 403 without the permission, then 404 for another
    review's object."""
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


def _terms(world) -> dict:
    """R1: v1 agreed and a v2 draft; R2: a v1 draft. Each draft has two lines and its matrix's agencies; one
    process each."""
    actor = world["users"]["coordinator"]
    ids = {}
    for key in ("R1", "R2"):
        review = _db.session.get(Review, world["objects"][key]["review"])
        version = services.start_draft(review, actor=actor)
        services.update_draft(
            version, actor=actor, scope_from=date(2023, 1, 1), scope_to=days_from_today(-12), purpose=""
        )
        for text in ("First question", "Second question"):
            services.add_line(version, text=text, actor=actor)
        if key == "R1":
            workflow.agree(version, agreed_on=london_today(), actor=actor)
            version = services.start_draft(review, actor=actor)
        process = services.add_process(
            review,
            actor=actor,
            kind=ProcessKind.CRIMINAL_TRIAL,
            description="",
            status=ProcessStatus.SCHEDULED,
            started_on=None,
            next_date=days_from_today(30),
            concluded_on=None,
            outcome="",
            notes="",
        )
        ids[key] = {
            "version": version.id,
            "line": version.lines[1].id,
            "row": version.agencies[0].id,
            "process": process.id,
        }
    return ids


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_terms_access_matrix(app, db, route):
    world = db.run(build_review_world)
    terms = db.run(_terms, world)
    agency_c = world["evidence"]["agency_c"]

    def objects_for(persona, relation):
        if relation == "missing":
            missing = dict.fromkeys(("review", "version", "line", "row", "process"), MISSING)
            return {**missing, "agency_c": agency_c}
        review_key = "R1" if relation == "mismatch" else relation
        objects = terms["R2" if relation == "mismatch" else relation]
        return {"review": world["objects"][review_key]["review"], "agency_c": agency_c, **objects}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
