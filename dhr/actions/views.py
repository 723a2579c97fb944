"""A review's action plan: recommendations with their actions, each action's page, progress updates, evidence,
asking for completion, and the coordinator's approval, reopening and superseding. Every change is audited."""

from collections import Counter

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.actions import access, services
from dhr.actions.forms import NO_ACCOUNT, ActionForm, CompletionForm, DecisionForm, EvidenceForm, ReasonForm, UpdateForm
from dhr.actions.models import Action, ActionEvidence
from dhr.actions.stages import ActionStatus, Rag
from dhr.actions.workflow import completion_problems, shown_status
from dhr.agencies.models import Agency
from dhr.auth.membership import members_of
from dhr.auth.models import Membership, User
from dhr.core.errors import DomainError
from dhr.core.forms import filling_from_record
from dhr.core.saving import attempt
from dhr.core.told import with_told
from dhr.extensions import db
from dhr.files.guard import UploadError
from dhr.files.store import attachment, check_uploaded, record_refusal
from dhr.permissions import Permission, can, requires_review
from dhr.recommendations.models import Recommendation
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("actions", __name__, url_prefix="/reviews/<int:review_id>")
A = ActionStatus


def action_or_404(review, action_id: int, *, updating: bool = False) -> Action:
    """The review's action if the user may see it (and update it, when `updating`); else 404, or 403 for a reader
    of the review's plan who may not update."""
    action = db.session.get(Action, action_id)
    if action is None or action.review_id != review.id or not access.may_view(current_user, action):
        abort(404)
    if updating and not access.may_update(current_user, action):
        abort(403 if can(current_user, Permission.VIEW_ACTIONS, review) else 404)
    return action


def action_url(action: Action) -> str:
    """The action's own page."""
    return url_for("actions.view_action", review_id=action.review_id, action_id=action.id)


@bp.route("/action-plan")
@requires_review(Permission.VIEW_ACTIONS)
def plan(review_id: int):
    """The review's recommendations and their actions, with status, RAG, owner and target date."""
    review = g.review
    recommendations = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.review_id == review.id)
        .order_by(Recommendation.number)
        .options(
            selectinload(Recommendation.agency),
            selectinload(Recommendation.themes),
            selectinload(Recommendation.actions).selectinload(Action.lead_agency),
            selectinload(Recommendation.actions).selectinload(Action.owner),
        )
    ).all()
    tally = Counter(shown_status(item).rag for recommendation in recommendations for item in recommendation.actions)
    counts = [(rag, tally[rag]) for rag in Rag if tally[rag]]
    return review_page("actions/plan.html", recommendations=recommendations, shown_status=shown_status, counts=counts)


def _action_form(review, action: Action | None = None) -> ActionForm:
    form = ActionForm(obj=action) if action is not None and request.method == "GET" else ActionForm()
    agencies = db.session.scalars(
        select(Agency)
        .where(Agency.partnership_id == review.partnership_id, Agency.active.is_(True))
        .order_by(Agency.name)
    )
    users = db.session.scalars(
        select(User)
        .where(members_of(review.partnership_id, active=True), User.active.is_(True))
        .options(selectinload(User.memberships).selectinload(Membership.agency))
        .order_by(User.name)
    )
    form.set_choices(list(agencies), list(users))
    if action is not None and filling_from_record(form):
        form.lead_agency.data = str(action.lead_agency_id)
        form.owner.data = str(action.owner_id) if action.owner_id else NO_ACCOUNT
    return form


def _save_action(form: ActionForm, recommendation: Recommendation, action: Action | None, **saving):
    review = recommendation.review
    agency = db.session.get(Agency, int(form.lead_agency.data)) if form.lead_agency.data.isdigit() else None
    owner = db.session.get(User, int(form.owner.data)) if (form.owner.data or "").isdigit() else None
    if owner is not None and owner.membership_in(review.partnership_id) is None:
        owner = None
    return attempt(
        lambda: services.save_action(
            recommendation,
            action_text=form.action.data or "",
            lead_agency=agency,
            owner=owner,
            owner_name=form.owner_name.data or "",
            milestones=form.milestones.data or "",
            target_on=form.target_on.data,
            actor=actor(),
            action=action,
        ),
        form=form,
        field="action",
        **saving,
    )


