"""Access matrix for recommendations, themes and the national export: every route x every persona x (R1 / R2 /
missing / R2's recommendation under R1) for review pages, and (own / other partnership's / missing theme) for the
Themes page. Agency contributors never see the recommendation pages; panel members and observers only read them."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.dates import fields_from_today
from tests.recommendations.rec_world import build_recommendation_world
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, deactivate

# Partnership permissions, by hand from the brief: themes are kept by administrators and coordinators; the action
# tracker (and the national export) is for coordinators and board members. P2's coordinator acts on P2.
PARTNERSHIP = {
    "manage_themes": frozenset({"admin", "coordinator", "other_coordinator", "dual_coordinator"}),
    "view_action_tracker": frozenset({"coordinator", "board_member", "other_coordinator", "dual_coordinator"}),
}
P2_PERSONAS = frozenset({"other_coordinator", "dual_coordinator", "system_admin"})


@dataclass(frozen=True)
class RecommendationRoute(Route):
    """`needs` is the permission; `level` says what the route acts on: a review, a recommendation in a review,
    the partnership, or a theme of the partnership."""

    needs: str = "view_actions"
    level: str = "review"  # review | recommendation | partnership | theme

    @property
    def relations(self) -> tuple[str, ...]:
        return {
            "review": ("R1", "R2", "missing"),
            "recommendation": ("R1", "R2", "missing", "mismatch"),
            "partnership": ("none",),
            "theme": ("own", "other", "missing"),
        }[self.level]


def R(endpoint, method, path, needs, success=200, data=None, level="review"):  # noqa: N802
    return RecommendationRoute(
        endpoint,
        method,
        path,
        frozenset(),
        success=success,
        data=data or (lambda o: {}),
        scoped=level != "partnership",
        needs=needs,
        level=level,
    )


def base(o) -> str:
    return f"/reviews/{o['review']}/recommendations"


def fields(o) -> dict:
    return {
        "text": "Agencies should share DASH outcomes with the GP within two days.",
        "scope": "local",
        "agencies": "single",
        "agency": str(o["agency"]),
        "answers": "17.1",
        "themes": [str(o["theme"])],
        "version": str(o.get("version", "")),
        "submit": "y",
    }


V, M, T = "view_actions", "manage_recommendations", "manage_themes"
ROUTES = register(
    "recommendations",
    [
        R("recommendations.list_recommendations", "GET", base, V),
        R("recommendations.add_recommendation", "GET", lambda o: f"{base(o)}/new", M),
        R("recommendations.add_recommendation", "POST", lambda o: f"{base(o)}/new", M, 302, fields),
        R(
            "recommendations.edit_recommendation",
            "GET",
            lambda o: f"{base(o)}/{o['recommendation']}/edit",
            M,
            level="recommendation",
        ),
        R(
            "recommendations.edit_recommendation",
            "POST",
            lambda o: f"{base(o)}/{o['recommendation']}/edit",
            M,
            302,
            fields,
            level="recommendation",
        ),
        R("recommendations.learning", "GET", lambda o: f"/reviews/{o['review']}/learning", V),
        R(
            "recommendations.learning",
            "POST",
            lambda o: f"/reviews/{o['review']}/learning",
            M,
            302,
            lambda o: {
                "kind": "seven_minute",
                "held_on": fields_from_today(),
                "audience": "GP safeguarding leads",
                "reached": "40",
            },
        ),
        # No accepted IMR in this world: a permitted post is refused with a message and sent back (302).
        R("recommendations.record_from_imr", "POST", lambda o: f"{base(o)}/from-imr/999999", M, 302),
        R(
            "recommendations.national_csv",
            "GET",
            lambda o: "/recommendations/national.csv",
            "view_action_tracker",
            level="partnership",
        ),
        R(
            "recommendations.national_json",
            "GET",
            lambda o: "/recommendations/national.json",
            "view_action_tracker",
            level="partnership",
        ),
        R("themes.list_themes", "GET", lambda o: "/themes", T, level="partnership"),
        R("themes.add_theme", "GET", lambda o: "/themes/new", T, level="partnership"),
        R(
            "themes.add_theme",
            "POST",
            lambda o: "/themes/new",
            T,
            302,
            lambda o: {"label": "Faith groups"},
            level="partnership",
        ),
        R("themes.add_default_themes", "POST", lambda o: "/themes/defaults", T, 302, level="partnership"),
        R("themes.rename_theme", "GET", lambda o: f"/themes/{o['theme']}/edit", T, level="theme"),
        R(
            "themes.rename_theme",
            "POST",
            lambda o: f"/themes/{o['theme']}/edit",
            T,
            302,
            lambda o: {"label": "Renamed theme"},
            level="theme",
        ),
        R("themes.retire_theme", "POST", lambda o: f"/themes/{o['theme']}/retire", T, 302, level="theme"),
        R("themes.restore_theme", "POST", lambda o: f"/themes/{o['theme']}/restore", T, 302, level="theme"),
        R(
            "themes.move_theme",
            "POST",
            lambda o: f"/themes/{o['theme']}/move",
            T,
            302,
            lambda o: {"direction": "up"},
            level="theme",
        ),
    ],
)


def expected(route: RecommendationRoute, persona: str, relation: str) -> int:
    """Sign in first; then, on review pages, 404 for a review you cannot know exists, 403 without the permission,
    404 for another review's recommendation; on partnership pages, 403 without the permission and 404 for
    another partnership's theme."""
    if persona in ("anonymous", "deactivated"):
        return 302
    if route.level in ("partnership", "theme"):
        if persona not in PARTNERSHIP[route.needs]:
            return 403
        return 404 if relation in ("other", "missing") else route.success
    access = REVIEW_ACCESS[persona].get("R2" if relation == "R2" else "R1", frozenset())
    if relation == "missing" or not access:
        return 404
    if route.needs not in access:
        return 403
    if relation == "mismatch":
        return 404
    return route.success


def test_contributors_panel_members_and_observers_are_held_to_the_brief():
    """The hand-written access table says what the brief says, so the matrix checks the right thing."""
    assert "view_actions" not in REVIEW_ACCESS["contributor_a"]["R1"]
    assert "view_actions" not in REVIEW_ACCESS["contributor_b"]["R1"]
    for reader in ("panel_member", "observer"):
        assert "view_actions" in REVIEW_ACCESS[reader]["R1"]
        assert "manage_recommendations" not in REVIEW_ACCESS[reader]["R1"]


@pytest.mark.parametrize(
    "route",
    ROUTES,
    ids=lambda r: f"{r.method} {r.endpoint} {r.url({'review': 'R', 'recommendation': 'N', 'theme': 'T'})}",
)
def test_recommendations_access_matrix(app, db, route):
    world = db.run(build_recommendation_world)
    recs = world["recommendations"]

    def review_objects(key: str) -> dict:
        return {
            "review": world["objects"][key]["review"],
            "agency": world["objects"][key]["agency"],
            "theme": recs["P1"]["theme"],
            "recommendation": recs[key]["recommendation"],
            "version": recs[key]["version"],
        }

    def objects_for(persona, relation):
        home = "P2" if persona in P2_PERSONAS else "P1"
        if relation == "none":
            return {}
        if relation == "own":
            return {"theme": recs[home]["theme"]}
        if relation == "other":
            return {"theme": recs["P1" if home == "P2" else "P2"]["theme"]}
        if relation == "missing":
            return {**review_objects("R1"), "review": MISSING, "recommendation": MISSING, "theme": MISSING}
        if relation == "mismatch":
            return {**review_objects("R1"), "recommendation": recs["R2"]["recommendation"]}
        return review_objects(relation)

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
