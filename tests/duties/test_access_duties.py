"""Access matrix for the duty register and the strategy: a board member reads, a coordinator edits, an agency's
people see and record only the duties their agency owns, and another partnership's duties do not exist."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.duties.duty_world import build_duty_world
from tests.reviews.review_world import MISSING, PERSONAS, deactivate

READERS = {"admin", "coordinator", "board_member"}  # VIEW_DUTIES in partnership P1
MANAGERS = {"coordinator"}  # MANAGE_DUTIES in P1
# Who owns what, written out by hand: agency A owns D08 (panel member and contributor A work there), B owns D02.
OWNS = {"contributor_a": {"A"}, "panel_member": {"A"}, "contributor_b": {"B"}}
P2_PEOPLE = {"other_coordinator", "dual_coordinator"}  # reads and manages P2's register


@dataclass(frozen=True)
class DutyRoute(Route):
    """`on`: 'duty' (relations A, B, P2, missing), 'group' (own, P2, missing) or '' (none). `needs`: the
    partnership permission the gate asks for ('' when signed in is enough); `ability`: 'see' or 'record'."""

    on: str = ""
    needs: str = ""
    ability: str = "see"

    @property
    def relations(self) -> tuple[str, ...]:
        if self.on == "duty":
            return ("A", "B", "P2", "missing")
        if self.on == "group":
            return ("own", "P2", "missing")
        return ("none",)


def R(endpoint, method, path, *, on="", needs="", ability="see", success=200, data=None):  # noqa: N802
    return DutyRoute(
        endpoint,
        method,
        path,
        frozenset(),
        success=success,
        data=data or (lambda o: {}),
        scoped=bool(on),
        on=on,
        needs=needs,
        ability=ability,
    )


OCC = "/duties/occurrences/{occurrence}"
ROUTES = register(
    "duties",
    [
        R("duties.register", "GET", lambda o: "/duties"),
        R("duties.calendar", "GET", lambda o: "/duties/calendar"),
        R("duties.annual_report", "GET", lambda o: "/duties/annual-report", needs="view"),
        # A permitted post whose year is already signed off is refused on the page (200), so every persona's
        # post can repeat: the gate is what this matrix tests.
        R(
            "duties.sign_off_annual_report",
            "POST",
            lambda o: "/duties/annual-report/sign-off",
            needs="manage",
            data=lambda o: {"report_year": "1999"},
        ),
        R("duties.view_duty", "GET", lambda o: "/duties/{duty}".format(**o), on="duty"),
        R("duties.edit_duty", "GET", lambda o: "/duties/{duty}/edit".format(**o), on="duty", needs="manage"),
        R(
            "duties.edit_duty",
            "POST",
            lambda o: "/duties/{duty}/edit".format(**o),
            on="duty",
            needs="manage",
            success=302,
            data=lambda o: {"owner_agency": "", "owner_officer": "Analyst", "active": "y"},
        ),
        R(
            "duties.new_occurrence",
            "GET",
            lambda o: "/duties/{duty}/occurrences/new".format(**o),
            on="duty",
            needs="manage",
        ),
        R(
            "duties.new_occurrence",
            "POST",
            lambda o: "/duties/{duty}/occurrences/new".format(**o),
            on="duty",
            needs="manage",
            success=302,
            data=lambda o: {"label": "Extra return", "due_on": fields_from_today(1500)},
        ),
        R("duties.view_occurrence", "GET", lambda o: OCC.format(**o), on="duty"),
        R("duties.mark_met", "GET", lambda o: OCC.format(**o) + "/met", on="duty", ability="record"),
        R(
            "duties.mark_met",
            "POST",
            lambda o: OCC.format(**o) + "/met",
            on="duty",
            ability="record",
            success=302,
            data=lambda o: {"met_on": ["1", "1", "2026"]},
        ),
        R("duties.change_status", "GET", lambda o: OCC.format(**o) + "/status", on="duty", ability="record"),
        R(
            "duties.change_status",
            "POST",
            lambda o: OCC.format(**o) + "/status",
            on="duty",
            ability="record",
            success=302,
            data=lambda o: {"target": "not_applicable", "reason": "No data this quarter"},
        ),
        R("duties.add_evidence", "GET", lambda o: OCC.format(**o) + "/evidence", on="duty", ability="record"),
        # No file chosen: allowed users get the form back with "Select a file".
        R("duties.add_evidence", "POST", lambda o: OCC.format(**o) + "/evidence", on="duty", ability="record"),
        R("duties.download_evidence", "GET", lambda o: (OCC + "/evidence/{evidence}").format(**o), on="duty"),
        R("strategy.index", "GET", lambda o: "/strategy", needs="view"),
        R("strategy.view_group", "GET", lambda o: "/strategy/groups/{group}".format(**o), on="group", needs="view"),
        R(
            "strategy.link_recommendation",
            "GET",
            lambda o: "/strategy/objectives/{objective}/link".format(**o),
            on="group",
            needs="manage",
        ),
        R("strategy.edit_strategy", "GET", lambda o: "/strategy/edit", needs="manage"),
        R(
            "strategy.edit_strategy",
            "POST",
            lambda o: "/strategy/edit",
            needs="manage",
            success=302,
            data=lambda o: {"title": "Strategy", "starts_year": "2020", "ends_year": "2023", "principles": "One"},
        ),
        R(
            "strategy.edit_group",
            "GET",
            lambda o: "/strategy/groups/{group}/edit".format(**o),
            on="group",
            needs="manage",
        ),
        R(
            "strategy.edit_group",
            "POST",
            lambda o: "/strategy/groups/{group}/edit".format(**o),
            on="group",
            needs="manage",
            success=302,
            data=lambda o: {"name": "Victims", "aim": "Fewer repeat victims", "objectives": "One\nTwo"},
        ),
        # Nothing chosen: allowed users get the form back with an error.
        R(
            "strategy.link_recommendation",
            "POST",
            lambda o: "/strategy/objectives/{objective}/link".format(**o),
            on="group",
            needs="manage",
        ),
    ],
)


def _holds(persona: str, needs: str) -> bool:
    if needs == "manage":
        return persona in MANAGERS or persona in P2_PEOPLE
    return persona in READERS or persona in P2_PEOPLE


def expected(route: DutyRoute, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    if route.needs and not _holds(persona, route.needs):
        return 403
    if not route.on:
        return route.success
    if relation == "missing":
        return 404
    in_p2 = persona in P2_PEOPLE
    if (relation == "P2") != in_p2:
        return 404  # another partnership's register does not exist for you
    if route.on == "group":
        return route.success
    reader = persona in READERS or in_p2
    owner = relation in OWNS.get(persona, ())
    if not (reader or owner):
        return 404
    if route.ability == "record" and not (persona in MANAGERS or in_p2 or owner):
        return 403
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_duties_access_matrix(app, db, route):
    world = db.run(build_duty_world)
    duties = world["duties"]

    def objects_for(persona, relation):
        if relation == "missing":
            return {"duty": MISSING, "occurrence": MISSING, "evidence": MISSING, "group": MISSING, "objective": MISSING}
        if route.on == "group":
            key = "P2" if relation == "P2" else "P1"
            return {"group": duties[key]["group"], "objective": duties[key]["objective"]}
        return duties.get(relation, {})

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
