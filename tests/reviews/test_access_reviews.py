"""Access matrix for reviews: every review route x 13 personas x (R1 / R2 / missing / another review's object)."""

from dataclasses import dataclass

import pytest

from dhr.clocks.rules import DEFAULT_RULES
from dhr.partnerships.models import GuidanceVersion
from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.reviews.review_world import (
    MISSING,
    PARTNERSHIP_ACCESS,
    PERSONAS,
    REVIEW_ACCESS,
    build_review_world,
    deactivate,
)


@dataclass(frozen=True)
class ReviewRoute(Route):
    """A route on one review; `needs` is the review permission; `child` routes also act on an object inside it."""

    needs: str = "view_review"
    child: bool = False
    partnership_level: bool = False

    @property
    def relations(self) -> tuple[str, ...]:
        if self.partnership_level:
            return ("none",)
        return ("R1", "R2", "missing", "mismatch") if self.child else ("R1", "R2", "missing")


def _notification() -> dict:
    """The notification form, dated from today as the test runs (not as the module loads)."""
    return {
        "notified_on": fields_from_today(-5),
        "category": "intimate_partner_homicide",
        "place_of_death": "Borough",
        "police_force_area": "Force",
        "circumstances": "Changed",
    }


RULES = {
    f"{field}_{rule.key}": value
    for rule in DEFAULT_RULES[GuidanceVersion.SG2016]
    for field, value in (("label", rule.label), ("offset", str(rule.offset)), ("unit", rule.unit.value))
}


def R(endpoint, method, path, needs, success=200, data=None, child=False, partnership_level=False):  # noqa: N802
    return ReviewRoute(
        endpoint,
        method,
        path,
        frozenset({needs}),
        success=success,
        data=data or (lambda o: {}),
        scoped=not partnership_level,
        needs=needs,
        child=child,
        partnership_level=partnership_level,
    )


