"""The two statuses of family engagement that move along tables: a contact's consent (change_consent) and a
comment on the draft (respond_to_comment). Each move writes a history row and an audit event."""

from datetime import date
from typing import Any

from dhr.audit.services import record
from dhr.core.workflow import Machine, TransitionError
from dhr.extensions import db
from dhr.family.models import CommentStatusChange, ConsentChange, FamilyComment, FamilyContact
from dhr.family.stages import COMMENT_TRANSITIONS, CONSENT_TRANSITIONS, CommentStatus, ConsentStatus
from dhr.reviews.models import Review

CONSENT = Machine(
    name="family",
    states=ConsentStatus,
    table=CONSENT_TRANSITIONS,
    history=ConsentChange,
    owner="contact",
    attr="consent",
    refusal="Consent that is '{current}' cannot become '{target}'",
    field=None,
    history_reason=False,
    event="family.consent_{target}",
)
COMMENT = Machine(
    name="family",
    states=CommentStatus,
    table=COMMENT_TRANSITIONS,
    history=CommentStatusChange,
    owner="comment",
    refusal="A comment that is '{current}' cannot become '{target}'",
    field=None,
    history_reason=False,
    event="family.comment_{target}",
)
# A comment's response is what says how it was dealt with, so these moves need one.
RESPONSE_NEEDED = {
    CommentStatus.ADDRESSED: "Enter how the comment was addressed",
    CommentStatus.NOT_ACCEPTED: "Enter why the comment was not accepted",
}


def contact_label(contact: FamilyContact) -> str:
    """How audit summaries name a contact: by kind and number, never by name."""
    return f"a {contact.kind.label.lower()} contact (#{contact.id})"


def _scope(obj: FamilyContact | FamilyComment) -> dict[str, Any]:
    return {"review": db.session.get(Review, obj.review_id)}


def change_consent(contact: FamilyContact, target: ConsentStatus, *, effective_on: date, note: str, actor: Any) -> None:
    """Record a change of consent, dated on or after the last one."""
    current = contact.consent
    CONSENT.refuse(current, target)
    last = max((c.effective_on for c in contact.consent_changes), default=None)
    if last is not None and effective_on < last:
        raise TransitionError(f"The date must be on or after the last change of consent ({last:%d/%m/%Y})")
    CONSENT.move(
        contact,
        target,
        actor=actor,
        summary=f"{actor.name} recorded consent for {contact_label(contact)}: {current.label} to {target.label}",
        audit={**_scope(contact), "data": {"effective_on": effective_on.isoformat()}},
        effective_on=effective_on,
        note=note,
    )
    db.session.flush()


def respond_to_comment(comment: FamilyComment, *, status: CommentStatus, response: str, actor: Any) -> None:
    """Say how a comment was addressed, or why it was not accepted. A change of status goes through the table."""
    current = comment.status
    if status is not current:
        COMMENT.refuse(current, status)
    if status in RESPONSE_NEEDED and not response.strip():
        raise TransitionError(RESPONSE_NEEDED[status])
    changed_response = comment.response != response
    comment.response = response
    if status is not current:
        COMMENT.move(
            comment,
            status,
            actor=actor,
            summary=f"{actor.name} marked a comment on the draft (#{comment.id}) {status.label.lower()}",
            audit=_scope(comment),
            response=response,
        )
    elif changed_response:
        record(
            "family.comment_response_updated",
            f"{actor.name} changed the response to a comment on the draft (#{comment.id})",
            actor=actor,
            obj=comment,
            **_scope(comment),
        )
    db.session.flush()