FIELDS = ["action", "lead_agency", "owner", "owner_name", "milestones", "target_on"]


@bp.route("/recommendations/<int:recommendation_id>/actions/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_RECOMMENDATIONS)
def new_action(review_id: int, recommendation_id: int):
    """Add an action towards a recommendation."""
    review = g.review
    recommendation = in_review(Recommendation, recommendation_id, review)
    form = _action_form(review)
    if filling_from_record(form) and recommendation.agency_id and not recommendation.multi_agency:
        form.lead_agency.data = str(recommendation.agency_id)  # a single-agency recommendation's own agency leads
    if form.validate_on_submit() and (
        saved := _save_action(
            form,
            recommendation,
            None,
            done=lambda made: f"Action {made.label} added",
            to=url_for("actions.plan", review_id=review.id) + f"#recommendation-{recommendation.number}",
        )
    ):
        return saved
    return review_page(
        "actions/form.html",
        form=form,
        fields=FIELDS,
        title=f"Add an action to {recommendation.label}",
        recommendation=recommendation,
        back=url_for("actions.plan", review_id=review.id),
    )


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_RECOMMENDATIONS)
def edit_action(review_id: int, action_id: int):
    """Change an action's Home Office columns, owner or target date."""
    review = g.review
    action = action_or_404(review, action_id)
    form = _action_form(review, action)
    if form.validate_on_submit() and (
        saved := _save_action(
            form, action.recommendation, action, done=lambda _: f"Action {action.label} saved", to=action_url(action)
        )
    ):
        return saved
    return review_page(
        "actions/form.html",
        form=form,
        fields=FIELDS,
        title=f"Change action {action.label}",
        recommendation=action.recommendation,
        back=action_url(action),
    )


@bp.route("/actions/<int:action_id>")
@requires_review(Permission.VIEW_REVIEW)
def view_action(review_id: int, action_id: int):
    """One action: its columns, status and RAG, progress updates, evidence and history."""
    review = g.review
    action = action_or_404(review, action_id)
    return review_page(
        "actions/action.html",
        action=action,
        status=shown_status(action),
        may_update=access.may_update(current_user, action),
        problems=completion_problems(action),
    )


def _open_for_work(action: Action):
    if action.status in (A.COMPLETED, A.SUPERSEDED):
        flash(f"Action {action.label} is {action.status.label.lower()}. It must be reopened first", "error")
        return redirect(action_url(action))
    return None


@bp.route("/actions/<int:action_id>/updates/new", methods=["GET", "POST"])
@requires_review(Permission.VIEW_REVIEW)
def add_update(review_id: int, action_id: int):
    """A dated progress update from the lead agency."""
    action = action_or_404(g.review, action_id, updating=True)
    if (refused := _open_for_work(action)) is not None:
        return refused
    form = UpdateForm()
    if filling_from_record(form):
        form.status.data = (action.status if action.status in (A.ON_TRACK, A.AT_RISK, A.OVERDUE) else A.ON_TRACK).value
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_update(action, text=form.text.data, status=A(form.status.data), actor=actor()),
            form=form,
            field="text",
            done="Update added",
            to=action_url(action),
        )
    ):
        return saved
    return review_page(
        "actions/form.html",
        form=form,
        fields=["text", "status"],
        title=f"Update action {action.label}",
        action=action,
        back=action_url(action),
    )


@bp.route("/actions/<int:action_id>/evidence/new", methods=["GET", "POST"])
@requires_review(Permission.VIEW_REVIEW)
def add_evidence(review_id: int, action_id: int):
    """Upload a file showing the action was done (checked by the upload guard before it is kept)."""
    review = g.review
    action = action_or_404(review, action_id, updating=True)
    if (refused := _open_for_work(action)) is not None:
        return refused
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            upload = check_uploaded(request.files.get("file"))
            services.add_evidence(action, upload=upload, description=form.description.data or "", actor=actor())
        except UploadError as error:
            db.session.rollback()
            record_refusal(error, actor=actor(), partnership_id=review.partnership_id, review_id=review.id)
            db.session.commit()
            form.file.errors = [str(error)]
        except DomainError as error:
            db.session.rollback()
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            flash("Evidence added", "success")
            return redirect(action_url(action))
    return review_page(
        "actions/form.html",
        form=form,
        fields=["file", "description"],
        title=f"Add evidence to action {action.label}",
        action=action,
        back=action_url(action),
        multipart=True,
    )


