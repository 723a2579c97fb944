"""A meeting's attendance: the whole list in one form, guests added and removed."""

from flask import abort, flash, g, redirect

from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.meetings import queries, services
from dhr.meetings.attendance import roster
from dhr.meetings.forms import GuestForm, attendance_form
from dhr.meetings.models import Attendee, Meeting
from dhr.meetings.stages import AttendanceStatus
from dhr.meetings.views import bp
from dhr.meetings.views.meetings import editable_or_redirect, meeting_url
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, in_review, review_page


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def record_attendance(review_id: int, meeting_id: int):
    """Present, apologies or absent for every member at the panel table and every guest, in one form."""
    review = g.review
    meeting = in_review(Meeting, meeting_id, review)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    queries.load_members(review)
    rows = roster(meeting)
    form = attendance_form(rows)
    if form.validate_on_submit():
        answers = {row.key: AttendanceStatus(form[row.key].data) for row in rows if form[row.key].data}
        services.record_attendance(meeting, answers, actor=actor())
        db.session.commit()
        flash("Attendance saved", "success")
        return redirect(meeting_url(meeting, "attendance"))
    return review_page("meetings/attendance-form.html", form=form, meeting=meeting, rows=rows)


@bp.route("/<int:meeting_id>/attendance/guests/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def add_guest(review_id: int, meeting_id: int):
    """Add someone who is not a member of the review: an agency's deputy, an advocate, a specialist."""
    review = g.review
    meeting = in_review(Meeting, meeting_id, review)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = GuestForm()
    form.set_agencies(agencies_for(review.partnership_id, active_only=True))
    if form.validate_on_submit():
        agency = db.session.get(Agency, int(form.agency.data)) if form.agency.data else None
        saved = attempt(
            lambda: services.add_guest(
                meeting,
                name=form.name.data,
                agency=agency,
                organisation=form.organisation.data or "",
                status=AttendanceStatus(form.status.data),
                actor=actor(),
            ),
            form=form,
            field="name",
            done="Guest added to the attendance",
            to=meeting_url(meeting, "attendance"),
        )
        if saved:
            return saved
    return review_page(
        "meetings/meeting-form.html",
        form=form,
        title="Add a guest",
        intro="Someone at the meeting who is not a member of the review. Members are already on the attendance list.",
        fields=["name", "agency", "organisation", "status"],
        back=meeting_url(meeting, "attendance"),
    )


@bp.route("/<int:meeting_id>/attendance/<int:attendee_id>/remove", methods=["POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def remove_guest(review_id: int, meeting_id: int, attendee_id: int):
    """Take a guest off the attendance list."""
    meeting = in_review(Meeting, meeting_id, g.review)
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.meeting_id != meeting.id or not attendee.is_guest:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    services.remove_guest(attendee, actor=actor())
    db.session.commit()
    flash("Guest removed from the attendance", "success")
    return redirect(meeting_url(meeting, "attendance"))
