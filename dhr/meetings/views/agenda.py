"""A meeting's agenda: add, change (with discussion notes and decisions), move up or down, and remove items."""

from flask import abort, flash, g, redirect, request
from sqlalchemy.orm.exc import StaleDataError

from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.meetings import services
from dhr.meetings.forms import AgendaItemForm
from dhr.meetings.models import AgendaItem, Meeting
from dhr.meetings.views import bp
from dhr.meetings.views.meetings import editable_or_redirect, meeting_url
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, in_review, review_page

STALE = "Someone else changed this item after you opened the page. Your text is below: check it and save again."


def item_or_404(meeting: Meeting, item_id: int) -> AgendaItem:
    """An item on this meeting's agenda, or 404 (another meeting's item does not exist here)."""
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


@bp.route("/<int:meeting_id>/agenda/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def add_agenda_item(review_id: int, meeting_id: int):
    """Add an item to the end of the agenda."""
    meeting = in_review(Meeting, meeting_id, g.review)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = AgendaItemForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_agenda_item(meeting, actor=actor(), **form.values()),
            form=form,
            field="title",
            done=lambda item: f"Item {item.position} added",
            to=request.path if request.form.get("another") else meeting_url(meeting, "agenda"),
        )
    ):
        return saved
    return review_page(
        "meetings/agenda-item-form.html",
        form=form,
        meeting=meeting,
        title=f"Add item {len(meeting.agenda_items) + 1} to the agenda",
        fields=["title", "presenter"],
        adding=True,
    )


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def edit_agenda_item(review_id: int, meeting_id: int, item_id: int):
    """Change an item: its title and presenter, what was discussed and what was decided."""
    meeting = in_review(Meeting, meeting_id, g.review)
    item = item_or_404(meeting, item_id)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = AgendaItemForm(
        title=item.title,
        presenter=item.presenter,
        notes=item.notes,
        decisions=item.decisions,
        version=str(item.version),
    )
    stale = None
    if form.validate_on_submit():
        if form.version.data != str(item.version):
            stale = STALE
        else:
            try:
                services.update_agenda_item(item, actor=actor(), **form.values())
                db.session.commit()
            except services.MeetingError as error:
                form[error.field or "title"].errors.append(str(error))
            except StaleDataError:
                db.session.rollback()
                stale = STALE
            else:
                flash(f"Item {item.position} saved", "success")
                return redirect(meeting_url(meeting, f"item-{item.id}"))
        if stale:
            db.session.refresh(item)
            form.version.data = str(item.version)
    return review_page(
        "meetings/agenda-item-form.html",
        form=form,
        meeting=meeting,
        item=item,
        title=f"Item {item.position}: {item.title}",
        fields=["title", "presenter", "notes", "decisions"],
        stale=stale,
    )


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def move_agenda_item(review_id: int, meeting_id: int, item_id: int):
    """Move an item one place up or down the agenda."""
    meeting = in_review(Meeting, meeting_id, g.review)
    item = item_or_404(meeting, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    if services.move_agenda_item(item, step, actor=actor()):
        db.session.commit()
        flash(f"'{item.title}' is now item {item.position}", "success")
    return redirect(meeting_url(meeting, "agenda"))


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/remove", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEETINGS)
def remove_agenda_item(review_id: int, meeting_id: int, item_id: int):
    """Ask, then take the item off the agenda; the rest are renumbered and its actions kept."""
    meeting = in_review(Meeting, meeting_id, g.review)
    item = item_or_404(meeting, item_id)
    if (refused := editable_or_redirect(meeting)) is not None:
        return refused
    form = ConfirmForm()
    if form.validate_on_submit():
        services.remove_agenda_item(item, actor=actor())
        db.session.commit()
        flash("Item removed and the agenda renumbered", "success")
        return redirect(meeting_url(meeting, "agenda"))
    return review_page("meetings/remove-agenda-item.html", form=form, meeting=meeting, item=item)
