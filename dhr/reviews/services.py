"""Review verbs: record a notification, edit it, decide, register people, manage members.

The terms of reference are kept by dhr.terms; the CSP sign-off and everything after it by dhr.assurance.


Each takes an explicit actor, writes an audit event and flushes; the view commits.
"""

from datetime import date

from sqlalchemy import func, select

from dhr.audit.services import record
from dhr.core.enums import LabelledEnum
from dhr.core.errors import DomainError
from dhr.core.hooks import Hook
from dhr.core.models import apply_changes
from dhr.core.wording import with_article
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import ReviewRole
from dhr.reviews import workflow
from dhr.reviews.models import Decision, Person, Review, ReviewMember
from dhr.reviews.stages import ReviewStage

# A person's real name, aliases or date of birth changed: the privacy shield rescans the review's case text.
REGISTER_CHANGED = Hook("review register changed")

NOTIFICATION_FIELDS = (
    "category",
    "notified_on",
    "notifying_agency_id",
    "date_of_death",
    "place_of_death",
    "police_force_area",
    "circumstances",
)


class ReviewError(DomainError):
    """A review rule was broken; the message is fit to show the user."""


def next_reference(partnership, year: int) -> tuple[str, int]:
    """The next reference for the year, e.g. SWP-DARDR-2026-03, and its number.

    The partnership row is locked first (PostgreSQL: FOR UPDATE; SQLite transactions are already IMMEDIATE),
    so concurrent notifications are numbered one after the other instead of colliding.
    """
    db.session.execute(select(Partnership.id).where(Partnership.id == partnership.id).with_for_update())
    last = db.session.scalar(
        select(func.max(Review.number)).where(Review.partnership_id == partnership.id, Review.year == year)
    )
    number = (last or 0) + 1
    return f"{partnership.reference_prefix}-{partnership.review_label.value}-{year}-{number:02d}", number


def create_review(partnership, *, actor, **fields) -> Review:
    """Record a notification: a new review at the Notified stage, with its reference."""
    year = fields["notified_on"].year
    reference, number = next_reference(partnership, year)
    review = Review(
        partnership_id=partnership.id,
        reference=reference,
        year=year,
        number=number,
        **{key: fields[key] for key in NOTIFICATION_FIELDS},
    )
    db.session.add(review)
    workflow.start(review, actor=actor, effective_on=fields["notified_on"])
    db.session.flush()
    record(
        "review.created",
        f"{actor.name} recorded notification {reference}",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={"category": review.category.value},
    )
    return review


def update_notification(review: Review, *, actor, **fields) -> list[str]:
    """Change the notification details; returns the names of the fields that changed."""
    notified_on = fields["notified_on"]
    later = [c.effective_on for c in review.stage_changes if c.from_stage is not None]
    if review.decided_on and notified_on > review.decided_on:
        raise ReviewError("The date the partnership was notified must be on or before the decision date")
    if later and notified_on > min(later):
        raise ReviewError("The date the partnership was notified must be on or before the first stage change")
    first = next((c for c in review.stage_changes if c.from_stage is None), None)
    if first is not None and first.effective_on != notified_on:
        first.effective_on = notified_on
    changed = apply_changes(review, fields, NOTIFICATION_FIELDS)
    if changed:
        # Field names only: the values are case data and stay out of the audit log.
        record(
            "review.updated",
            f"{actor.name} changed the notification details of {review.reference}",
            actor=actor,
            obj=review,
            review_id=review.id,
            data={"changed": changed},
        )
    db.session.flush()
    return changed


def record_decision(
    review: Review, *, decision: Decision, decided_on: date, decision_maker: str, rationale: str, actor
) -> None:
    """Record whether to hold a review, then move the review to set-up or to 'not commissioned'."""
    if review.stage not in (ReviewStage.NOTIFIED, ReviewStage.SCOPING, ReviewStage.DECISION):
        raise ReviewError(f"The decision can only be recorded before set-up; this review is at {review.stage.label}")
    if decided_on < review.notified_on:
        raise ReviewError("The decision date must be on or after the date the partnership was notified")
    review.decision, review.decided_on = decision, decided_on
    review.decision_maker, review.decision_rationale = decision_maker, rationale
    record(
        "review.decision_recorded",
        f"{actor.name} recorded the decision: {decision.label}",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={"decision": decision.value, "decided_on": decided_on.isoformat()},
    )
    if review.stage is not ReviewStage.DECISION:
        workflow.transition(
            review, ReviewStage.DECISION, actor=actor, effective_on=decided_on, reason="Decision recorded"
        )
    target = ReviewStage.SET_UP if decision.holds_review else ReviewStage.NOT_COMMISSIONED
    # The rationale stays on the review (shown with the identity permission), not in the stage history.
    workflow.transition(review, target, actor=actor, effective_on=decided_on, reason="Decision recorded")


class Reopening(LabelledEnum):
    """Why a decision not to hold a review is looked at again."""

    HOME_OFFICE_CHALLENGE = "home_office_challenge"
    DIRECTION = "direction"
    NEW_INFORMATION = "new_information"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "home_office_challenge": "The Home Office challenged the decision",
            "direction": "The Secretary of State directed a review (DVCVA 2004 s9(2))",
            "new_information": "New information came to light",
        }


