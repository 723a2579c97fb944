"""Sign-off, submission, copies of the report and publication. Each verb takes an explicit actor, writes an audit
event and flushes. QA letters and the response matrix are in assurance.qa.

Recording a submission or the publication also moves the review through workflow.transition() in the same
transaction; the view commits once, or rolls back and shows the guard's message on the form.
"""

from datetime import date

from sqlalchemy import select

from dhr.assurance.models import Publication, PublicationHold, ReportCopy, SignOff, Submission
from dhr.assurance.records import latest_letter
from dhr.assurance.stages import CopyRecipient, HoldKind, SendMethod, SubmissionKind
from dhr.audit.services import record
from dhr.core.errors import DomainError
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.readiness.checks import run_checks
from dhr.reviews import workflow
from dhr.reviews.stages import ReviewStage

S = ReviewStage
SIGN_OFF_STAGES = (S.CSP_SIGN_OFF, S.REVISIONS)
SENT_BACK = "The report went back for more work"
PUBLICATION_FIELDS = ("web_address", "family_told_on", "library_entry", "executive_summary_on", "notes")


class AssuranceError(DomainError):
    """A rule was broken; the message is fit to show the user, on `field` when the form has one."""


def on_or_after(value: date, floor: date | None, field: str, what: str) -> None:
    if floor is not None and value < floor:
        raise AssuranceError(f"The date must be on or after {what} ({floor:%d/%m/%Y})", field)


def _last_sent_back(review) -> date | None:
    """When the report last went back from CSP sign-off to drafting (which voids every sign-off so far)."""
    return max(
        (c.effective_on for c in review.stage_changes if (c.from_stage, c.to_stage) == (S.CSP_SIGN_OFF, S.DRAFTING)),
        default=None,
    )


def record_sign_off(
    review, *, signed_off_on: date, signed_off_by: str, body: str, minute_reference: str, notes: str, actor
) -> SignOff:
    """Record the CSP's sign-off of the report and action plan: at CSP sign-off, or again after revisions.

    The sign-off that stands at CSP sign-off completes the review: it becomes Review.signed_off_on/by, which the
    completion clock, the statistics and the submission guard read. Signing off again before submission replaces it
    (the latest counts). A sign-off of the revised report, at Revisions, is kept beside it and completes nothing.
    """
    if review.stage not in SIGN_OFF_STAGES:
        raise AssuranceError(
            f"Sign-off can be recorded at CSP sign-off, or again at Revisions; this review is at {review.stage.label}",
            "signed_off_on",
        )
    on_or_after(
        signed_off_on,
        workflow.entered_on(review, review.stage),
        "signed_off_on",
        f"the review reached {review.stage.label}",
    )
    standing = [s for s in review.csp_sign_offs if s.voided_on is None]
    if review.signed_off_on is None:
        # Every earlier sign-off was of a draft that went back for more work: mark them void now.
        sent_back = _last_sent_back(review)
        for earlier in standing:
            earlier.voided_on, earlier.void_reason = sent_back or earlier.signed_off_on, SENT_BACK
    elif review.stage is S.CSP_SIGN_OFF:
        for earlier in standing:
            earlier.voided_on = signed_off_on
            earlier.void_reason = f"Replaced by the sign-off of {signed_off_on.day} {signed_off_on:%B %Y}"
    sign_off = SignOff(
        review=review,
        signed_off_on=signed_off_on,
        signed_off_by=signed_off_by,
        body=body,
        minute_reference=minute_reference,
        notes=notes,
        recorded_by_id=actor.id,
    )
    db.session.add(sign_off)
    completes = review.signed_off_on is None or review.stage is S.CSP_SIGN_OFF
    if completes:
        review.signed_off_on, review.signed_off_by, review.sign_off_notes = signed_off_on, sign_off.who[:200], notes
    db.session.flush()
    record(
        "assurance.signed_off",
        f"{actor.name} recorded CSP sign-off by {sign_off.who} (minute {minute_reference})",
        actor=actor,
        obj=sign_off,
        review=review,
        data={"signed_off_on": signed_off_on.isoformat(), "completes_review": completes},
    )
    return sign_off


def record_submission(
    review, *, sent_on: date, method: SendMethod, versions_sent: str, notes: str, actor
) -> Submission:
    """Record the report sent to the Home Office and move the review to Submitted (or Resubmitted)."""
    if review.stage is S.CSP_SIGN_OFF:
        kind, target = SubmissionKind.FIRST, S.SUBMITTED
        on_or_after(sent_on, review.signed_off_on, "sent_on", "the CSP sign-off")
    elif review.stage is S.REVISIONS:
        kind, target = SubmissionKind.RESUBMISSION, S.RESUBMITTED
        letter = latest_letter(review)
        on_or_after(sent_on, letter.received_on if letter else None, "sent_on", "the QA letter was received")
    else:
        raise AssuranceError(
            "The report is submitted from CSP sign-off, and resubmitted from Revisions; "
            f"this review is at {review.stage.label}",
            "sent_on",
        )
    # The checks it goes with unmet, each with a recorded reason (the reasons stay on the override rows).
    overridden = sorted(result.key for result in run_checks(review) if result.override is not None)
    submission = Submission(
        review=review,
        kind=kind,
        sent_on=sent_on,
        method=method,
        versions_sent=versions_sent,
        notes=notes,
        recorded_by_id=actor.id,
    )
    record(
        "assurance.submitted",
        f"{actor.name} recorded the {kind.label.lower()} to the Home Office",
        actor=actor,
        added=submission,
        review=review,
        data={
            "kind": kind.value,
            "sent_on": sent_on.isoformat(),
            "method": method.value,
            "overridden": overridden,
        },
    )
    workflow.transition(review, target, actor=actor, effective_on=sent_on, reason=f"{kind.label} recorded")
    return submission


