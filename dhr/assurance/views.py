"""The Sign-off and QA page, and recording the sign-off, the submission, copies of the report and the publication."""

from flask import Blueprint, g, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.assurance import qa, services
from dhr.assurance.forms import (
    PublicationEditForm,
    PublicationForm,
    PublicationHoldForm,
    ReportCopyForm,
    SignOffForm,
    SubmissionForm,
)
from dhr.assurance.models import QaLetter
from dhr.assurance.records import latest_letter, latest_sign_off
from dhr.assurance.stages import CopyRecipient, HoldKind, SendMethod
from dhr.assurance.timeline import sequence
from dhr.core.saving import STALE, attempt
from dhr.drafting.services import latest_versions
from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.readiness.checks import run_checks
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from dhr.reviews.views.common import actor, review_page

bp = Blueprint("assurance", __name__, url_prefix="/reviews/<int:review_id>/assurance")
S = ReviewStage


def overview_url(review, anchor: str = "") -> str:
    """The Sign-off and QA page, optionally at a section."""
    return url_for("assurance.overview", review_id=review.id) + (f"#{anchor}" if anchor else "")


def _load_records(review) -> None:
    """Every record the page shows, one query per relationship however many letters and points there are."""
    db.session.execute(
        select(Review)
        .where(Review.id == review.id)
        .options(
            selectinload(Review.csp_sign_offs),
            selectinload(Review.ho_submissions),
            selectinload(Review.report_copies),
            selectinload(Review.qa_letters).selectinload(QaLetter.points),
            selectinload(Review.publication),
            selectinload(Review.stage_changes),
        )
    ).all()


@bp.route("")
@requires_review(Permission.VIEW_ASSURANCE)
def overview(review_id: int):
    """From CSP sign-off to publication: each record in order, the response matrices and what to record next."""
    review = g.review
    _load_records(review)
    letters = sorted(review.qa_letters, key=lambda letter: (letter.received_on, letter.id))
    return review_page(
        "assurance/overview.html",
        steps=sequence(review),
        current_sign_off=latest_sign_off(review),
        submissions=sorted(review.ho_submissions, key=lambda s: (s.sent_on, s.id)),
        copies=sorted(review.report_copies, key=lambda c: (c.sent_on, c.id)),
        letters=letters,
        latest=latest_letter(review),
        open_matrix={letter.id: qa.matrix_open(review, letter) for letter in letters},
        editable_letter={letter.id: qa.letter_editable(review, letter) for letter in letters},
        show_notes=can(current_user, Permission.VIEW_IDENTITIES, review),
        may_sign_off=review.stage in services.SIGN_OFF_STAGES,
        may_submit=review.stage in (S.CSP_SIGN_OFF, S.REVISIONS),
        may_record_letter=review.stage in qa.LETTER_STAGES,
        may_publish=review.stage is S.APPROVED and review.publication is None,
    )


@bp.route("/sign-off", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_sign_off(review_id: int):
    """Record the CSP's sign-off, which completes the review (or signs off the revised report)."""
    review = g.review
    form = SignOffForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.record_sign_off(
                review,
                signed_off_on=form.signed_off_on.data,
                signed_off_by=form.signed_off_by.data or "",
                body=form.body.data,
                minute_reference=form.minute_reference.data,
                notes=form.notes.data or "",
                actor=actor(),
            ),
            form=form,
            stale=STALE,
            field="signed_off_on",
            done="CSP sign-off recorded",
            to=overview_url(review, "sign-off"),
        )
    ):
        return saved
    revised = review.stage is S.REVISIONS
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record the sign-off of the revised report" if revised else "Record the CSP sign-off",
        fields=["signed_off_on", "body", "signed_off_by", "minute_reference", "notes"],
        warning=None
        if review.stage in services.SIGN_OFF_STAGES
        else f"A sign-off is recorded at CSP sign-off, or again at Revisions. This review is at {review.stage.label}.",
        intro="Record the partnership's sign-off of the revised report before you resubmit it."
        if revised
        else "Sign-off of the overview report, executive summary and action plan completes the review: it stops "
        "the six-month clock and starts the clock for the copy to the Domestic Abuse Commissioner.",
    )


@bp.route("/submission", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_submission(review_id: int):
    """Record the report sent to the Home Office; the review moves to Submitted, or Resubmitted after revisions."""
    review = g.review
    form = SubmissionForm(versions_sent=latest_versions(review) or None)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.record_submission(
                review,
                sent_on=form.sent_on.data,
                method=SendMethod(form.method.data),
                versions_sent=form.versions_sent.data,
                notes=form.notes.data or "",
                actor=actor(),
            ),
            form=form,
            stale=STALE,
            field="sent_on",
            done="Resubmission recorded" if review.stage is S.REVISIONS else "Submission recorded",
            to=overview_url(review, "submissions"),
        )
    ):
        return saved
    return review_page(
        "assurance/submission.html",
        form=form,
        resubmission=review.stage is S.REVISIONS,
        readiness=run_checks(review),
        warning=None
        if review.stage in (S.CSP_SIGN_OFF, S.REVISIONS)
        else "The report is submitted from CSP sign-off, and resubmitted from Revisions. "
        f"This review is at {review.stage.label}.",
    )


