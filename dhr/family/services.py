"""Family engagement verbs. Each takes an explicit actor, writes an audit event and flushes; the view commits.

Audit events never carry a contact's name, contact details, the tribute or a comment's words: contacts are
named by kind and id, and edits list the fields that changed.
"""

from datetime import date

from sqlalchemy import select

from dhr.audit.services import record
from dhr.core.errors import DomainError
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.family.models import (
    ContactAttempt,
    FamilyComment,
    FamilyContact,
    FamilyEngagement,
)
from dhr.family.stages import (
    NoEngagementReason,
    PerpetratorContact,
)
from dhr.family.workflow import contact_label
from dhr.privacy.rescan import rescan
from dhr.reviews import services as reviews
from dhr.reviews.models import PersonRole, Review

CONTACT_FIELDS = (
    "name",
    "relationship_to_victim",
    "kind",
    "preferred_method",
    "contact_details",
    "advocate_name",
    "advocacy_organisation",
    "leaflet",
    "leaflet_given_on",
    "person_id",
    "notes",
)
ATTEMPT_FIELDS = ("attempted_on", "method", "made_by", "outcome", "note")
COMMENT_FIELDS = ("contact_id", "received_on", "paragraph", "comment")


class FamilyError(DomainError):
    """A family engagement rule was broken; the message is fit to show the user."""


def _review_of(obj) -> Review:
    return db.session.get(Review, obj.review_id)


def engagement_of(review) -> FamilyEngagement:
    """The review's engagement record, created empty the first time something is recorded."""
    engagement = db.session.scalar(select(FamilyEngagement).where(FamilyEngagement.review_id == review.id))
    if engagement is None:
        engagement = FamilyEngagement(review_id=review.id)
        db.session.add(engagement)
        db.session.flush()
    return engagement


def _update_engagement(review, values: dict, *, actor, action: str, what: str, data: dict | None = None):
    engagement = engagement_of(review)
    changed = apply_changes(engagement, values, tuple(values))
    if changed:
        record(
            f"family.{action}",
            f"{actor.name} recorded {what}",
            actor=actor,
            obj=engagement,
            review=review,
            data={"changed": changed, **(data or {})},
        )
    db.session.flush()
    return changed


def record_tribute(review, *, text: str, given_by: str, actor) -> list[str]:
    """Keep the family's tribute in their own words, and who gave it."""
    # A tribute given answers the question: any earlier reason for none no longer stands.
    return _update_engagement(
        review,
        {"tribute_text": text, "tribute_from": given_by, "no_tribute_reason": ""},
        actor=actor,
        action="tribute_recorded",
        what="the tribute",
    )


def record_no_tribute(review, *, reason: str, actor) -> list[str]:
    """Record the family's reason for giving no tribute ('' clears it, when a tribute follows)."""
    return _update_engagement(
        review,
        {"no_tribute_reason": reason.strip()},
        actor=actor,
        action="no_tribute_recorded",
        what="why the family gave no tribute",
    )


def record_terms_input(review, *, given_on: date, summary: str, actor) -> list[str]:
    """Record the family's input to the terms of reference: when, and what they asked the review to look at."""
    if given_on < review.notified_on:
        raise FamilyError("The date must be on or after the date the partnership was notified")
    return _update_engagement(
        review,
        {"terms_input_on": given_on, "terms_input": summary.strip()},
        actor=actor,
        action="terms_input_recorded",
        what="the family's input to the terms of reference",
        data={"given_on": given_on.isoformat()},
    )


def record_perpetrator_contact(
    review, *, contact: PerpetratorContact, contacted_on: date | None, detail: str, actor
) -> list[str]:
    """Record whether the perpetrator's account was sought, when, and what came of it or why not."""
    if contact is PerpetratorContact.NOT_APPROACHED and not detail.strip():
        raise FamilyError("Enter why the perpetrator was not approached")
    approached = contact not in (PerpetratorContact.NOT_YET, PerpetratorContact.NOT_APPROACHED)
    if approached and contacted_on is None:
        raise FamilyError("Enter the date the perpetrator was approached")
    if contacted_on is not None and contacted_on < review.notified_on:
        raise FamilyError("The date must be on or after the date the partnership was notified")
    return _update_engagement(
        review,
        {
            "perpetrator_contact": contact,
            "perpetrator_contacted_on": contacted_on if approached else None,
            "perpetrator_detail": detail.strip(),
        },
        actor=actor,
        action="perpetrator_contact_recorded",
        what="whether the perpetrator's account was sought",
        data={"contact": contact.value},
    )


