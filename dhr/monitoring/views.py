"""Monitoring across every review: the partnership's action tracker and its exports, each agency's actions, the
board report and the theme dashboard."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from dhr.actions.access import sees_every_plan
from dhr.actions.models import Action
from dhr.actions.workflow import shown_status
from dhr.agencies.models import Agency
from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.core.forms import filling_from_record
from dhr.extensions import db
from dhr.files.store import download
from dhr.monitoring import board, export, queries, themes
from dhr.monitoring.forms import BoardReportForm, TrackerFilterForm
from dhr.permissions import Permission, can, requires, signed_in
from dhr.recommendations.services import themes_for
from dhr.reports.services import DOCX_MIMETYPE
from dhr.reviews.models import Review
from dhr.reviews.views.common import actor

bp = Blueprint("monitoring", __name__, url_prefix="/actions")


@bp.context_processor
def _status_helpers() -> dict:
    # The status a row shows: an open action past its target date is overdue before the nightly job says so.
    return {"shown_status": shown_status, "links_to_plans": sees_every_plan(current_user)}


def _lead_agencies(partnership_id: int) -> list[Agency]:
    """The partnership's agencies that lead at least one action, by name."""
    return list(
        db.session.scalars(
            select(Agency)
            .where(Agency.partnership_id == partnership_id, Agency.id.in_(select(Action.lead_agency_id)))
            .order_by(Agency.name)
        )
    )


def _filter_form() -> TrackerFilterForm:
    """The filters from the query string, checked against the partnership's reviews, agencies and themes."""
    partnership_id = current_user.partnership_id
    form = TrackerFilterForm(request.args)
    reviews = db.session.scalars(
        select(Review)
        .where(Review.partnership_id == partnership_id, Review.id.in_(select(Action.review_id)))
        .order_by(Review.reference)
    ).all()
    form.set_choices(reviews, _lead_agencies(partnership_id), themes_for(partnership_id, active_only=False))
    form.validate()
    return form


def _filter_args() -> dict[str, list[str]]:
    """The query string without the page number, for page and export links that keep the filters."""
    return {key: values for key, values in request.args.lists() if key not in ("page", "format")}


@bp.route("")
@requires(Permission.VIEW_ACTION_TRACKER)
def tracker():
    """Every action of every review in the partnership, filtered, open first by soonest target date, 50 a page."""
    today = london_today()
    form = _filter_form()
    query = queries.apply_filters(queries.partnership_actions(current_user.partnership_id), form.filters(), today)
    page = queries.page_of(query, request.args.get("page", 1, type=int))
    return render_template(
        "monitoring/tracker.html",
        form=form,
        page=page,
        today=today,
        filter_args=_filter_args(),
        filtered=any(key != "page" for key in request.args),
    )


@bp.route("/export")
@requires(Permission.VIEW_ACTION_TRACKER)
def export_actions():
    """The filtered actions as ?format=xlsx (the default) or csv. Audited."""
    file_format = request.args.get("format", "xlsx")
    if file_format not in export.FORMATS:
        abort(404)
    form = _filter_form()
    if form.errors:
        return redirect(url_for("monitoring.tracker", **_filter_args()))
    today = london_today()
    partnership = current_user.partnership
    query = queries.apply_filters(queries.partnership_actions(partnership.id), form.filters(), today)
    total = queries.count(query)
    filters = {
        key: values if len(values) > 1 else values[0] for key, values in _filter_args().items() if key != "submit"
    }
    record(
        "action_tracker.exported",
        f"{current_user.name} exported {total} actions from the action tracker ({file_format})",
        actor=actor(),
        obj=partnership,
        partnership_id=partnership.id,
        data={"format": file_format, "rows": total, "filters": filters},
    )
    db.session.commit()
    data = export.rows(queries.streamed_rows(query), today)
    # Read a batch at a time and written row by row. The file is whole before it is sent, so the session and the
    # transaction end with the request (5,000 actions take under a second: docs/performance.md).
    body = (
        b"".join(export.csv_chunks(data))
        if file_format == "csv"
        else export.to_xlsx(data, f"{partnership.name} actions")
    )
    return download(body, export.filename(partnership, today, file_format), export.FORMATS[file_format])


def _agency_page(actions: list, *, agency=None, mine: bool):
    open_actions, closed = queries.open_first(actions)
    agencies = _lead_agencies(current_user.partnership_id) if can(current_user, Permission.VIEW_ACTION_TRACKER) else []
    return render_template(
        "monitoring/agency.html",
        agency=agency,
        mine=mine,
        open_groups=queries.by_review(open_actions),
        closed_groups=queries.by_review(closed),
        open_count=len(open_actions),
        closed_count=len(closed),
        agencies=agencies,
        today=london_today(),
        links_to_actions=mine or sees_every_plan(current_user),
    )


@bp.route("/agency")
@signed_in
def my_agency_actions():
    """The actions the user acts for (as named owner or their agency's contributor on the review), open first."""
    return _agency_page(queries.all_rows(queries.acted_for(current_user)), mine=True)


@bp.route("/agency/<int:agency_id>")
@requires(Permission.VIEW_ACTION_TRACKER)
def agency_actions(agency_id: int):
    """Every action one of the partnership's agencies leads, open first. Another partnership's agency is 404."""
    agency = db.session.get(Agency, agency_id)
    if agency is None or agency.partnership_id != current_user.partnership_id:
        abort(404)
    return _agency_page(queries.all_rows(queries.agency_actions(agency)), agency=agency, mine=False)


@bp.route("/board-report", methods=["GET", "POST"])
@requires(Permission.VIEW_ACTION_TRACKER)
def board_report():
    """Pick the date completions are counted from (the last board report's by default), then download. Audited."""
    partnership = current_user.partnership
    last = board.last_board_report_on(partnership.id)
    form = BoardReportForm()
    if filling_from_record(form):
        form.since.data = last
    elif form.validate_on_submit():
        done = board.export_board_report(partnership, since=form.since.data, actor=actor(), via="web")
        db.session.commit()
        return download(done.data, done.filename, DOCX_MIMETYPE)
    return render_template("monitoring/board-report.html", form=form, last=last)


@bp.route("/themes")
@requires(Permission.VIEW_ACTION_TRACKER)
def theme_dashboard():
    """Recommendations by theme over the years, and how many actions are completed by theme and by agency."""
    partnership_id = current_user.partnership_id
    return render_template(
        "monitoring/themes.html",
        years=themes.theme_years(partnership_id),
        by_theme=themes.completion_by_theme(partnership_id),
        by_agency=themes.completion_by_agency(partnership_id),
    )
