"""The action world (tests/actions/action_world.py) plus what the recommendation pages need: themes in the second
partnership too, and the ids and versions of each review's recommendation."""

from dhr.agencies.models import Agency
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.recommendations import services as recommendations
from dhr.recommendations.models import Recommendation
from tests.actions.action_world import build_action_world


def build_recommendation_world() -> dict:
    """build_action_world, with P2's themes seeded; ids under world['recommendations']."""
    world = build_action_world()
    p2 = db.session.get(Partnership, db.session.get(Agency, world["objects"]["P2"]["agency"]).partnership_id)
    recommendations.seed_themes(p2)
    p1_themes = world["actions"]["themes"]
    p2_themes = [t.id for t in recommendations.themes_for(p2.id)]
    ids = {}
    for key in ("R1", "R2"):
        recommendation = db.session.get(Recommendation, world["actions"][key]["recommendation"])
        ids[key] = {"recommendation": recommendation.id, "version": recommendation.version}
    world["recommendations"] = ids | {"P1": {"theme": p1_themes[2]}, "P2": {"theme": p2_themes[2]}}
    world["recommendations"]["P1"]["themes"] = p1_themes
    return world
