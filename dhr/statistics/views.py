"""The statistics page."""

from flask import Blueprint, render_template
from flask_login import current_user

from dhr.clocks.stored import settle
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.permissions import Permission, requires
from dhr.statistics.chart import bar_chart
from dhr.statistics.figures import agency_lateness, case_groups, figures

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.route("")
@requires(Permission.VIEW_STATISTICS)
def index():
    """Counts, medians, the six-month rate and where the time goes, across the partnership's reviews."""
    today = london_today()
    # Aggregates across the whole partnership: board members see them without seeing any one review.
    settle(db.session)
    numbers = figures(current_user.partnership_id, today)
    lateness = agency_lateness(current_user.partnership_id, today)
    charts = [
        bar_chart("Days spent in each stage, all reviews", [(s.label, d) for s, d in numbers.stage_days]),
        bar_chart("Days paused, by reason", [(r.label, d) for r, d in numbers.paused_days]),
    ]
    charts.append(
        bar_chart("Days late by agency (evidence requests)", [(a.agency, a.days_late) for a in lateness if a.days_late])
    )
    return render_template(
        "statistics/index.html",
        numbers=numbers,
        charts=charts,
        lateness=lateness,
        groups=case_groups(current_user.partnership_id),
    )
