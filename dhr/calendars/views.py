"""The calendar page (a month list with filters), the feed's settings, and the feed itself at its secret address."""

from datetime import date, timedelta
from itertools import groupby

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from dhr.auth.membership import working_in
from dhr.calendars import feeds
from dhr.calendars.entries import Kind, entries_for
from dhr.core.dates import london_today
from dhr.core.forms import ConfirmForm
from dhr.extensions import db, limiter
from dhr.meetings.models import Meeting
from dhr.permissions import Permission, public, requires_review, signed_in
from dhr.reviews.views.common import in_review

bp = Blueprint("calendars", __name__, url_prefix="/calendar")


def _month(value: str, today: date) -> date:
    """The first of the month asked for (?month=YYYY-MM), or this month's."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


@bp.route("")
@signed_in
def month():
    """A month of everything dated on the person's reviews, by day; ?kind= filters (any number)."""
    today = london_today()
    first = _month(request.args.get("month", ""), today)
    after = _next_month(first)
    chosen = frozenset(Kind(k) for k in request.args.getlist("kind") if k in {kind.value for kind in Kind})
    entries = entries_for(current_user, first, after - timedelta(days=1), today, chosen or frozenset(Kind))
    return render_template(
        "calendars/month.html",
        first=first,
        previous=(first - timedelta(days=1)).replace(day=1),
        following=after,
        days=[(day, list(items)) for day, items in groupby(entries, key=lambda e: e.on)],
        count=len(entries),
        kinds=list(Kind),
        chosen=chosen,
        today=today,
    )


@bp.route("/feed", methods=["GET", "POST"])
@signed_in
def feed():
    """The personal feed: make an address (shown once), make a new one, or stop it."""
    form = ConfirmForm()
    token = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        token = feeds.make_feed(current_user._get_current_object())
        db.session.commit()
    return render_template(
        "calendars/feed.html",
        feed=feeds.feed_of(current_user),
        address=url_for("calendars.read_feed", token=token, _external=True) if token else None,
        form=form,
    )


@bp.route("/feed/stop", methods=["POST"])
@signed_in
def stop_feed():
    """Stop the feed: its address answers nothing from now on."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    stopped = feeds.stop_feed(current_user._get_current_object())
    db.session.commit()
    flash("Your calendar feed is stopped" if stopped else "You had no calendar feed", "success")
    return redirect(url_for("calendars.feed"))


@bp.route("/reviews/<int:review_id>/meetings/<int:meeting_id>.ics")
@requires_review(Permission.VIEW_MEETINGS)
def meeting_invitation(review_id: int, meeting_id: int):
    """One meeting as a file to open in Outlook (reference and kind only; the agenda stays here)."""
    meeting = in_review(Meeting, meeting_id, g.review)
    name = f"{g.review.reference}-{meeting.kind.value}-{meeting.meeting_on.isoformat()}.ics"
    return (
        feeds.meeting_ics(meeting),
        200,
        {
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


@bp.route("/feed/<token>.ics")
@public
@limiter.limit("60 per hour")
def read_feed(token: str):
    """The feed itself, for Outlook and other calendars: the address is the only key, so a wrong one is 404."""
    feed = feeds.feed_for(token)
    if feed is None:
        abort(404)
    with working_in(feed.partnership_id):  # the feed's partnership: no other one's dates
        calendar = feeds.ics(feed.user)
    return (
        calendar,
        200,
        {
            "Content-Type": "text/calendar; charset=utf-8",
            "Cache-Control": "private, max-age=900",
            "X-Robots-Tag": "noindex",
        },
    )
