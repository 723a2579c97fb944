"""Recording a notification, and the one-off records: decision and Home Office response.

The review page itself is dhr/overview/views.py.
Terms of reference are kept on the terms pages (dhr.terms); the CSP sign-off on the Sign-off and QA pages
(dhr.assurance).
"""

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from dhr.agencies.services import agencies_for
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.permissions import Permission, requires, requires_review
from dhr.reviews import services
from dhr.reviews.facts import JointWith
from dhr.reviews.forms import (
    DecisionForm,
    HomeOfficeResponseForm,
    JointReviewForm,
    NotificationForm,
    ReopenForm,
)
from dhr.reviews.models import Decision
from dhr.reviews.views import bp
from dhr.reviews.views.common import actor, review_page

STALE = "Someone else changed this review after you opened the page. Check the details and save again."


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.CREATE_REVIEW)
def new_review():
    """Record a notification: the start of a review."""
    form = NotificationForm()
    form.set_agency_choices(agencies_for(current_user.partnership_id, active_only=True))
    if form.validate_on_submit():
        review = services.create_review(current_user.partnership, actor=actor(), **form.values())
        db.session.commit()
        flash(f"Notification recorded as {review.reference}", "success")
        return redirect(url_for("overview.view_review", review_id=review.id))
    return render_template("reviews/new-review.html", form=form)


@bp.route("/<int:review_id>/notification", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def edit_notification(review_id: int):
    """Correct or complete the notification details (refused if someone else saved first)."""
    review = g.review
    form = NotificationForm(
        obj=review,
        notifying_agency=str(review.notifying_agency_id or ""),
        category=review.category.value,
        version=str(review.version),
    )
    form.set_agency_choices(agencies_for(review.partnership_id))
    if form.validate_on_submit():
        if form.version.data != str(review.version):
            form.version.data = str(review.version)
            return review_page("reviews/edit-notification.html", form=form, stale=STALE)
        try:
            services.update_notification(review, actor=actor(), **form.values())
            db.session.commit()
        except services.ReviewError as error:
            db.session.rollback()
            form.notified_on.errors.append(str(error))
            return review_page("reviews/edit-notification.html", form=form, stale=None)
        except StaleDataError:
            db.session.rollback()
            return review_page("reviews/edit-notification.html", form=form, stale=STALE), 409
        flash("Notification details saved", "success")
        return redirect(url_for("overview.view_review", review_id=review.id))
    return review_page("reviews/edit-notification.html", form=form, stale=None)


@bp.route("/<int:review_id>/decision", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_decision(review_id: int):
    """Record whether to hold a review; the review moves to set-up or 'not commissioned'."""
    review = g.review
    form = DecisionForm()
    if form.validate_on_submit():
        decision = Decision(form.decision.data)
        saved = attempt(
            lambda: services.record_decision(
                review,
                decision=decision,
                decided_on=form.decided_on.data,
                decision_maker=form.decision_maker.data,
                rationale=form.rationale.data,
                actor=actor(),
            ),
            form=form,
            field="decided_on",
            done=f"Decision recorded: {decision.label}. Now tell the Home Office.",
            to=url_for("overview.view_review", review_id=review.id),
        )
        if saved:
            return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record the decision",
        fields=["decision", "decided_on", "decision_maker", "rationale"],
        intro="The partnership must decide within one calendar month of being notified, "
        "and tell the Home Office either way.",
    )


@bp.route("/<int:review_id>/reopen", methods=["GET", "POST"])
@requires_review(Permission.CHANGE_STAGE)
def reopen_decision(review_id: int):
    """Take a decision not to hold a review back to the decision stage: the Home Office challenged it, the Secretary
    of State directed a review, or new information came to light."""
    review = g.review
    form = ReopenForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.reopen_decision(
                review,
                why=services.Reopening(form.why.data),
                reason=form.reason.data or "",
                on=form.effective_on.data,
                actor=actor(),
            ),
            form=form,
            field="why",
            done="The decision is reopened: record the new decision",
            to=url_for("reviews.record_decision", review_id=review.id),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Reopen the decision not to hold a review",
        fields=["why", "effective_on", "reason"],
        warning=None
        if review.stage.value == "not_commissioned"
        else f"Only a decision not to hold a review can be reopened. This review is at {review.stage.label}.",
        intro="The first decision stays in the review's history. Record the new decision next: if the Secretary of "
        "State directed a review under section 9(2) of the Domestic Violence, Crime and Victims Act 2004, choose "
        "that as the decision.",
    )


@bp.route("/<int:review_id>/joint", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def joint_arrangements(review_id: int):
    """Held with a SAR or CSPR, or across partnerships: the reports' covers say so."""
    review = g.review
    form = JointReviewForm(
        joint_with=review.joint_with.value if review.joint_with else "",
        lead_partnership=review.lead_partnership,
        partner_partnerships=review.partner_partnerships,
    )
    if form.validate_on_submit():
        services.record_joint_arrangements(
            review,
            actor=actor(),
            joint_with=JointWith(form.joint_with.data) if form.joint_with.data else None,
            lead_partnership=(form.lead_partnership.data or "").strip(),
            partner_partnerships=(form.partner_partnerships.data or "").strip(),
        )
        db.session.commit()
        flash("Joint arrangements saved", "success")
        return redirect(url_for("overview.view_review", review_id=review.id))
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Joint arrangements",
        fields=["joint_with", "lead_partnership", "partner_partnerships"],
        intro="A review can be held with a Safeguarding Adults Review or a Child Safeguarding Practice Review, and "
        "across partnerships with one leading. The reports' covers name both reviews and every partnership.",
    )


@bp.route("/<int:review_id>/home-office-response", methods=["GET", "POST"])
@requires_review(Permission.EDIT_REVIEW)
def record_home_office_response(review_id: int):
    """Keep the Home Office's reply to the decision."""
    review = g.review
    form = HomeOfficeResponseForm(response=review.home_office_response or None)
    if form.validate_on_submit():
        services.record_home_office_response(review, response=form.response.data, actor=actor())
        db.session.commit()
        flash("The Home Office's response has been saved", "success")
        return redirect(url_for("overview.view_review", review_id=review.id))
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Record the Home Office's response",
        fields=["response"],
        intro="The Home Office may accept the decision or ask the partnership to reconsider it.",
    )