def reopen_decision(review: Review, *, why: Reopening, reason: str, on: date, actor) -> None:
    """Take a 'not commissioned' review back to the decision stage: the first decision stays in the history (its
    stage changes and audit event); the new decision is recorded as any other."""
    if review.stage is not ReviewStage.NOT_COMMISSIONED:
        raise ReviewError("Only a decision not to hold a review can be reopened")
    if not reason.strip():
        raise ReviewError("Enter what happened", "reason")
    record(
        "review.decision_reopened",
        f"{actor.name} reopened the decision not to hold a review: {why.label.lower()}",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={
            "why": why.value,
            "previous_decision": review.decision.value if review.decision else None,
            "previous_decided_on": review.decided_on.isoformat() if review.decided_on else None,
        },
    )
    # A decision is owed again, and its clock says so; the first one is in the history and the audit log.
    review.decision = review.decided_on = None
    review.decision_maker = review.decision_rationale = ""
    workflow.transition(
        review, ReviewStage.DECISION, actor=actor, effective_on=on, reason=f"{why.label}: {reason.strip()}"
    )


CASE_FACT_FIELDS = ("relationship_type", "death_method", "police_force_area", "children_present")
JOINT_FIELDS = ("joint_with", "lead_partnership", "partner_partnerships")


def record_joint_arrangements(review: Review, *, actor, **values) -> list[str]:
    """Record whether the review is held with a SAR or CSPR, or across partnerships with one leading."""
    changed = apply_changes(review, values, JOINT_FIELDS)
    if changed:
        record(
            "review.joint_arrangements_recorded",
            f"{actor.name} recorded the joint arrangements of {review.reference}",
            actor=actor,
            obj=review,
            review_id=review.id,
            data={key: (v.value if hasattr(v, "value") else v) for key, v in values.items()},
        )
    db.session.flush()
    return changed


def record_case_facts(review: Review, *, actor, **facts) -> list[str]:
    """Record the case facts the Home Office and its DHR Library need. The audit event names the fields changed,
    never their values: they are held as identities are."""
    changed = apply_changes(review, facts, CASE_FACT_FIELDS)
    if changed:
        record(
            "review.case_facts_recorded",
            f"{actor.name} recorded case facts of {review.reference}",
            actor=actor,
            obj=review,
            review_id=review.id,
            data={"changed": changed},
        )
    db.session.flush()
    return changed


def record_home_office_response(review: Review, *, response: str, actor) -> None:
    """Keep the Home Office's reply to the decision (it may challenge a decision not to review)."""
    review.home_office_response = response
    record(
        "review.home_office_response_recorded",
        f"{actor.name} recorded the Home Office's response",
        actor=actor,
        obj=review,
        review_id=review.id,
    )
    db.session.flush()


IDENTITY_FIELDS = ("real_name", "aliases", "date_of_birth", "age", "sex", "ethnicity", "disability")
PERSON_FIELDS = ("role", "pseudonym", "living", "relationship_to_victim", *IDENTITY_FIELDS)


def add_person(review: Review, *, actor, **fields) -> Person:
    """Add someone to the people register."""
    person = Person(review=review, **{key: fields.get(key) for key in PERSON_FIELDS})
    # The pseudonym only: real names never go into the audit log.
    record(
        "person.added",
        f"{actor.name} added {person.pseudonym} ({person.role.label})",
        actor=actor,
        added=person,
        review_id=review.id,
        partnership_id=review.partnership_id,
    )
    if person.real_name or person.aliases or person.date_of_birth:
        REGISTER_CHANGED(review)
    return person


def update_person(person: Person, *, actor, can_edit_identity: bool, **fields) -> list[str]:
    """Change a person's details; identity fields only with the identity permission."""
    keys = [k for k in PERSON_FIELDS if (can_edit_identity or k not in IDENTITY_FIELDS) and k in fields]
    changed = apply_changes(person, fields, keys)
    if changed:
        record(
            "person.updated",
            f"{actor.name} changed {person.pseudonym}'s details",
            actor=actor,
            obj=person,
            review_id=person.review_id,
            partnership_id=person.review.partnership_id,
            data={"changed": changed},
        )
    db.session.flush()
    if {"real_name", "aliases", "date_of_birth"} & set(changed):
        REGISTER_CHANGED(person.review)
    return changed


def add_member(review: Review, *, user, role: ReviewRole, agency, actor) -> ReviewMember:
    """Give a user a role on the review."""
    if not user.works_in(review.partnership_id):
        raise ReviewError("Choose an active user from this partnership")
    if role.needs_agency and agency is None:
        raise ReviewError(f"Select the agency this {role.label.lower()} represents")
    if any(m.user_id == user.id and m.role is role for m in review.members):
        raise ReviewError(f"{user.name} is already {with_article(role.label.lower())} on this review")
    member = ReviewMember(
        review=review, user_id=user.id, role=role, agency_id=agency.id if agency else None, added_by_id=actor.id
    )
    db.session.add(member)
    db.session.flush()
    record(
        "review.member_added",
        f"{actor.name} added {user.name} as {role.label.lower()}",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={"user_id": user.id, "role": role.value, "agency": agency.code if agency else None},
    )
    return member


def remove_member(member: ReviewMember, *, actor) -> None:
    """Take a user's role on the review away; their access ends with their next request."""
    review, user = member.review, member.user
    db.session.delete(member)
    record(
        "review.member_removed",
        f"{actor.name} removed {user.name} as {member.role.label.lower()}",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={"user_id": user.id, "role": member.role.value},
    )
    db.session.flush()