@bp.route("/copies/new", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_report_copy(review_id: int):
    """Record the copy of the completed report sent to the Domestic Abuse Commissioner (the law requires it)."""
    review = g.review
    form = ReportCopyForm()
    if form.validate_on_submit():
        recipient = CopyRecipient(form.recipient.data)
        saved = attempt(
            lambda: services.record_report_copy(
                review,
                recipient=recipient,
                sent_on=form.sent_on.data,
                method=SendMethod(form.method.data),
                what_sent=form.what_sent.data,
                notes=form.notes.data or "",
                actor=actor(),
            ),
            form=form,
            stale=STALE,
            field="sent_on",
            done=f"Copy to the {recipient.label} recorded",
            to=overview_url(review, "copies"),
        )
        if saved:
            return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record a copy of the report",
        fields=["recipient", "sent_on", "method", "what_sent", "notes"],
        warning=None if review.signed_off_on else "Record the CSP sign-off first: the copy is of the completed report.",
        intro="The partnership must send a copy of the completed report to the Domestic Abuse Commissioner as soon "
        "as reasonably practicable after it is completed (Domestic Violence, Crime and Victims Act 2004, s9).",
    )


@bp.route("/publication", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_publication(review_id: int):
    """Record the publication (the review moves to Published), or add to it later."""
    review = g.review
    publication = review.publication
    if publication is None:
        form = PublicationForm()
        fields = ["published_on", "web_address", "family_told_on", "library_entry", "executive_summary_on", "notes"]
    else:
        form = PublicationEditForm(obj=publication)
        fields = ["web_address", "family_told_on", "library_entry", "executive_summary_on", "notes"]
    if form.validate_on_submit():
        values = {
            "web_address": form.web_address.data,
            "family_told_on": form.family_told_on.data,
            "library_entry": form.library_entry.data or "",
            "executive_summary_on": form.executive_summary_on.data,
            "notes": form.notes.data or "",
        }
        if publication is None:
            work = lambda: services.record_publication(  # noqa: E731
                review, published_on=form.published_on.data, actor=actor(), **values
            )
        else:
            work = lambda: services.update_publication(publication, actor=actor(), **values)  # noqa: E731
        saved = attempt(
            work,
            form=form,
            stale=STALE,
            field=fields[0],
            done="Publication recorded" if publication is None else "Publication details saved",
            to=overview_url(review, "publication"),
        )
        if saved:
            return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record the publication" if publication is None else "Change the publication details",
        fields=fields,
        warning=None
        if publication or review.stage is S.APPROVED
        else f"The report is published once the QA panel has approved it. This review is at {review.stage.label}.",
        intro="Publish the anonymised overview report, executive summary and action plan once the QA panel has "
        "approved them. Tell the family first."
        if publication is None
        else f"Published on {publication.published_on.day} {publication.published_on:%B %Y}. The date cannot change.",
    )


@bp.route("/publication/hold", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_publication_hold(review_id: int):
    """Publication deferred (with a date to look again) or withheld (with the Home Office's agreement)."""
    review = g.review
    hold = review.publication_hold
    form = PublicationHoldForm(obj=hold, kind=hold.kind.value if hold else None)
    if form.validate_on_submit():
        if hold is not None and form.version.data and form.version.data != str(hold.version):
            form.kind.errors.append(STALE)
        elif saved := attempt(
            lambda: services.record_publication_hold(
                review,
                kind=HoldKind(form.kind.data),
                reason=form.reason.data or "",
                decided_on=form.decided_on.data,
                review_on=form.review_on.data,
                home_office_agreed_on=form.home_office_agreed_on.data,
                actor=actor(),
            ),
            form=form,
            stale=STALE,
            field="kind",
            done="Saved",
            to=overview_url(review, "publication"),
        ):
            return saved
    if hold is not None and not form.version.data:
        form.version.data = str(hold.version)
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Publication deferred or withheld",
        fields=["version", "kind", "reason", "decided_on", "review_on", "home_office_agreed_on"],
        warning=None
        if review.stage is S.APPROVED
        else f"Publication is deferred or withheld once the QA panel has approved the report. This review is at "
        f"{review.stage.label}.",
        intro="Most reports are published once approved. Defer publication while it would prejudice proceedings or "
        "harm the family, with a date to look again; withhold it only with the Home Office's agreement. A withheld "
        "report settles the publication clock, and the review can move on to monitoring its action plan.",
    )


from dhr.assurance import qa_views  # noqa: E402,F401 - registers the QA letter routes on bp