def record_report_copy(
    review, *, recipient: CopyRecipient, sent_on: date, method: SendMethod, what_sent: str, notes: str, actor
) -> ReportCopy:
    """Record a copy of the completed report sent to the Domestic Abuse Commissioner (or Secretary of State)."""
    if review.signed_off_on is None:
        raise AssuranceError("Record the CSP sign-off first: the copy is of the completed report", "sent_on")
    on_or_after(sent_on, review.signed_off_on, "sent_on", "the CSP sign-off")
    copy = ReportCopy(
        review=review,
        recipient=recipient,
        sent_on=sent_on,
        method=method,
        what_sent=what_sent,
        notes=notes,
        recorded_by_id=actor.id,
    )
    record(
        "assurance.copy_sent",
        f"{actor.name} recorded the copy of the report sent to the {recipient.label}",
        actor=actor,
        added=copy,
        review=review,
        data={"recipient": recipient.value, "sent_on": sent_on.isoformat()},
    )
    return copy


def record_publication(
    review,
    *,
    published_on: date,
    web_address: str,
    family_told_on: date | None,
    library_entry: str,
    executive_summary_on: date | None,
    notes: str,
    actor,
) -> Publication:
    """Record where and when the approved report was published, and move the review to Published."""
    if review.publication is not None:
        raise AssuranceError("The publication is already recorded: change it instead", "published_on")
    if review.stage is not S.APPROVED:
        raise AssuranceError(
            f"The report is published once the QA panel has approved it; this review is at {review.stage.label}",
            "published_on",
        )
    on_or_after(published_on, workflow.entered_on(review, S.APPROVED), "published_on", "the approval")
    publication = Publication(
        review=review,
        published_on=published_on,
        web_address=web_address,
        family_told_on=family_told_on,
        library_entry=library_entry,
        executive_summary_on=executive_summary_on,
        notes=notes,
        recorded_by_id=actor.id,
    )
    record(
        "assurance.published",
        f"{actor.name} recorded the publication of {review.reference}",
        actor=actor,
        added=publication,
        review=review,
        data={"published_on": published_on.isoformat(), "family_told": family_told_on is not None},
    )
    workflow.transition(review, S.PUBLISHED, actor=actor, effective_on=published_on, reason="Publication recorded")
    return publication


def update_publication(publication: Publication, *, actor, **fields) -> list[str]:
    """Add what came later (the Home Office library entry, the executive summary) or correct the details.

    The publication date is fixed: the review's stage history and clocks are dated by it.
    """
    review = publication.review
    changed = apply_changes(publication, fields, PUBLICATION_FIELDS)
    if changed:
        record(
            "assurance.publication_updated",
            f"{actor.name} changed the publication details of {review.reference}",
            actor=actor,
            obj=publication,
            review=review,
            data={"changed": changed},
        )
    db.session.flush()
    return changed


def record_publication_hold(
    review,
    *,
    kind: HoldKind,
    reason: str,
    decided_on: date,
    review_on: date | None,
    home_office_agreed_on: date | None,
    actor,
) -> PublicationHold:
    """Record (or change) why the approved report is not published now: deferred until a date, or withheld with
    the Home Office's agreement, which settles the publication clock and lets the review move to monitoring."""
    if review.stage is not S.APPROVED:
        raise AssuranceError(
            f"Publication is deferred or withheld once the QA panel has approved the report; this review is at "
            f"{review.stage.label}",
            "kind",
        )
    if not reason.strip():
        raise AssuranceError("Enter the reason", "reason")
    on_or_after(decided_on, workflow.entered_on(review, S.APPROVED), "decided_on", "the approval")
    if kind is HoldKind.DEFERRED and (review_on is None or review_on <= decided_on):
        raise AssuranceError("Enter a date after the decision to look at the deferral again", "review_on")
    if kind is HoldKind.WITHHELD:
        if home_office_agreed_on is None:
            raise AssuranceError("Enter the date the Home Office agreed", "home_office_agreed_on")
        on_or_after(
            home_office_agreed_on, workflow.entered_on(review, S.APPROVED), "home_office_agreed_on", "the approval"
        )
    hold = db.session.scalar(select(PublicationHold).where(PublicationHold.review_id == review.id))
    new = hold is None
    if new:
        hold = PublicationHold(review_id=review.id)
        db.session.add(hold)
    hold.kind, hold.reason, hold.decided_on = kind, reason.strip(), decided_on
    hold.review_on = review_on if kind is HoldKind.DEFERRED else None
    hold.home_office_agreed_on = home_office_agreed_on if kind is HoldKind.WITHHELD else None
    hold.recorded_by_id = actor.id
    db.session.flush()
    record(
        "assurance.publication_held",
        f"{actor.name} recorded publication as {kind.label.lower()}",
        actor=actor,
        obj=hold,
        review=review,
        data={"kind": kind.value, "decided_on": decided_on.isoformat(), "new": new},
    )
    return hold