ROUTES = register(
    "reviews",
    [
        R("reviews.new_review", "GET", lambda o: "/reviews/new", "create_review", partnership_level=True),
        R(
            "reviews.new_review",
            "POST",
            lambda o: "/reviews/new",
            "create_review",
            302,
            partnership_level=True,
            data=lambda o: {**_notification(), "notifying_agency": str(o["agency"])},
        ),
        R("overview.view_review", "GET", lambda o: f"/reviews/{o['review']}", "view_review"),
        R("reviews.edit_notification", "GET", lambda o: f"/reviews/{o['review']}/notification", "edit_review"),
        R(
            "reviews.edit_notification",
            "POST",
            lambda o: f"/reviews/{o['review']}/notification",
            "edit_review",
            302,
            data=lambda o: {**_notification(), "notifying_agency": str(o["agency"]), "version": str(o["version"])},
        ),
        R("reviews.record_decision", "GET", lambda o: f"/reviews/{o['review']}/decision", "edit_review"),
        R(
            "reviews.record_decision",
            "POST",
            lambda o: f"/reviews/{o['review']}/decision",
            "edit_review",
            302,
            data=lambda o: {
                "decision": "commission",
                "decided_on": fields_from_today(),
                "decision_maker": "Group",
                "rationale": "Criteria met",
            },
        ),
        R(
            "reviews.record_home_office_response",
            "GET",
            lambda o: f"/reviews/{o['review']}/home-office-response",
            "edit_review",
        ),
        R(
            "reviews.record_home_office_response",
            "POST",
            lambda o: f"/reviews/{o['review']}/home-office-response",
            "edit_review",
            302,
            data=lambda o: {"response": "Accepted"},
        ),
        R("reviews.people", "GET", lambda o: f"/reviews/{o['review']}/people", "view_review"),
        R("reviews.joint_arrangements", "GET", lambda o: f"/reviews/{o['review']}/joint", "edit_review"),
        R(
            "reviews.joint_arrangements",
            "POST",
            lambda o: f"/reviews/{o['review']}/joint",
            "edit_review",
            302,
            data=lambda o: {"joint_with": "sar"},
        ),
        R("reviews.case_facts", "GET", lambda o: f"/reviews/{o['review']}/case-facts", "view_identities"),
        R(
            "reviews.case_facts",
            "POST",
            lambda o: f"/reviews/{o['review']}/case-facts",
            "manage_people",
            302,
            data=lambda o: {"relationship_type": "current_partner", "children_present": "no"},
        ),
        R("reviews.new_person", "GET", lambda o: f"/reviews/{o['review']}/people/new", "manage_people"),
        R(
            "reviews.new_person",
            "POST",
            lambda o: f"/reviews/{o['review']}/people/new",
            "manage_people",
            302,
            data=lambda o: {"role": "family_member", "pseudonym": "Sister", "living": "yes"},
        ),
        R(
            "reviews.edit_person",
            "GET",
            lambda o: f"/reviews/{o['review']}/people/{o['person']}/edit",
            "manage_people",
            child=True,
        ),
        R(
            "reviews.edit_person",
            "POST",
            lambda o: f"/reviews/{o['review']}/people/{o['person']}/edit",
            "manage_people",
            302,
            child=True,
            data=lambda o: {"role": "victim", "pseudonym": "Renamed", "living": "no"},
        ),
        R("reviews.members", "GET", lambda o: f"/reviews/{o['review']}/members", "view_review"),
        R(
            "reviews.add_member",
            "POST",
            lambda o: f"/reviews/{o['review']}/members/add",
            "manage_members",
            302,
            data=lambda o: {"users": str(o["spare_user"]), "role": "observer", "agency": ""},
        ),
        R(
            "review_invites.invite",
            "GET",
            lambda o: f"/reviews/{o['review']}/members/invite",
            "manage_members",
        ),
        R(
            "review_invites.invite",
            "POST",
            lambda o: f"/reviews/{o['review']}/members/invite",
            "manage_members",
            302,
            data=lambda o: {
                "name": "New Observer",
                "email": "new.observer@example.test",
                "role": "observer",
                "agency": "",
            },
        ),
        R(
            "reviews.remove_member",
            "POST",
            lambda o: f"/reviews/{o['review']}/members/{o['member']}/remove",
            "manage_members",
            302,
            child=True,
        ),
        R("reviews.change_stage", "GET", lambda o: f"/reviews/{o['review']}/stage", "change_stage"),
        R(
            "reviews.change_stage",
            "POST",
            lambda o: f"/reviews/{o['review']}/stage",
            "change_stage",
            302,
            data=lambda o: {"target": "scoping", "effective_on": fields_from_today()},
        ),
        R("reviews.reopen_decision", "GET", lambda o: f"/reviews/{o['review']}/reopen", "change_stage"),
        # Not 'not commissioned': allowed users get the form back with the refusal.
        R(
            "reviews.reopen_decision",
            "POST",
            lambda o: f"/reviews/{o['review']}/reopen",
            "change_stage",
            data=lambda o: {"why": "direction", "effective_on": fields_from_today(), "reason": "Directed"},
        ),
        R("reviews.pause_review", "GET", lambda o: f"/reviews/{o['review']}/pause", "change_stage"),
        R(
            "reviews.pause_review",
            "POST",
            lambda o: f"/reviews/{o['review']}/pause",
            "change_stage",
            302,
            data=lambda o: {"pause_reason": "inquest", "effective_on": fields_from_today()},
        ),
        # Not paused: allowed users are sent back to the review with a message.
        R("reviews.resume_review", "GET", lambda o: f"/reviews/{o['review']}/resume", "change_stage", 302),
        R(
            "reviews.resume_review",
            "POST",
            lambda o: f"/reviews/{o['review']}/resume",
            "change_stage",
            302,
            data=lambda o: {"effective_on": fields_from_today()},
        ),
        R("reviews.withdraw_review", "GET", lambda o: f"/reviews/{o['review']}/withdraw", "change_stage"),
        R(
            "reviews.withdraw_review",
            "POST",
            lambda o: f"/reviews/{o['review']}/withdraw",
            "change_stage",
            302,
            data=lambda o: {"effective_on": fields_from_today(), "reason": "Not within the criteria"},
        ),
        R(
            "correspondence.list_entries",
            "GET",
            lambda o: f"/reviews/{o['review']}/correspondence",
            "view_correspondence",
        ),
        R(
            "correspondence.new_entry",
            "GET",
            lambda o: f"/reviews/{o['review']}/correspondence/new",
            "record_correspondence",
        ),
        R(
            "correspondence.new_entry",
            "POST",
            lambda o: f"/reviews/{o['review']}/correspondence/new",
            "record_correspondence",
            302,
            data=lambda o: {
                "direction": "sent",
                "counterpart": "family",
                "subject": "family_contact",
                "method": "letter",
                "occurred_on": fields_from_today(),
                "summary": "Letter to the family",
            },
        ),
        R(
            "correspondence.download_file",
            "GET",
            lambda o: f"/reviews/{o['review']}/correspondence/{o['entry']}/file",
            "view_correspondence",
            child=True,
        ),
        R("statistics.index", "GET", lambda o: "/statistics", "view_statistics", partnership_level=True),
        R("clocks.edit_rules", "GET", lambda o: "/admin/clock-rules", "manage_clock_rules", partnership_level=True),
        R(
            "clocks.edit_rules",
            "POST",
            lambda o: "/admin/clock-rules",
            "manage_clock_rules",
            302,
            partnership_level=True,
            data=lambda o: dict(RULES),
        ),
    ],
)


def expected(route: ReviewRoute, persona: str, relation: str) -> int:
    """The status the brief asks for: sign in, then 404 for reviews you cannot know exist, then 403 without the
    permission, then 404 for another review's object."""
    if persona in ("anonymous", "deactivated"):
        return 302
    if route.partnership_level:
        return route.success if persona in PARTNERSHIP_ACCESS[route.needs] else 403
    review_key = "R1" if relation == "mismatch" else relation
    access = REVIEW_ACCESS[persona].get(review_key, frozenset())
    if relation == "missing" or not access:
        return 404
    if route.needs not in access:
        return 403
    if relation == "mismatch":
        return 404
    return route.success


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_review_access_matrix(app, db, route):
    world = db.run(build_review_world)
    objects = world["objects"]

    def objects_for(persona, relation):
        if relation == "none":
            return (
                objects["P2"] if persona in ("other_coordinator", "dual_coordinator", "system_admin") else objects["R1"]
            )
        if relation == "missing":
            return {**objects["R1"], "review": MISSING, "person": MISSING, "entry": MISSING, "member": MISSING}
        if relation == "mismatch":
            return {
                **objects["R1"],
                "person": objects["R2"]["person"],
                "entry": objects["R2"]["entry"],
                "member": objects["R2"]["member"],
            }
        return objects[relation]

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
