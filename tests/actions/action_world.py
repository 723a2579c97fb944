"""The review world with action plans: on R1 a recommendation with one action led by agency A and one by agency
B; on R2 a recommendation with an action led by agency A. Themes seeded for the partnership."""

from datetime import timedelta

from dhr.actions import services as actions
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.recommendations import services as recommendations
from dhr.recommendations.scopes import Scope
from dhr.reviews.models import Review
from tests.reviews.review_world import build_review_world


def build_action_world() -> dict:
    """build_review_world plus recommendations and actions; returns its ids under world['actions']."""
    world = build_review_world()
    coordinator = db.session.get(User, world["users"]["coordinator"].id)
    r1 = db.session.get(Review, world["objects"]["R1"]["review"])
    r2 = db.session.get(Review, world["objects"]["R2"]["review"])
    agency_a = db.session.get(Agency, world["objects"]["R1"]["agency"])
    agency_b = next(m.agency for m in r1.members if m.agency and m.agency.id != agency_a.id)
    recommendations.seed_themes(r1.partnership)
    themes = recommendations.themes_for(r1.partnership_id)
    target = london_today() + timedelta(days=120)

    def plan(review, text, leads):
        recommendation = recommendations.save_recommendation(
            review,
            text=text,
            scope=Scope.LOCAL,
            multi_agency=len(leads) > 1,
            agency=leads[0],
            department=None,
            department_other="",
            answers=["17.1"],
            themes=themes[:2],
            actor=coordinator,
        )
        made = [
            actions.save_action(
                recommendation,
                action_text=f"CNRY-ACTION-{review.reference}-{agency.code}",
                lead_agency=agency,
                owner=None,
                owner_name=f"Owner at {agency.code}",
                milestones="",
                target_on=target,
                actor=coordinator,
            )
            for agency in leads
        ]
        return recommendation, made

    rec1, (action_a, action_b) = plan(r1, "Agencies should share DASH outcomes with the GP.", [agency_a, agency_b])
    rec2, (action_r2,) = plan(r2, "Train call handlers on coercive control.", [agency_a])
    db.session.flush()
    world["actions"] = {
        "R1": {"recommendation": rec1.id, "A": action_a.id, "B": action_b.id},
        "R2": {"recommendation": rec2.id, "A": action_r2.id},
        "themes": [t.id for t in themes],
    }
    return world
