"""The review's meetings list, one meeting's page, and planning, changing, holding or cancelling a meeting."""

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from dhr.core.dates import london_today
from dhr.core.forms import ConfirmForm, filling_from_record
from dhr.core.saving import attempt
from dhr.core.told import with_told
from dhr.extensions import db
from dhr.meetings import queries, services, workflow
from dhr.meetings.attendance import representation
from dhr.meetings.forms import MeetingForm, MinutesForm, StatusForm, show_time
from dhr.meetings.models import Meeting
from dhr.meetings.stages import MEETING_TRANSITIONS, AttendeeRole, MeetingStatus
from dhr.meetings.views import bp
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import actor, in_review, review_page

ROLE_ORDER = list(AttendeeRole)
STALE = "Someone else saved these minutes after you opened the page. Your text is below: check it and save again."


def meeting_url(meeting: Meeting, anchor: str | None = None) -> str:
    """The meeting's page, optionally at a section."""
    return url_for("meetings.view_meeting", review_id=meeting.review_id, meeting_id=meeting.id, _anchor=anchor)


def editable_or_redirect(meeting: Meeting):
    """None when the meeting can be changed; otherwise a redirect to it with the reason."""
    if meeting.editable:
        return None
    flash("This meeting was cancelled. Reinstate it before changing it.", "error")
    return redirect(meeting_url(meeting))


@bp.route("")
@requires_review(Permission.VIEW_MEETINGS)
def list_meetings(review_id: int):
    """The next meeting, meetings to update, past meetings and every open action."""
    review = g.review
    today = london_today()
    meetings = queries.all_meetings(review)
    planned = [m for m in meetings if m.status is MeetingStatus.PLANNED]
    upcoming = [m for m in planned if m.meeting_on >= today]
    return review_page(
        "meetings/list-meetings.html",
        next_meeting=upcoming[0] if upcoming else None,
        later=upcoming[1:],
        to_update=[m for m in planned if m.meeting_on < today],
        past=[m for m in reversed(meetings) if m.status is not MeetingStatus.PLANNED],
        actions=queries.open_actions(review, today),
        today=today,
        confirm=ConfirmForm(),
    )


@bp.route("/<int:meeting_id>")
@requires_review(Permission.VIEW_MEETINGS)
def view_meeting(review_id: int, meeting_id: int):
    """The agenda with its decisions, attendance, minutes, actions and history."""
    review = g.review
    meeting = queries.meeting_page(review, meeting_id)
    if meeting is None:
        abort(404)
    queries.load_members(review)
    return review_page(
        "meetings/view-meeting.html",
        meeting=meeting,
        facts=representation(meeting),
        attendees=sorted(meeting.attendees, key=lambda a: (ROLE_ORDER.index(a.role), a.name.casefold())),
        today=london_today(),
        managing=can(current_user, Permission.MANAGE_MEETINGS, review) and meeting.editable,
        confirm=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def new_meeting(review_id: int):
    """Plan a meeting; a first panel meeting is offered when the review has none yet."""
    review = g.review
    form = MeetingForm()
    if form.validate_on_submit():
        if saved := attempt(
            lambda: services.create_meeting(review, actor=actor(), **form.values()),
            form=form,
            field="kind",
            done=with_told("Meeting planned. Add its agenda next"),
            to=meeting_url,
        ):
            return saved
    elif filling_from_record(form) and not queries.has_first_panel_meeting(review):
        form.kind.data = "first_panel"
    return review_page(
        "meetings/meeting-form.html",
        form=form,
        title="Plan a meeting",
        fields=["kind", "meeting_on", "starts_at", "location"],
        back=url_for("meetings.list_meetings", review_id=review.id),
    )


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def edit_meeting(review_id: int, meeting_id: int):
    """Change when, where or what kind of meeting it is."""
    review = g.review
    meeting = in_review(Meeting, meeting_id, review)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = MeetingForm(
        kind=meeting.kind.value,
        meeting_on=meeting.meeting_on,
        starts_at=show_time(meeting.starts_at),
        location=meeting.location,
    )
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_meeting(meeting, actor=actor(), **form.values()),
            form=form,
            field="kind",
            done=with_told("Meeting details saved"),
            to=meeting_url(meeting),
        )
    ):
        return saved
    return review_page(
        "meetings/meeting-form.html",
        form=form,
        title=f"Change the {meeting.named}",
        fields=["kind", "meeting_on", "starts_at", "location"],
        back=meeting_url(meeting),
    )


@bp.route("/<int:meeting_id>/status", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def change_status(review_id: int, meeting_id: int):
    """Record that the meeting was held, cancel it, or put it back to planned."""
    review = g.review
    meeting = in_review(Meeting, meeting_id, review)
    targets = sorted(MEETING_TRANSITIONS[meeting.status], key=list(MeetingStatus).index)
    form = StatusForm()
    form.set_moves(meeting.status, targets)
    if filling_from_record(form) and request.args.get("target") in {t.value for t in targets}:
        form.target.data = request.args["target"]
    if form.validate_on_submit():
        target = MeetingStatus(form.target.data)
        if saved := attempt(
            lambda: workflow.change_status(meeting, target, actor=actor(), reason=form.reason.data or ""),
            form=form,
            field="target",
            done=with_told(f"The meeting is now {target.label.lower()}"),
            to=meeting_url(meeting),
        ):
            return saved
    return review_page(
        "meetings/meeting-form.html",
        form=form,
        title=f"Status of the {meeting.named}",
        intro=f"The meeting is {meeting.status.label.lower()}.",
        fields=["target", "reason"],
        back=meeting_url(meeting),
    )


@bp.route("/<int:meeting_id>/minutes", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def edit_minutes(review_id: int, meeting_id: int):
    """Write the general minutes. Saving over someone else's newer version is refused, keeping your text."""
    review = g.review
    meeting = in_review(Meeting, meeting_id, review)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = MinutesForm(minutes=meeting.minutes, version=str(meeting.version))
    stale = None
    if form.validate_on_submit():
        if form.version.data != str(meeting.version):
            stale = STALE
        else:
            try:
                services.save_minutes(meeting, form.minutes.data or "", actor=actor())
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                stale = STALE
            else:
                flash("Minutes saved", "success")
                return redirect(meeting_url(meeting, "minutes"))
        if stale:
            db.session.refresh(meeting)
            form.version.data = str(meeting.version)
    return review_page(
        "meetings/minutes-form.html",
        form=form,
        meeting=meeting,
        stale=stale,
        current=meeting.minutes if stale else None,
    )