def _real_names(review) -> set[str]:
    names = {p.real_name for p in review.people if p.real_name}
    names |= set(db.session.scalars(select(FamilyContact.name).where(FamilyContact.review_id == review.id)))
    return {" ".join(name.split()).casefold() for name in names}


def record_pseudonym(review, *, pseudonym: str, actor) -> list[str]:
    """Keep the pseudonym the family chose for the victim (not yet used: see use_pseudonym_for_victim)."""
    if " ".join(pseudonym.split()).casefold() in _real_names(review):
        raise FamilyError("The pseudonym must not be the real name of anyone in the review")
    # The pseudonym is what reports publish, so the audit log may hold it.
    return _update_engagement(
        review,
        {"chosen_pseudonym": pseudonym},
        actor=actor,
        action="pseudonym_recorded",
        what=f"the pseudonym the family chose: {pseudonym}",
    )


def use_pseudonym_for_victim(review, *, actor) -> str:
    """Rename the victim in the people register to the family's chosen pseudonym; returns the previous pseudonym."""
    engagement = engagement_of(review)
    chosen = engagement.chosen_pseudonym
    victim = review.victim
    if not chosen:
        raise FamilyError("Record the pseudonym the family chose first")
    if victim is None:
        raise FamilyError("Add the victim to the people register first")
    if victim.pseudonym == chosen:
        raise FamilyError(f"The victim is already called {chosen}")
    if " ".join(chosen.split()).casefold() in _real_names(review):
        raise FamilyError("The pseudonym must not be the real name of anyone in the review")
    before = victim.pseudonym
    fields = {key: getattr(victim, key) for key in reviews.PERSON_FIELDS}
    reviews.update_person(victim, actor=actor, can_edit_identity=False, **{**fields, "pseudonym": chosen})
    record(
        "family.pseudonym_used",
        f"{actor.name} renamed the victim from {before} to {chosen}, the family's choice",
        actor=actor,
        obj=engagement,
        review=review,
        data={"from": before, "to": chosen, "person_id": victim.id},
    )
    return before


def record_draft_shared(
    review, *, shared_on: date, shared_with: str, actor, comments_due_on: date | None = None
) -> list[str]:
    """Record when the draft report was shared with the family, with whom, and when their comments were due."""
    if shared_on < review.notified_on:
        raise FamilyError("The date must be on or after the date the partnership was notified")
    if comments_due_on is not None and comments_due_on <= shared_on:
        raise FamilyError("The date comments were due must be after the date the draft was shared")
    return _update_engagement(
        review,
        {"draft_shared_on": shared_on, "draft_shared_with": shared_with, "draft_comments_due_on": comments_due_on},
        actor=actor,
        action="draft_shared",
        what="sharing the draft with the family",
        data={"shared_on": shared_on.isoformat()},
    )


def record_participation(review, *, reason: NoEngagementReason | None, detail: str, actor) -> list[str]:
    """Record that the family is taking part (reason None) or why engagement did not happen."""
    if reason is NoEngagementReason.OTHER and not detail.strip():
        raise FamilyError("Enter why the family did not take part")
    return _update_engagement(
        review,
        {"no_engagement_reason": reason, "no_engagement_detail": detail.strip()},
        actor=actor,
        action="participation_recorded",
        what="whether the family took part",
        data={"reason": reason.value if reason else None},
    )


def _check_contact(review, values: dict) -> dict:
    values = {key: values[key] for key in CONTACT_FIELDS}
    if values["leaflet"] is not None and values["leaflet_given_on"] is None:
        raise FamilyError("Enter the date the leaflet was given")
    if values["leaflet"] is None:
        values["leaflet_given_on"] = None
    if values["person_id"] is not None:
        person = next((p for p in review.people if p.id == values["person_id"]), None)
        if person is None or person.role is PersonRole.VICTIM:
            raise FamilyError("Choose someone from this review's people register, other than the victim")
    return values


