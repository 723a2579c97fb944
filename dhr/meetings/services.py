"""Meeting verbs: plan, change, hold or cancel; agenda, minutes, attendance and actions. All audited.

Audit summaries name the meeting by kind and date and the item by number, never the free text typed
into agendas, minutes, actions or a guest's name: those may retell the case or name the family.
"""

from datetime import date, time

from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.meetings.attendance import roster
from dhr.meetings.models import AgendaItem, Attendee, Meeting, MeetingAction
from dhr.meetings.stages import (
    AttendanceStatus,
    AttendeeRole,
    MeetingKind,
    MeetingStatus,
)
from dhr.meetings.workflow import MeetingError, check_first_panel

S = MeetingStatus
MEETING_FIELDS = ("kind", "meeting_on", "starts_at", "location")
ITEM_FIELDS = ("title", "presenter", "notes", "decisions")
ACTION_FIELDS = ("description", "owner_id", "owner_name", "due_on", "agenda_item_id")


def require_editable(meeting: Meeting) -> None:
    """Refuse changes to a cancelled meeting."""
    if not meeting.editable:
        raise MeetingError("This meeting was cancelled. Reinstate it before changing it")


def create_meeting(
    review, *, kind: MeetingKind, meeting_on: date, starts_at: time | None, location: str, actor
) -> Meeting:
    """Plan a meeting of the review."""
    check_first_panel(review, kind)
    meeting = Meeting(
        review_id=review.id,
        review=review,
        kind=kind,
        meeting_on=meeting_on,
        starts_at=starts_at,
        location=location.strip(),
        status=S.PLANNED,
        created_by_id=actor.id,
    )
    db.session.add(meeting)
    db.session.flush()
    record(
        "meeting.created",
        f"{actor.name} planned the {meeting.named}",
        actor=actor,
        obj=meeting,
        review=meeting.review,
        data={"meeting_id": meeting.id, "kind": kind.value, "meeting_on": meeting_on.isoformat()},
    )
    return meeting


def update_meeting(meeting: Meeting, *, actor, **fields) -> list[str]:
    """Change when, where or what kind of meeting it is. Returns the changed field names."""
    require_editable(meeting)
    values = {key: fields[key] for key in MEETING_FIELDS}
    values["location"] = values["location"].strip()
    if values["kind"] is not meeting.kind:
        check_first_panel(meeting.review, values["kind"], meeting)
    if meeting.status is S.HELD and values["meeting_on"] > london_today():
        raise MeetingError("This meeting has been held, so its date must be today or in the past", "meeting_on")
    changed = apply_changes(meeting, values, MEETING_FIELDS)
    if changed:
        record(
            "meeting.updated",
            f"{actor.name} changed the {meeting.named}",
            actor=actor,
            obj=meeting,
            review=meeting.review,
            data={"meeting_id": meeting.id, "changed": changed},
        )
    db.session.flush()
    return changed


def save_minutes(meeting: Meeting, minutes: str, *, actor) -> bool:
    """Replace the general minutes. Returns whether anything changed."""
    require_editable(meeting)
    minutes = minutes.strip()
    if minutes == meeting.minutes:
        return False
    meeting.minutes = minutes
    record(
        "meeting.minutes_saved",
        f"{actor.name} saved the minutes of the {meeting.named}",
        actor=actor,
        obj=meeting,
        review=meeting.review,
        data={"meeting_id": meeting.id},
    )
    db.session.flush()
    return True


# Agenda


def _renumber(meeting: Meeting) -> None:
    for number, item in enumerate(sorted(meeting.agenda_items, key=lambda i: (i.position, i.id or 0)), start=1):
        if item.position != number:
            item.position = number


