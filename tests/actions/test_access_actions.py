"""Access matrix for the action plan: agency A's contributor against agency B's action and against another
review's, every review role, the coordinator, the board member, another partnership and missing ids."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.actions.action_world import build_action_world
from tests.dates import fields_from_today
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate

# Who acts for which action's lead agency (written out by hand): R1's agency-A action and R1's agency-B action.
ACTS_FOR = {"contributor_a": {"A"}, "contributor_b": {"B"}}


@dataclass(frozen=True)
class ActionRoute(Route):
    """A route on one action (`on` = 'action'), on a recommendation ('recommendation') or on the review ('review').

    `needs` is the review permission the gate asks for; `ability` the object rule after it: 'view' (may see the
    action), 'update' (may update it) or '' (none beyond the gate)."""

    on: str = "action"
    needs: str = "view_review"
    ability: str = "view"

    @property
    def relations(self) -> tuple[str, ...]:
        if self.on == "action":
            return ("A", "B", "R2", "missing")
        return ("R1", "R2", "missing")


def R(endpoint, method, path, *, on="action", needs="view_review", ability="view", success=200, data=None):  # noqa: N802
    return ActionRoute(
        endpoint,
        method,
        path,
        frozenset(),
        success=success,
        data=data or (lambda o: {}),
        scoped=True,
        on=on,
        needs=needs,
        ability=ability,
    )


ACTION = "/reviews/{review}/actions/{action}"
EDIT = {"action": "Run the audit again", "lead_agency": "{agency}", "owner": "", "target_on": fields_from_today(1200)}
ROUTES = register(
    "actions",
    [
        R(
            "actions.plan",
            "GET",
            lambda o: "/reviews/{review}/action-plan".format(**o),
            on="review",
            needs="view_actions",
        ),
        R(
            "actions.new_action",
            "GET",
            lambda o: "/reviews/{review}/recommendations/{recommendation}/actions/new".format(**o),
            on="recommendation",
            needs="manage_recommendations",
        ),
        R(
            "actions.new_action",
            "POST",
            lambda o: "/reviews/{review}/recommendations/{recommendation}/actions/new".format(**o),
            on="recommendation",
            needs="manage_recommendations",
            success=302,
            data=lambda o: {**EDIT, "lead_agency": str(o["agency"])},
        ),
        R("actions.view_action", "GET", lambda o: ACTION.format(**o)),
        R("actions.edit_action", "GET", lambda o: ACTION.format(**o) + "/edit", needs="manage_recommendations"),
        R(
            "actions.edit_action",
            "POST",
            lambda o: ACTION.format(**o) + "/edit",
            needs="manage_recommendations",
            success=302,
            data=lambda o: {**EDIT, "lead_agency": str(o["agency"])},
        ),
        R("actions.add_update", "GET", lambda o: ACTION.format(**o) + "/updates/new", ability="update"),
        R(
            "actions.add_update",
            "POST",
            lambda o: ACTION.format(**o) + "/updates/new",
            ability="update",
            success=302,
            data=lambda o: {"text": "Audit under way", "status": "on_track"},
        ),
        R("actions.add_evidence", "GET", lambda o: ACTION.format(**o) + "/evidence/new", ability="update"),
        # No file chosen: allowed users get the form back with "Select a file".
        R("actions.add_evidence", "POST", lambda o: ACTION.format(**o) + "/evidence/new", ability="update"),
        R("actions.download_evidence", "GET", lambda o: ACTION.format(**o) + "/evidence/{evidence}".format(**o)),
        R("actions.request_completion", "GET", lambda o: ACTION.format(**o) + "/completion", ability="update"),
        # The world's actions have evidence but the outcome is typed here: allowed users complete the request.
        R(
            "actions.request_completion",
            "POST",
            lambda o: ACTION.format(**o) + "/completion",
            ability="update",
            success=302,
            data=lambda o: {"outcome": "Audit done: 95% of outcomes reached GPs"},
        ),
        # Not waiting for approval: allowed users are sent back to the action with a message.
        R(
            "actions.decide_completion",
            "GET",
            lambda o: ACTION.format(**o) + "/approval",
            needs="approve_actions",
            success=302,
        ),
        R(
            "actions.decide_completion",
            "POST",
            lambda o: ACTION.format(**o) + "/approval",
            needs="approve_actions",
            success=302,
            data=lambda o: {"decision": "approve"},
        ),
        # Open actions cannot be reopened: allowed users are sent back with a message.
        R("actions.reopen", "GET", lambda o: ACTION.format(**o) + "/reopen", needs="approve_actions", success=302),
        R(
            "actions.reopen",
            "POST",
            lambda o: ACTION.format(**o) + "/reopen",
            needs="approve_actions",
            success=302,
            data=lambda o: {"reason": "Reopened"},
        ),
        R("actions.supersede", "GET", lambda o: ACTION.format(**o) + "/supersede", needs="approve_actions"),
        R(
            "actions.supersede",
            "POST",
            lambda o: ACTION.format(**o) + "/supersede",
            needs="approve_actions",
            success=302,
            data=lambda o: {"reason": "Overtaken by the new protocol"},
        ),
    ],
)


def expected(route: ActionRoute, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    access = REVIEW_ACCESS[persona].get("R2" if relation == "R2" else "R1", frozenset())
    if not access:
        return 404  # a review you cannot see
    if relation == "missing" and route.on == "review":
        return 404
    if route.needs not in access:
        return 403
    if relation == "missing":
        return 404
    if route.on != "action":
        return route.success
    sees = "view_actions" in access or relation in ACTS_FOR.get(persona, ())
    if not sees:
        return 404
    if route.ability == "update" and not ("approve_actions" in access or relation in ACTS_FOR.get(persona, ())):
        return 403
    return route.success


def _add_evidence(world):
    from dhr.actions import services
    from dhr.actions.models import Action
    from dhr.auth.models import User
    from dhr.extensions import db
    from dhr.files.guard import check_upload

    coordinator = db.session.get(User, world["users"]["coordinator"].id)
    ids = {}
    for key, action_id in (
        ("A", world["actions"]["R1"]["A"]),
        ("B", world["actions"]["R1"]["B"]),
        ("R2", world["actions"]["R2"]["A"]),
    ):
        action = db.session.get(Action, action_id)
        item = services.add_evidence(
            action, upload=check_upload("register.csv", b"Name\nx\n"), description="", actor=coordinator
        )
        ids[key] = item.id
    return ids


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_actions_access_matrix(app, db, route):
    world = db.run(build_action_world)
    evidence = db.run(_add_evidence, world)
    reviews, plans = world["objects"], world["actions"]

    def objects_for(persona, relation):
        agency = reviews["R1"]["agency"]
        if relation == "missing":
            review = reviews["R1"]["review"] if route.on != "review" else MISSING
            return {
                "review": review,
                "action": MISSING,
                "recommendation": MISSING,
                "evidence": MISSING,
                "agency": agency,
            }
        if route.on != "action":
            return {
                "review": reviews[relation]["review"],
                "recommendation": plans[relation]["recommendation"],
                "agency": agency,
            }
        review_key = "R2" if relation == "R2" else "R1"
        action = plans["R2"]["A"] if relation == "R2" else plans["R1"][relation]
        return {
            "review": reviews[review_key]["review"],
            "action": action,
            "evidence": evidence[relation],
            "agency": agency,
        }

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