@bp.route("/actions/<int:action_id>/evidence/<int:evidence_id>")
@requires_review(Permission.VIEW_REVIEW)
def download_evidence(review_id: int, action_id: int, evidence_id: int):
    """An evidence file, as a download (never rendered inline). Audited."""
    review = g.review
    action = action_or_404(review, action_id)
    item = db.session.get(ActionEvidence, evidence_id)
    if item is None or item.action_id != action.id:
        abort(404)
    response = attachment(
        item.file,
        actor=actor(),
        about=f"evidence for action {action.label}",
        partnership_id=review.partnership_id,
        review_id=review.id,
    )
    db.session.commit()
    return response


@bp.route("/actions/<int:action_id>/completion", methods=["GET", "POST"])
@requires_review(Permission.VIEW_REVIEW)
def request_completion(review_id: int, action_id: int):
    """The lead agency reports the action done, with the outcome; evidence must already be attached."""
    action = action_or_404(g.review, action_id, updating=True)
    if (refused := _open_for_work(action)) is not None:
        return refused
    form = CompletionForm(outcome=action.outcome) if request.method == "GET" else CompletionForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.request_completion(
                action, outcome=form.outcome.data, completed_on=form.completed_on.data, actor=actor()
            ),
            form=form,
            field="outcome",
            done=with_told("Completion requested. The coordinator will check the evidence and approve it"),
            to=action_url(action),
        )
    ):
        return saved
    return review_page(
        "actions/form.html",
        form=form,
        fields=["outcome", "completed_on"],
        title=f"Report action {action.label} done",
        action=action,
        back=action_url(action),
        problems=[p for p in completion_problems(action) if p[1] == "evidence"],
    )


@bp.route("/actions/<int:action_id>/approval", methods=["GET", "POST"])
@requires_review(Permission.APPROVE_ACTIONS)
def decide_completion(review_id: int, action_id: int):
    """The coordinator approves a completion request, or sends it back with the reason."""
    action = action_or_404(g.review, action_id)
    if action.status is not A.COMPLETION_REQUESTED:
        flash(f"Action {action.label} is not waiting for approval", "error")
        return redirect(action_url(action))
    form = DecisionForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: (
                services.approve_completion(action, actor=actor())
                if form.decision.data == "approve"
                else services.return_completion(action, reason=form.reason.data or "", actor=actor())
            ),
            form=form,
            field="decision",
            done=with_told(lambda _: f"Action {action.label} is {action.status.label.lower()}"),
            to=action_url(action),
        )
    ):
        return saved
    return review_page(
        "actions/form.html",
        form=form,
        fields=["decision", "reason"],
        title=f"Approve action {action.label}",
        action=action,
        back=action_url(action),
        show_outcome=True,
    )


def _reason_page(action: Action, title: str, move, done: str):
    form = ReasonForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: move(action, reason=form.reason.data, actor=actor()),
            form=form,
            field="reason",
            done=with_told(done),
            to=action_url(action),
        )
    ):
        return saved
    return review_page(
        "actions/form.html", form=form, fields=["reason"], title=title, action=action, back=action_url(action)
    )


@bp.route("/actions/<int:action_id>/reopen", methods=["GET", "POST"])
@requires_review(Permission.APPROVE_ACTIONS)
def reopen(review_id: int, action_id: int):
    """Reopen a completed or superseded action, saying why."""
    action = action_or_404(g.review, action_id)
    if action.status not in (A.COMPLETED, A.SUPERSEDED):
        flash(f"Action {action.label} is open", "error")
        return redirect(action_url(action))
    return _reason_page(action, f"Reopen action {action.label}", services.reopen, f"Action {action.label} reopened")


@bp.route("/actions/<int:action_id>/supersede", methods=["GET", "POST"])
@requires_review(Permission.APPROVE_ACTIONS)
def supersede(review_id: int, action_id: int):
    """Mark an action superseded (no longer needed), saying why."""
    action = action_or_404(g.review, action_id)
    if action.status is A.SUPERSEDED:
        flash(f"Action {action.label} is already superseded", "error")
        return redirect(action_url(action))
    return _reason_page(
        action, f"Supersede action {action.label}", services.supersede, f"Action {action.label} superseded"
    )
