"""The action world (tests/actions/action_world.py) with more to monitor: on R1 an action of agency A past its
target date though still marked on track, one completed with evidence and one superseded; and a review with an
action in the second partnership, which partnership one must never see."""

from datetime import timedelta

from dhr.actions import services as actions
from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.files.guard import check_upload
from dhr.recommendations import services as recommendations
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Scope
from dhr.reviews.models import DeathCategory, Review
from tests.actions.action_world import build_action_world
from tests.factories import create_review


def add_action(recommendation, agency, actor, *, text: str, target_days: int | None, owner=None) -> Action:
    """An action under the recommendation, due target_days from today (None: no target date)."""
    target = london_today() + timedelta(days=target_days) if target_days is not None else None
    return actions.save_action(
        recommendation,
        action_text=text,
        lead_agency=agency,
        owner=owner,
        owner_name="" if owner else f"Named owner at {agency.code}",
        milestones="",
        target_on=target,
        actor=actor,
    )


def complete(action: Action, actor, *, days_ago: int = 3) -> None:
    """Evidence, an outcome, the request and the coordinator's approval."""
    upload = check_upload("evidence.txt", b"Signed record of completion")
    actions.add_evidence(action, upload=upload, description="Record", actor=actor)
    actions.request_completion(
        action, outcome="Done and audited.", completed_on=london_today() - timedelta(days=days_ago), actor=actor
    )
    actions.approve_completion(action, actor=actor)


def _other_partnership_action(world) -> dict:
    other = db.session.get(User, world["users"]["other_coordinator"].id)
    agency = db.session.get(Agency, world["objects"]["P2"]["agency"])
    review = create_review(
        other.partnership,
        coordinator=other,
        agency=agency,
        notified_on=london_today() - timedelta(days=400),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=None,
    )
    recommendations.seed_themes(other.partnership)
    recommendation = recommendations.save_recommendation(
        review,
        text="CNRY-P2-RECOMMENDATION",
        scope=Scope.LOCAL,
        multi_agency=False,
        agency=agency,
        department=None,
        department_other="",
        answers=[],
        themes=recommendations.themes_for(other.partnership_id)[:1],
        actor=other,
    )
    action = add_action(recommendation, agency, other, text="CNRY-P2-ACTION", target_days=-30)
    return {"review": review.id, "action": action.id}


def build_monitoring_world() -> dict:
    """build_action_world plus late, completed and superseded actions on R1 and an action in partnership two."""
    world = build_action_world()
    coordinator = db.session.get(User, world["users"]["coordinator"].id)
    rec1 = db.session.get(Recommendation, world["actions"]["R1"]["recommendation"])
    agency_a = db.session.get(Agency, world["objects"]["R1"]["agency"])
    late = add_action(rec1, agency_a, coordinator, text="Late action, still marked on track", target_days=-10)
    actions.add_update(late, text="Started.", status=ActionStatus.ON_TRACK, actor=coordinator)
    done = add_action(rec1, agency_a, coordinator, text="Completed action", target_days=-40)
    complete(done, coordinator)
    dropped = add_action(rec1, agency_a, coordinator, text="Superseded action", target_days=30)
    actions.supersede(dropped, reason="Overtaken by the new protocol", actor=coordinator)
    world["actions"]["R1"].update({"late": late.id, "done": done.id, "dropped": dropped.id})
    world["actions"]["P2"] = _other_partnership_action(world)
    db.session.flush()
    return world


def reviews_of(world) -> dict[str, Review]:
    """R1 and R2 as model instances (inside an app context)."""
    return {key: db.session.get(Review, world["objects"][key]["review"]) for key in ("R1", "R2")}
