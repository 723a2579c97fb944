"""The GOV.UK task list of what the current stage still needs, each item linking to where it is done."""

from dhr.assurance.tasks import ASSURANCE_STAGES, assurance_tasks
from dhr.clocks.engine import apply_rule
from dhr.clocks.rules import DEFAULT_RULES, ClockEvent
from dhr.clocks.service import facts_for
from dhr.core.dates import london_today
from dhr.core.links import path_for
from dhr.panel.checks import declarations_complete
from dhr.permissions import ReviewRole
from dhr.reviews.stages import ReviewStage
from dhr.reviews.tasks import Task, guard_tasks

S = ReviewStage


def _has_member(review, role: ReviewRole) -> bool:
    return any(member.role is role for member in review.members)


DELAY_WARNING_DAYS = 28
# Before sign-off, while there is still time to tell the Home Office; from sign-off the submission says it all.
DELAY_STAGES = frozenset({S.SET_UP, S.EVIDENCE, S.DRAFTING, S.PANEL_AGREEMENT, S.FAMILY_SIGHT, S.PAUSED})
DELAY_LETTER = {"counterpart": "home_office", "subject": "delay", "direction": "sent"}


def _delay_task(review, facts) -> Task | None:
    """Tell the Home Office of a delay past six months: once the review is paused, or the six months are nearly
    up, and until the letter is recorded or the review is signed off."""
    rule = next((r for r in DEFAULT_RULES[review.partnership.guidance] if r.key == "home_office_delay"), None)
    if rule is None:
        return None
    clock = apply_rule(rule, facts, london_today())
    if clock is None or not clock.is_open or clock.days is None:
        return None
    if review.stage is not S.PAUSED and clock.days > DELAY_WARNING_DAYS:
        return None
    return Task(
        "Tell the Home Office of the delay past six months",
        False,
        path_for(
            "correspondence.new_entry",
            review_id=review.id,
            counterpart="home_office",
            subject="delay",
            direction="sent",
        ),
        "The guidance asks for the reasons. Record the letter or email in the correspondence register",
    )


def tasks_for(review) -> list[Task]:
    """What the review's current stage still needs (empty for closed reviews), led by telling the Home Office of a
    delay when the six months will be overrun."""
    facts = facts_for(review)
    delay = _delay_task(review, facts) if review.stage in DELAY_STAGES else None
    tasks = _stage_tasks(review, facts)
    return [delay, *tasks] if delay else tasks


def _stage_tasks(review, facts) -> list[Task]:
    rid = review.id
    events = facts.events
    stage = review.stage
    link = lambda endpoint, **kw: path_for(endpoint, review_id=rid, **kw)  # noqa: E731
    move_on = Task("Move the review to its next stage", False, link("reviews.change_stage"))
    told_home_office = Task(
        "Tell the Home Office of the decision",
        # A letter about an earlier decision (since reopened) does not tell them of this one.
        review.decided_on is not None
        and facts.first(ClockEvent.HOME_OFFICE_TOLD_OF_DECISION, on_or_after=review.decided_on) is not None,
        link("correspondence.new_entry", counterpart="home_office", subject="decision", direction="sent"),
        "Record the letter or email in the correspondence register",
    )
    if stage in (S.NOTIFIED, S.SCOPING, S.DECISION):
        return [
            Task(
                "Check the notification details",
                bool(review.circumstances and review.date_of_death),
                link("reviews.edit_notification"),
            ),
            Task("Add the victim to the people register", review.victim is not None, link("reviews.new_person")),
            Task(
                "Record the decision whether to hold a review",
                review.decision is not None,
                link("reviews.record_decision"),
                "Due one calendar month after notification",
            ),
        ]
    if stage is S.NOT_COMMISSIONED:
        return [
            told_home_office,
            Task(
                "Record the Home Office's response",
                bool(review.home_office_response),
                link("reviews.record_home_office_response"),
            ),
        ]
    if stage is S.SET_UP:
        return [
            told_home_office,
            *guard_tasks(review, S.EVIDENCE),
            Task("Add panel members", _has_member(review, ReviewRole.PANEL_MEMBER), link("reviews.members")),
            Task(
                "Record panel declarations and confidentiality agreements",
                declarations_complete(review),
                link("panel.index"),
            ),
            move_on,
        ]
    if stage in ASSURANCE_STAGES:
        return assurance_tasks(review, events, move_on)
    if stage is S.PAUSED:
        return [
            Task(
                f"Resume the review when the {review.pause_reason.label.lower()} allows",
                False,
                link("reviews.resume_review"),
            )
        ]
    if stage is S.MONITORING:
        return [*guard_tasks(review, S.CLOSED), move_on]
    if stage in (S.CLOSED, S.WITHDRAWN):
        return []
    return [move_on]
