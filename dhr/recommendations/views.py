"""A review's recommendations (with similar ones from the partnership's other reviews), adding and changing them,
and the partnership's national oversight export."""

from flask import Blueprint, Response, abort, g, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dhr.actions.models import Action
from dhr.actions.workflow import shown_status
from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.core.dates import london_today
from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.drafting import services as drafting
from dhr.drafting import tokens
from dhr.extensions import db
from dhr.files.store import download
from dhr.permissions import Permission, can, requires, requires_review
from dhr.recommendations import findings, from_imrs, national, similarity
from dhr.recommendations import learning as learning_service
from dhr.recommendations.findings import check_answers, findings_of
from dhr.recommendations.forms import SEVERAL, SINGLE, LearningEventForm, RecommendationForm
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Department, LearningKind, Scope
from dhr.recommendations.services import parse_answers, save_recommendation, themes_for
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("recommendations", __name__)

STALE = "Someone else changed this recommendation after you opened it. Check the details and save again."
TEXT_LIMIT = 4000  # as the form's own limit
SNIPPET = 160  # characters of a finding shown beside the recommendation that answers it


def recommendation_count(review) -> int:
    """How many structured recommendations the review has (the drafting pages say when they replace section 19)."""
    return db.session.scalar(select(func.count()).where(Recommendation.review_id == review.id)) or 0


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"recommendation_count": recommendation_count}


def _loaded(review) -> list[Recommendation]:
    """The review's recommendations in number order, with everything the page shows, in four queries."""
    return list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.review_id == review.id)
            .order_by(Recommendation.number)
            .options(
                selectinload(Recommendation.agency),
                selectinload(Recommendation.themes),
                selectinload(Recommendation.actions).selectinload(Action.lead_agency),
            )
        )
    )


def _findings(review) -> dict[str, str]:
    """Sections 17 and 18 of the working draft, rendered with pseudonyms and shortened for the page."""
    found = findings_of(review)
    context = drafting.token_context(review, list(found.values()))
    shown = {}
    for number, text in found.items():
        text = " ".join(tokens.render_text(text, context).split())
        shown[number] = text if len(text) <= SNIPPET else text[: SNIPPET - 1].rsplit(" ", 1)[0] + "…"
    return shown


@bp.route("/reviews/<int:review_id>/recommendations")
@requires_review(Permission.VIEW_ACTIONS)
def list_recommendations(review_id: int):
    """The review's recommendations in number order, their actions, and similar ones from other reviews."""
    review = g.review
    recommendations = _loaded(review)
    today = london_today()
    return review_page(
        "recommendations/list-recommendations.html",
        recommendations=recommendations,
        similar=similarity.similar_for(review, recommendations),
        findings=_findings(review) if recommendations else {},
        status_of=lambda action: shown_status(action, today),
        from_imrs=from_imrs.imr_recommendations(review),
        drafted=findings.drafted_not_recorded(review, [r.text for r in recommendations]),
        confirm=ConfirmForm(),
    )


def _choices(review, recommendation: Recommendation | None):
    """The active agencies and themes, plus the ones this recommendation already has if they were retired."""
    agencies = agencies_for(review.partnership_id, active_only=True)
    if recommendation is not None and recommendation.agency and not recommendation.agency.active:
        agencies.append(recommendation.agency)
    chosen = {theme.id for theme in recommendation.themes} if recommendation else set()
    themes = [t for t in themes_for(review.partnership_id, active_only=False) if t.active or t.id in chosen]
    return agencies, themes


def _initial(recommendation: Recommendation) -> dict:
    return {
        "text": recommendation.text,
        "scope": recommendation.scope.value,
        "agencies": SEVERAL if recommendation.multi_agency else SINGLE,
        "agency": str(recommendation.agency_id or ""),
        "department": recommendation.department.value if recommendation.department else None,
        "department_other": recommendation.department_other,
        "answers": ", ".join(recommendation.answers or []),
        "themes": [str(theme.id) for theme in recommendation.themes],
        "version": str(recommendation.version),
    }


def _save(review, form: RecommendationForm, recommendation, themes):
    """Save through the service and go to the list; on a refusal, put the message on its field and return None."""
    national_scope = Scope(form.scope.data) is Scope.NATIONAL
    agency_id = None if national_scope else form.chosen_agency_id()
    chosen = set(form.chosen_theme_ids())

    def work() -> Recommendation:
        answers = parse_answers(form.answers.data or "")
        check_answers(answers, findings_of(review))
        return save_recommendation(
            review,
            text=form.text.data or "",
            scope=Scope(form.scope.data),
            multi_agency=form.agencies.data == SEVERAL,
            agency=db.session.get(Agency, agency_id) if agency_id else None,
            department=Department(form.department.data) if national_scope and form.department.data else None,
            department_other=form.department_other.data or "",
            answers=answers,
            themes=[theme for theme in themes if theme.id in chosen],
            actor=actor(),
            recommendation=recommendation,
        )

    return attempt(
        work,
        form=form,
        field="text",
        stale=STALE,
        done=lambda saved: f"Recommendation {saved.label} saved",
        to=lambda saved: url_for(
            "recommendations.list_recommendations", review_id=review.id, _anchor=f"r{saved.number}"
        ),
    )


