"""The statistics page."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.clocks.rows import Filters, review_rows
from dhr.core.dates import london_today
from dhr.evidence.models import AgencyInvolvement
from dhr.extensions import db
from dhr.permissions import Permission, requires
from dhr.reviews.models import Review
from dhr.statistics.chart import bar_chart
from dhr.statistics.figures import agency_lateness, figures

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.route("")
@requires(Permission.VIEW_STATISTICS)
def index():
    """Counts, medians, the six-month rate and where the time goes, across the partnership's reviews."""
    today = london_today()
    # Aggregates across the whole partnership: board members see them without seeing any one review.
    query = select(Review).where(Review.partnership_id == current_user.partnership_id)
    rows = review_rows(query, Filters(include_closed=True), today, loads=[selectinload(Review.stage_changes)])
    numbers = figures(rows, today)
    involvements = db.session.scalars(
        select(AgencyInvolvement)
        .join(Review)
        .where(Review.partnership_id == current_user.partnership_id)
        .options(selectinload(AgencyInvolvement.changes), selectinload(AgencyInvolvement.agency))
    ).all()
    lateness = agency_lateness(involvements, today)
    charts = [
        bar_chart("Days spent in each stage, all reviews", [(s.label, d) for s, d in numbers.stage_days]),
        bar_chart("Days paused, by reason", [(r.label, d) for r, d in numbers.paused_days]),
    ]
    charts.append(
        bar_chart("Days late by agency (evidence requests)", [(a.agency, a.days_late) for a in lateness if a.days_late])
    )
    return render_template("statistics/index.html", numbers=numbers, charts=charts, lateness=lateness)
