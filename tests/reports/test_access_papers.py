"""Access matrix for panel papers (a meeting's agenda and minutes as Word documents): the meetings permission,
on R1, R2, a missing review and another review's meeting."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.meetings.meeting_world import build_meeting_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate


@dataclass(frozen=True)
class PaperRoute(Route):
    """A panel-paper route: tried on R1, R2, a missing review and R2's meeting under R1."""

    @property
    def relations(self) -> tuple[str, ...]:
        return ("R1", "R2", "missing", "other_meeting")


def P(paper):  # noqa: N802
    path = lambda o: f"/reviews/{o['review']}/documents/meetings/{o['meeting']}/{paper}"  # noqa: E731
    return PaperRoute("reports.download_paper", "GET", path, frozenset(), scoped=True)


ROUTES = register("reports-papers", [P("agenda"), P("minutes")])


def expected(route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "R2" else "R1", frozenset())
    if relation == "missing" or not access:
        return 404
    if "view_meetings" not in access:
        return 403
    if relation == "other_meeting":
        return 404
    return 200


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.url({"review": "R", "meeting": "M"}))
def test_panel_papers_access_matrix(app, db, route):
    world = db.run(build_meeting_world)
    objects = world["objects"]

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING, "meeting": MISSING}
        if relation == "other_meeting":
            return {"review": objects["R1"]["review"], "meeting": objects["R2"]["meeting"]}
        return objects[relation]

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