def _edit(review, recommendation: Recommendation | None):
    agencies, themes = _choices(review, recommendation)
    form = RecommendationForm() if request.method == "POST" or recommendation is None else None
    if form is None:
        form = RecommendationForm(data=_initial(recommendation))
    elif recommendation is None and request.method == "GET" and request.args.get("from"):
        # Starting from a paragraph of the draft's section 19: its text, to be checked and completed.
        drafted = findings.drafted_not_recorded(review, [])
        form = RecommendationForm(data={"text": drafted.get(request.args["from"], "")})
    form.set_choices(agencies, themes)
    similar, checked = [], False
    if request.method == "POST" and form.check.data:
        # Only a look-up: nothing is saved and nothing is refused, so whatever was typed comes back as it was.
        checked = True
        typed = (form.text.data or "")[:TEXT_LIMIT]  # unvalidated here, so never more than a recommendation holds
        similar = similarity.similar(review.partnership_id, typed, form.chosen_theme_ids(), exclude_review_id=review.id)
    elif form.validate_on_submit():
        if recommendation is not None and form.version.data != str(recommendation.version):
            form.version.data = str(recommendation.version)
            form.text.errors.append(STALE)
        elif saved := _save(review, form, recommendation, themes):
            return saved
    elif request.method == "GET" and recommendation is not None:
        checked = True
        similar = similarity.similar(
            review.partnership_id, recommendation.text, [t.id for t in recommendation.themes], review.id
        )
    title = "Add a recommendation" if recommendation is None else f"Change recommendation {recommendation.number}"
    return review_page(
        "recommendations/recommendation-form.html",
        form=form,
        recommendation=recommendation,
        title=title,
        similar=similar,
        checked=checked,
    )


@bp.route("/reviews/<int:review_id>/recommendations/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_RECOMMENDATIONS)
def add_recommendation(review_id: int):
    """Add a recommendation, numbered after the last; check for similar ones before saving."""
    return _edit(g.review, None)


@bp.route("/reviews/<int:review_id>/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_RECOMMENDATIONS)
def edit_recommendation(review_id: int, recommendation_id: int):
    """Change a recommendation (refused if someone else saved it first)."""
    return _edit(g.review, in_review(Recommendation, recommendation_id, g.review))


@bp.route("/reviews/<int:review_id>/recommendations/from-imr/<int:involvement_id>", methods=["POST"])
@requires_review(Permission.MANAGE_RECOMMENDATIONS)
def record_from_imr(review_id: int, involvement_id: int):
    """Record an accepted IMR's recommendations as single-agency recommendations of its agency."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("recommendations.list_recommendations", review_id=review_id)
    return attempt(
        lambda: from_imrs.record_from_imr(g.review, involvement_id, actor=actor()),
        done=lambda added: f"{added} single-agency recommendation{'s' if added != 1 else ''} recorded from the IMR",
        to=back,
        refused_to=back,
    )


@bp.route("/reviews/<int:review_id>/learning", methods=["GET", "POST"])
@requires_review(Permission.VIEW_ACTIONS)
def learning(review_id: int):
    """How the review's learning was spread: learning events, 7-minute briefings, training, newsletters."""
    review = g.review
    may_record = can(current_user, Permission.MANAGE_RECOMMENDATIONS, review)
    form = LearningEventForm()
    if request.method == "POST":
        if not may_record:
            abort(403)
        if form.validate_on_submit() and (
            saved := attempt(
                lambda: learning_service.record_learning_event(
                    review,
                    kind=LearningKind(form.kind.data),
                    held_on=form.held_on.data,
                    audience=form.audience.data or "",
                    reached=form.reached.data,
                    notes=form.notes.data or "",
                    actor=actor(),
                ),
                form=form,
                field="kind",
                done="Saved",
                to=url_for("recommendations.learning", review_id=review_id),
            )
        ):
            return saved
    return review_page(
        "recommendations/learning.html",
        form=form,
        events=learning_service.learning_events_of(review),
        may_record=may_record,
    )


def _export(file_format: str, mimetype: str) -> Response:
    data, name = national.export(current_user.partnership, file_format, actor=actor())
    db.session.commit()
    return download(data, name, mimetype)


@bp.route("/recommendations/national.csv")
@requires(Permission.VIEW_ACTION_TRACKER)
def national_csv():
    """The partnership's national recommendations and their actions' status, as CSV (one row per action)."""
    return _export("csv", "text/csv")


@bp.route("/recommendations/national.json")
@requires(Permission.VIEW_ACTION_TRACKER)
def national_json():
    """The partnership's national recommendations and their actions' status, as JSON."""
    return _export("json", "application/json")