def add_agenda_item(
    meeting: Meeting, *, title: str, presenter: str = "", notes: str = "", decisions: str = "", actor
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    require_editable(meeting)
    if not title.strip():
        raise MeetingError("Enter the title of the agenda item", "title")
    item = AgendaItem(
        title=title.strip(),
        presenter=presenter.strip(),
        notes=notes.strip(),
        decisions=decisions.strip(),
        position=len(meeting.agenda_items) + 1,
    )
    meeting.agenda_items.append(item)
    db.session.flush()
    record(
        "meeting.agenda_item_added",
        f"{actor.name} added item {item.position} to the agenda of the {meeting.named}",
        actor=actor,
        obj=item,
        review=meeting.review,
        data={"meeting_id": meeting.id},
    )
    return item


def update_agenda_item(item: AgendaItem, *, actor, **fields) -> list[str]:
    """Change an item's title, presenter, discussion notes or decisions. Returns the changed field names."""
    meeting = item.meeting
    require_editable(meeting)
    values = {key: (fields[key] or "").strip() for key in ITEM_FIELDS}
    if not values["title"]:
        raise MeetingError("Enter the title of the agenda item", "title")
    changed = apply_changes(item, values, ITEM_FIELDS)
    if changed:
        record(
            "meeting.agenda_item_updated",
            f"{actor.name} changed item {item.position} of the {meeting.named}",
            actor=actor,
            obj=item,
            review=meeting.review,
            data={"meeting_id": meeting.id, "changed": changed},
        )
    db.session.flush()
    return changed


def move_agenda_item(item: AgendaItem, step: int, *, actor) -> bool:
    """Move an item one place up (-1) or down (+1). Returns False at either end of the agenda."""
    meeting = item.meeting
    require_editable(meeting)
    _renumber(meeting)
    items = list(meeting.agenda_items)
    index = items.index(item)
    other_index = index + step
    if step not in (-1, 1) or not 0 <= other_index < len(items):
        return False
    other = items[other_index]
    before = item.position
    item.position, other.position = other.position, item.position
    meeting.agenda_items.sort(key=lambda i: i.position)
    record(
        "meeting.agenda_item_moved",
        f"{actor.name} moved item {before} of the {meeting.named} to {item.position}",
        actor=actor,
        obj=item,
        review=meeting.review,
        data={"meeting_id": meeting.id, "from": before, "to": item.position},
    )
    db.session.flush()
    return True


def remove_agenda_item(item: AgendaItem, *, actor) -> None:
    """Take an item off the agenda (its actions stay, unlinked) and renumber the rest."""
    meeting = item.meeting
    require_editable(meeting)
    number = item.position
    for action in meeting.actions:
        if action.agenda_item_id == item.id:
            action.agenda_item_id = None
            action.agenda_item = None
    meeting.agenda_items.remove(item)
    db.session.flush()
    _renumber(meeting)
    record(
        "meeting.agenda_item_removed",
        f"{actor.name} removed item {number} from the agenda of the {meeting.named}",
        actor=actor,
        obj=meeting,
        review=meeting.review,
        data={"meeting_id": meeting.id, "position": number},
    )
    db.session.flush()


# Attendance


def record_attendance(meeting: Meeting, answers: dict[str, AttendanceStatus], *, actor) -> int:
    """Record present, apologies or absent for rows of the attendance list (keyed as in attendance.roster).

    Rows without an answer stay unrecorded. Returns how many rows changed.
    """
    require_editable(meeting)
    changed = 0
    for row in roster(meeting):
        status = answers.get(row.key)
        if status is None or status is row.status:
            continue
        if row.attendee is not None:
            row.attendee.status = status
        else:
            meeting.attendees.append(
                Attendee(
                    user_id=row.user_id,
                    name=row.name,
                    role=row.role,
                    agency_id=row.agency_id,
                    status=status,
                )
            )
        changed += 1
    if changed:
        db.session.flush()
        counts = {s.value: sum(1 for a in meeting.attendees if a.status is s) for s in AttendanceStatus}
        record(
            "meeting.attendance_recorded",
            f"{actor.name} recorded attendance at the {meeting.named}",
            actor=actor,
            obj=meeting,
            review=meeting.review,
            data={"meeting_id": meeting.id, "changed": changed, **counts},
        )
    return changed


def add_guest(meeting: Meeting, *, name: str, agency, organisation: str, status: AttendanceStatus, actor) -> Attendee:
    """Add someone who is not a member of the review to the attendance list."""
    require_editable(meeting)
    if not name.strip():
        raise MeetingError("Enter the guest's name", "name")
    if agency is not None and agency.partnership_id != meeting.review.partnership_id:
        raise MeetingError("Choose one of the partnership's agencies", "agency")
    guest = Attendee(
        name=name.strip(),
        role=AttendeeRole.GUEST,
        agency_id=agency.id if agency else None,
        organisation="" if agency else organisation.strip(),
        status=status,
    )
    meeting.attendees.append(guest)
    db.session.flush()
    record(
        "meeting.guest_added",
        f"{actor.name} added a guest to the attendance of the {meeting.named}",
        actor=actor,
        obj=guest,
        review=meeting.review,
        data={"meeting_id": meeting.id, "status": status.value, "agency": agency.code if agency else None},
    )
    return guest


def remove_guest(attendee: Attendee, *, actor) -> None:
    """Take a guest off the attendance list. Members stay on it: their attendance is changed, not removed."""
    meeting = attendee.meeting
    require_editable(meeting)
    if not attendee.is_guest:
        raise MeetingError("Only guests can be removed from the attendance list")
    meeting.attendees.remove(attendee)
    record(
        "meeting.guest_removed",
        f"{actor.name} removed a guest from the attendance of the {meeting.named}",
        actor=actor,
        obj=meeting,
        review=meeting.review,
        data={"meeting_id": meeting.id},
    )
    db.session.flush()


# Actions


def _action_values(meeting: Meeting, fields: dict) -> dict:
    values = {key: fields.get(key) for key in ACTION_FIELDS}
    values["description"] = (values["description"] or "").strip()
    values["owner_name"] = "" if values["owner_id"] else (values["owner_name"] or "").strip()
    if not values["description"]:
        raise MeetingError("Enter what needs to be done", "description")
    if not values["owner_id"] and not values["owner_name"]:
        raise MeetingError("Choose who owns the action, or enter their name", "owner")
    if values["owner_id"] and not any(m.user_id == values["owner_id"] for m in meeting.review.members):
        raise MeetingError("Choose a member of this review", "owner")
    if values["agenda_item_id"] and not any(i.id == values["agenda_item_id"] for i in meeting.agenda_items):
        raise MeetingError("Choose an item on this meeting's agenda", "agenda_item")
    return values


def add_action(meeting: Meeting, *, actor, **fields) -> MeetingAction:
    """Record an action arising from the meeting."""
    require_editable(meeting)
    values = _action_values(meeting, fields)
    action = MeetingAction(review_id=meeting.review_id, created_by_id=actor.id, **values)
    meeting.actions.append(action)
    db.session.flush()
    record(
        "meeting.action_added",
        f"{actor.name} recorded an action from the {meeting.named}",
        actor=actor,
        obj=action,
        review=meeting.review,
        data={"meeting_id": meeting.id, "due_on": action.due_on.isoformat(), "owner_id": action.owner_id},
    )
    return action


def update_action(action: MeetingAction, *, actor, **fields) -> list[str]:
    """Change an action's description, owner, due date or agenda item. Returns the changed field names."""
    meeting = action.meeting
    require_editable(meeting)
    values = _action_values(meeting, fields)
    changed = apply_changes(action, values, ACTION_FIELDS)
    if changed:
        record(
            "meeting.action_updated",
            f"{actor.name} changed an action from the {meeting.named}",
            actor=actor,
            obj=action,
            review=meeting.review,
            data={"meeting_id": meeting.id, "changed": changed},
        )
    db.session.flush()
    return changed


def complete_action(action: MeetingAction, *, actor, on: date | None = None) -> None:
    """Tick an action off as done, today unless a date is given, by the actor."""
    if action.done:
        raise MeetingError("This action is already done")
    on = on or london_today()
    if on > london_today():
        raise MeetingError("The date done must be today or in the past")
    action.done_on, action.done_by_id = on, actor.id
    record(
        "meeting.action_done",
        f"{actor.name} ticked off an action from the {action.meeting.named}",
        actor=actor,
        obj=action,
        review=action.meeting.review,
        data={"meeting_id": action.meeting.id, "done_on": on.isoformat()},
    )
    db.session.flush()


def reopen_action(action: MeetingAction, *, actor) -> None:
    """Reopen an action ticked off by mistake or found not done; the audit log keeps when it was ticked off."""
    if not action.done:
        raise MeetingError("This action is still open")
    before = action.done_on
    action.done_on, action.done_by_id = None, None
    record(
        "meeting.action_reopened",
        f"{actor.name} reopened an action from the {action.meeting.named}",
        actor=actor,
        obj=action,
        review=action.meeting.review,
        data={"meeting_id": action.meeting.id, "was_done_on": before.isoformat()},
    )
    db.session.flush()