def add_contact(review, *, actor, **fields) -> FamilyContact:
    """Add someone to the review's family and friends contacts; consent starts as 'not yet asked'."""
    contact = FamilyContact(review_id=review.id, created_by_id=actor.id, **_check_contact(review, fields))
    db.session.add(contact)
    db.session.flush()  # the summary names the contact by its id
    record(
        "family.contact_added",
        f"{actor.name} added {contact_label(contact)}",
        actor=actor,
        obj=contact,
        review=review,
        data={"kind": contact.kind.value, "leaflet": contact.leaflet.value if contact.leaflet else None},
    )
    rescan(review)  # a name saved before the contact was known is now to check
    return contact


def update_contact(contact: FamilyContact, *, actor, **fields) -> list[str]:
    """Change a contact's details; the audit event lists the fields, never their values."""
    review = _review_of(contact)
    changed = apply_changes(contact, _check_contact(review, fields), CONTACT_FIELDS)
    if changed:
        record(
            "family.contact_updated",
            f"{actor.name} changed the details of {contact_label(contact)}",
            actor=actor,
            obj=contact,
            review=review,
            data={"changed": changed},
        )
    db.session.flush()
    if "name" in changed:
        rescan(review)
    return changed


def add_attempt(contact: FamilyContact, *, actor, **fields) -> ContactAttempt:
    """Log one attempt to reach a contact."""
    review = _review_of(contact)  # looked up before the attempt exists: the query would flush it half-made
    attempt = ContactAttempt(
        contact=contact,
        review_id=contact.review_id,
        recorded_by_id=actor.id,
        **{key: fields[key] for key in ATTEMPT_FIELDS},
    )
    record(
        "family.attempt_logged",
        f"{actor.name} logged an attempt to reach {contact_label(contact)}: {attempt.outcome.label.lower()}",
        actor=actor,
        added=attempt,
        review=review,
        data={
            "contact_id": contact.id,
            "method": attempt.method.value,
            "outcome": attempt.outcome.value,
            "attempted_on": attempt.attempted_on.isoformat(),
        },
    )
    return attempt


def update_attempt(attempt: ContactAttempt, *, actor, **fields) -> list[str]:
    """Correct a logged attempt."""
    changed = apply_changes(attempt, {key: fields[key] for key in ATTEMPT_FIELDS}, ATTEMPT_FIELDS)
    if changed:
        record(
            "family.attempt_updated",
            f"{actor.name} corrected an attempt to reach {contact_label(attempt.contact)}",
            actor=actor,
            obj=attempt,
            review=_review_of(attempt),
            data={"changed": changed, "contact_id": attempt.contact_id},
        )
    db.session.flush()
    return changed


def _check_comment(review, values: dict) -> dict:
    values = {key: values[key] for key in COMMENT_FIELDS}
    contact = db.session.get(FamilyContact, values["contact_id"]) if values["contact_id"] else None
    if contact is None or contact.review_id != review.id:
        raise FamilyError("Choose who the comment came from")
    return values


def add_comment(review, *, actor, **fields) -> FamilyComment:
    """Record a comment returned on the draft report; it starts open."""
    comment = FamilyComment(review_id=review.id, created_by_id=actor.id, **_check_comment(review, fields))
    db.session.add(comment)
    db.session.flush()
    where = f" on paragraph {comment.paragraph}" if comment.paragraph else ""
    record(
        "family.comment_recorded",
        f"{actor.name} recorded a comment on the draft{where} from {contact_label(comment.contact)}",
        actor=actor,
        obj=comment,
        review=review,
        data={"contact_id": comment.contact_id, "paragraph": comment.paragraph},
    )
    return comment


def update_comment(draft: FamilyComment, *, actor, **fields) -> list[str]:
    """Correct a recorded comment (who, when, which paragraph, what it says)."""
    review = _review_of(draft)
    changed = apply_changes(draft, _check_comment(review, fields), COMMENT_FIELDS)
    if changed:
        record(
            "family.comment_updated",
            f"{actor.name} changed a comment on the draft (#{draft.id})",
            actor=actor,
            obj=draft,
            review=review,
            data={"changed": changed},
        )
    db.session.flush()
    return changed
