"""Meeting actions: record and change them, tick them off as done, reopen them."""

from flask import abort, g, request, url_for

from dhr.core.forms import ConfirmForm, filling_from_record
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.meetings import queries, services
from dhr.meetings.forms import SOMEONE_ELSE, ActionForm
from dhr.meetings.models import Meeting, MeetingAction
from dhr.meetings.views import bp
from dhr.meetings.views.meetings import editable_or_redirect, meeting_url
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, in_review, review_page


def action_or_404(meeting: Meeting, action_id: int) -> MeetingAction:
    """An action of this meeting, or 404."""
    action = db.session.get(MeetingAction, action_id)
    if action is None or action.meeting_id != meeting.id:
        abort(404)
    return action


def _owners(review) -> list[tuple]:
    """Each active member of the review once, with their roles, as possible owners."""
    queries.load_members(review)
    seen: dict[int, tuple] = {}
    for member in review.members:
        if not member.user.active:
            continue
        user, roles = seen.get(member.user_id, (member.user, []))
        roles.append(member.role.label.lower())
        seen[member.user_id] = (user, roles)
    return sorted(((u, f"{u.name} ({', '.join(r)})") for u, r in seen.values()), key=lambda pair: pair[0].name)


def _action_form(meeting: Meeting, action: MeetingAction | None = None) -> ActionForm:
    if action is None:
        form = ActionForm()
    else:
        # Plain values, not obj=action: WTForms prefers an object's attributes, and `owner` there is a User.
        form = ActionForm(
            description=action.description,
            owner=str(action.owner_id) if action.owner_id else SOMEONE_ELSE,
            owner_name=action.owner_name,
            due_on=action.due_on,
            agenda_item=str(action.agenda_item_id or ""),
        )
    form.set_choices(_owners(meeting.review), meeting.agenda_items)
    if action is None and filling_from_record(form) and request.args.get("item"):
        form.agenda_item.data = request.args["item"]
    return form


def _save(meeting: Meeting, form: ActionForm, action: MeetingAction | None):
    if action is None:
        to = request.path if request.form.get("another") else meeting_url(meeting, "actions")
        return attempt(
            lambda: services.add_action(meeting, actor=actor(), **form.values()),
            form=form,
            field="description",
            done="Action saved",
            to=to,
        )
    return attempt(
        lambda: services.update_action(action, actor=actor(), **form.values()),
        form=form,
        field="description",
        done="Action saved",
        to=meeting_url(meeting, "actions"),
    )


@bp.route("/<int:meeting_id>/actions/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def add_action(review_id: int, meeting_id: int):
    """Record an action: what, who owns it, when it is due, and which agenda item it came from."""
    meeting = in_review(Meeting, meeting_id, g.review)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = _action_form(meeting)
    if form.validate_on_submit() and (done := _save(meeting, form, None)) is not None:
        return done
    return review_page("meetings/action-form.html", form=form, meeting=meeting, title="Record an action", adding=True)


@bp.route("/<int:meeting_id>/actions/<int:action_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def edit_action(review_id: int, meeting_id: int, action_id: int):
    """Change an action's description, owner, due date or agenda item."""
    meeting = in_review(Meeting, meeting_id, g.review)
    action = action_or_404(meeting, action_id)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = _action_form(meeting, action)
    if form.validate_on_submit() and (done := _save(meeting, form, action)) is not None:
        return done
    return review_page("meetings/action-form.html", form=form, meeting=meeting, title="Change an action", adding=False)


def _back(meeting: Meeting) -> str:
    """Back to where the button was: the review's meetings list or the meeting's actions."""
    if request.form.get("back") == "list":
        return url_for("meetings.list_meetings", review_id=meeting.review_id, _anchor="open-actions")
    return meeting_url(meeting, "actions")


@bp.route("/<int:meeting_id>/actions/<int:action_id>/done", methods=["POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def complete_action(review_id: int, meeting_id: int, action_id: int):
    """Tick the action off as done today, by you."""
    meeting = in_review(Meeting, meeting_id, g.review)
    action = action_or_404(meeting, action_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = _back(meeting)
    return attempt(
        lambda: services.complete_action(action, actor=actor()),
        done="Action ticked off as done",
        to=back,
        refused_to=back,
    )


@bp.route("/<int:meeting_id>/actions/<int:action_id>/reopen", methods=["POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def reopen_action(review_id: int, meeting_id: int, action_id: int):
    """Reopen an action that was ticked off by mistake or turned out not to be done."""
    meeting = in_review(Meeting, meeting_id, g.review)
    action = action_or_404(meeting, action_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = _back(meeting)
    return attempt(
        lambda: services.reopen_action(action, actor=actor()), done="Action reopened", to=back, refused_to=back
    )
