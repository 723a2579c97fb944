"""The strategy: its period, vision and principles, the delivery groups, and each group's objectives with the
review recommendations and actions linked to them and their progress."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.actions.models import Action
from dhr.actions.workflow import shown_status
from dhr.core.dates import london_today
from dhr.core.forms import filling_from_record
from dhr.core.saving import attempt
from dhr.duties import strategy_services
from dhr.duties.forms import GroupForm, LinkForm, StrategyForm
from dhr.duties.models import DeliveryGroup, Objective, Strategy
from dhr.extensions import db
from dhr.permissions import Permission, can, requires
from dhr.recommendations.models import Recommendation
from dhr.reviews.models import Review
from dhr.reviews.views.common import actor

bp = Blueprint("strategy", __name__, url_prefix="/strategy")


def objective_loads(path):
    """Eager loads below objectives: their recommendations' actions and their own actions, with what the pages
    show of each action, so the pages' queries do not grow with the links."""
    action_parts = (Action.lead_agency, Action.review, Action.recommendation)
    linked = path.selectinload(Objective.recommendations).selectinload(Recommendation.actions)
    direct = path.selectinload(Objective.actions)
    return [
        path.selectinload(Objective.recommendations).selectinload(Recommendation.review),
        *(linked.selectinload(part) for part in action_parts),
        *(direct.selectinload(part) for part in action_parts),
    ]


def _strategy() -> Strategy | None:
    objectives = selectinload(Strategy.groups).selectinload(DeliveryGroup.objectives)
    return db.session.scalar(
        select(Strategy)
        .where(Strategy.partnership_id == current_user.partnership_id)
        .order_by(Strategy.starts_year.desc())
        .options(*objective_loads(objectives))
    )


def objective_actions(objective: Objective) -> list[Action]:
    """The actions serving an objective: linked directly, or through a linked recommendation."""
    found = {a.id: a for a in objective.actions}
    for recommendation in objective.recommendations:
        for action in recommendation.actions:
            found.setdefault(action.id, action)
    return sorted(found.values(), key=lambda a: (a.review_id, a.recommendation_id, a.position))


def progress(actions: list[Action]) -> tuple[int, int]:
    """(completed, counted): superseded actions do not count."""
    counted = [a for a in actions if a.status.value != "superseded"]
    return sum(1 for a in counted if a.status.value == "completed"), len(counted)


@bp.route("")
@requires(Permission.VIEW_DUTIES)
def index():
    """The strategy's vision, principles and delivery groups, with how much linked review work is done."""
    strategy = _strategy()
    groups = []
    for group in strategy.groups if strategy else []:
        actions = [a for objective in group.objectives for a in objective_actions(objective)]
        groups.append((group, progress(actions)))
    return render_template("strategy/index.html", strategy=strategy, groups=groups)


def _group_or_404(group_id: int) -> DeliveryGroup:
    group = db.session.scalar(
        select(DeliveryGroup)
        .where(DeliveryGroup.id == group_id)
        .options(selectinload(DeliveryGroup.strategy), *objective_loads(selectinload(DeliveryGroup.objectives)))
    )
    if group is None or group.strategy.partnership_id != current_user.partnership_id:
        abort(404)
    return group


@bp.route("/groups/<int:group_id>")
@requires(Permission.VIEW_DUTIES)
def view_group(group_id: int):
    """A delivery group's objectives, each with its linked recommendations and actions and their progress."""
    group = _group_or_404(group_id)
    today = london_today()
    objectives = [(o, objective_actions(o)) for o in group.objectives]
    return render_template(
        "strategy/group.html",
        group=group,
        objectives=[(o, actions, progress(actions)) for o, actions in objectives],
        shown_status=lambda action: shown_status(action, today),
        may_link=can(current_user, Permission.MANAGE_DUTIES),
    )


def _objective_or_404(objective_id: int) -> Objective:
    objective = db.session.get(Objective, objective_id)
    if objective is None or objective.group.strategy.partnership_id != current_user.partnership_id:
        abort(404)
    return objective


@bp.route("/objectives/<int:objective_id>/link", methods=["GET", "POST"])
@requires(Permission.MANAGE_DUTIES)
def link_recommendation(objective_id: int):
    """Link a review recommendation (and so its actions) to an objective."""
    objective = _objective_or_404(objective_id)
    linked = {r.id for r in objective.recommendations}
    candidates = [
        r
        for r in db.session.scalars(
            select(Recommendation)
            .join(Review, Review.id == Recommendation.review_id)
            .where(Review.partnership_id == current_user.partnership_id)
            .order_by(Review.reference, Recommendation.number)
        )
        if r.id not in linked
    ]
    form = LinkForm()
    form.recommendation.choices = [("", "Select a recommendation")] + [
        (str(r.id), f"{r.review.reference} {r.label}: {r.text[:90]}") for r in candidates
    ]
    if form.validate_on_submit():
        chosen = next((r for r in candidates if str(r.id) == form.recommendation.data), None)
        if chosen is None:
            form.recommendation.errors.append("Select the recommendation to link")
        else:
            strategy_services.link_recommendation(objective, chosen, actor=actor())
            db.session.commit()
            flash(f"{chosen.review.reference} {chosen.label} linked to {objective.label}", "success")
            return redirect(url_for("strategy.view_group", group_id=objective.group_id))
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Link a recommendation to {objective.label}",
        intro=objective.text,
        fields=["recommendation"],
        back=url_for("strategy.view_group", group_id=objective.group_id),
    )


@bp.route("/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_DUTIES)
def edit_strategy():
    """Change the strategy's title, period, vision and principles (after each annual refresh)."""
    strategy = _strategy()
    if strategy is None:
        abort(404)
    form = StrategyForm(obj=strategy) if request.method == "GET" else StrategyForm()
    if filling_from_record(form):
        form.principles.data = "\n".join(strategy.principles or [])
    if form.validate_on_submit():
        strategy_services.save_strategy(
            strategy,
            title=form.title.data,
            starts_year=form.starts_year.data,
            ends_year=form.ends_year.data,
            refreshed_on=form.refreshed_on.data,
            vision=form.vision.data,
            principles=form.principles.data,
            actor=actor(),
        )
        db.session.commit()
        flash("Strategy saved", "success")
        return redirect(url_for("strategy.index"))
    return render_template(
        "duties/form.html",
        form=form,
        title="Change the strategy",
        fields=["title", "starts_year", "ends_year", "refreshed_on", "vision", "principles"],
        back=url_for("strategy.index"),
    )


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_DUTIES)
def edit_group(group_id: int):
    """Change a delivery group's name, aim and objectives."""
    group = _group_or_404(group_id)
    form = GroupForm(obj=group) if request.method == "GET" else GroupForm()
    if filling_from_record(form):
        form.objectives.data = "\n".join(o.text for o in group.objectives)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: strategy_services.save_group(
                group, name=form.name.data, aim=form.aim.data, objectives=form.objectives.data, actor=actor()
            ),
            form=form,
            field="objectives",
            done=lambda _: f"{group.name} saved",
            to=url_for("strategy.view_group", group_id=group.id),
        )
    ):
        return saved
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Change the {group.name} delivery group",
        fields=["name", "aim", "objectives"],
        back=url_for("strategy.view_group", group_id=group.id),
    )
