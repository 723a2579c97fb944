"""Changing the strategy and its delivery groups. Objectives keep their numbers, so links to review
recommendations survive rewording; one with links cannot be removed. Every change is audited."""

from dhr.audit.services import record
from dhr.duties.models import DeliveryGroup, Objective, Strategy
from dhr.duties.workflow import DutyError
from dhr.extensions import db


def lines(text: str) -> list[str]:
    """The non-blank lines of a text box, stripped."""
    return [line.strip() for line in (text or "").replace("\r", "\n").split("\n") if line.strip()]


def save_strategy(strategy: Strategy, *, title, starts_year, ends_year, refreshed_on, vision, principles, actor):
    """Change the strategy's title, period, vision and principles."""
    strategy.title = title.strip()
    strategy.starts_year, strategy.ends_year = starts_year, ends_year
    strategy.refreshed_on = refreshed_on
    strategy.vision = (vision or "").strip()
    strategy.principles = lines(principles)
    db.session.flush()
    record(
        "strategy.changed",
        f"{actor.name} changed the strategy {strategy.title}",
        actor=actor,
        obj=strategy,
        partnership_id=strategy.partnership_id,
        data={"period": [starts_year, ends_year], "principles": len(strategy.principles)},
    )


def save_group(group: DeliveryGroup, *, name: str, aim: str, objectives: str, actor) -> None:
    """Change a group's name and aim, reword objectives by number, add new ones and remove unlinked ones."""
    texts = lines(objectives)
    if not texts:
        raise DutyError("Enter at least one objective", "objectives")
    existing = list(group.objectives)
    old_texts = [o.text for o in existing]
    if len(texts) < len(existing) and any(
        new != old_texts[i] and new in old_texts[i + 1 :] for i, new in enumerate(texts)
    ):
        # A line taken out of the middle would shift every later objective, and its links, up a number.
        raise DutyError(
            "Objectives keep their numbers: reword an objective instead of deleting it, or remove only the last one",
            "objectives",
        )
    for objective in existing[len(texts) :]:
        if objective.recommendations or objective.actions:
            raise DutyError(
                f"Objective {objective.number} has linked review recommendations or actions, so it cannot be removed",
                "objectives",
            )
    for objective in existing[len(texts) :]:
        group.objectives.remove(objective)
    for number, text in enumerate(texts, start=1):
        if number <= len(existing):
            existing[number - 1].text = text
        else:
            group.objectives.append(Objective(number=number, text=text))
    group.name, group.aim = name.strip(), (aim or "").strip()
    db.session.flush()
    record(
        "strategy.group_changed",
        f"{actor.name} changed the {group.name} delivery group",
        actor=actor,
        obj=group,
        partnership_id=group.strategy.partnership_id,
        data={"objectives": len(texts), "removed": max(0, len(existing) - len(texts))},
    )


def link_recommendation(objective: Objective, recommendation, *, actor) -> None:
    """Link a review recommendation (and so its actions) to a delivery-group objective."""
    objective.recommendations.append(recommendation)
    db.session.flush()
    record(
        "strategy.recommendation_linked",
        f"{actor.name} linked {recommendation.review.reference} {recommendation.label} to {objective.label}",
        actor=actor,
        obj=objective,
        review_id=recommendation.review_id,
        partnership_id=objective.group.strategy.partnership_id,
        data={"objective_id": objective.id, "recommendation_id": recommendation.id},
    )
