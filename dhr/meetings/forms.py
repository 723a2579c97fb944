"""Forms for meetings: the meeting itself, its status, minutes, agenda items, attendance, guests and actions."""

import re
from datetime import time

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, choices
from dhr.meetings.stages import MOVE_LABELS, AttendanceStatus, MeetingKind

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
TIME_HELP = "Enter a start time like 10:00, 14:30 or 2pm"
NONE = ""
SOMEONE_ELSE = "other"


def parse_time(text: str) -> time | None:
    """'10:00', '14.30', '2pm', '2:30 pm', 'noon' or blank; ValueError for anything else."""
    text = (text or "").strip().lower()
    if not text:
        return None
    if text in ("noon", "midday", "12 noon"):
        return time(12, 0)
    match = _TIME.match(text)
    if not match:
        raise ValueError(TIME_HELP)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(TIME_HELP)
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        raise ValueError(TIME_HELP)  # a bare "10" could be morning or evening
    if hour > 23 or minute > 59:
        raise ValueError(TIME_HELP)
    return time(hour, minute)


def show_time(value: time | None) -> str:
    """A time as the form shows it back: 14:30."""
    return f"{value:%H:%M}" if value else ""


def _text(label: str, maximum: int, **kwargs) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            *kwargs.pop("validators", []),
            MaxLength(maximum, f"{label} must be {maximum:,} characters or fewer"),
        ],
        **kwargs,
    )


def _textarea(label: str, maximum: int, **kwargs) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        validators=[
            *kwargs.pop("validators", []),
            MaxLength(maximum, f"{label} must be {maximum:,} characters or fewer"),
        ],
        **kwargs,
    )


class MeetingForm(BaseForm):
    """When and where a meeting is, and what kind."""

    kind = RadioField(
        "What kind of meeting is it?",
        validators=[Required("Select what kind of meeting it is")],
        choices=choices(MeetingKind.choices()),
        widget=Radios(),
    )
    meeting_on = GovDateField("Date", required="Enter the date of the meeting", allow_future=True)
    starts_at = StringField(
        "Start time (optional)",
        widget=GovTextInput(),
        description="For example, 10:00 or 2pm",
        render_kw={"class": "govuk-input--width-5", "spellcheck": "false"},
    )
    location = _text("Where (optional)", 200, description="A room and building, or 'Online'")
    submit = SubmitField("Save meeting", widget=GovSubmitInput())

    def validate_starts_at(self, field):
        try:
            self.parsed_time = parse_time(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def values(self) -> dict:
        """The cleaned values for the service."""
        return {
            "kind": MeetingKind(self.kind.data),
            "meeting_on": self.meeting_on.data,
            "starts_at": self.parsed_time,
            "location": self.location.data or "",
        }


class StatusForm(BaseForm):
    """Move the meeting to another status, saying why where it matters."""

    target = RadioField("What has happened?", validators=[Required("Select what has happened")], widget=Radios())
    reason = _textarea(
        "Reason", 2000, description="Needed when cancelling, or when a meeting recorded as held did not take place"
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def set_moves(self, current, targets) -> None:
        """Offer the moves the table allows from the current status."""
        self.target.choices = choices([(t.value, MOVE_LABELS[(current, t)]) for t in targets])


class MinutesForm(BaseForm):
    """The meeting's general minutes (each agenda item keeps its own notes and decisions)."""

    minutes = _textarea(
        "Minutes",
        50_000,
        description="What was said that does not belong to one agenda item. Record decisions against their item",
        render_kw={"rows": 15},
    )
    version = HiddenField()
    submit = SubmitField("Save minutes", widget=GovSubmitInput())


class AgendaItemForm(BaseForm):
    """An agenda item: its title and presenter, then what was discussed and what was decided."""

    title = _text("Title", 300, validators=[Required("Enter the title of the agenda item")])
    presenter = _text("Presenter (optional)", 200, description="Who introduces the item")
    notes = _textarea("Discussion notes", 20_000, render_kw={"rows": 8})
    decisions = _textarea(
        "Decisions",
        20_000,
        description="What the panel decided. Put each decision on its own line",
        render_kw={"rows": 6},
    )
    version = HiddenField()
    submit = SubmitField("Save item", widget=GovSubmitInput())

    def values(self) -> dict:
        """The text fields for the service."""
        return {key: self[key].data or "" for key in ("title", "presenter", "notes", "decisions")}


class InlineRadios(Radios):
    """Small radios side by side: one row of the attendance list."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("classes", "govuk-radios--inline govuk-radios--small")
        return params


def attendance_form(rows, **kwargs) -> BaseForm:
    """A form with one optional present/apologies/absent question per row of the attendance list."""

    class AttendanceForm(BaseForm):
        submit = SubmitField("Save attendance", widget=GovSubmitInput())

    values = [status.value for status in AttendanceStatus]

    def _known(form, field):
        if field.data is not None and field.data not in values:
            raise ValidationError(f"Select present, apologies or absent for {field.label.text.split(',')[0]}")

    for row in rows:
        setattr(
            AttendanceForm,
            row.key,
            RadioField(
                row.legend,
                choices=choices(AttendanceStatus.choices()),
                widget=InlineRadios(),
                validate_choice=False,
                validators=[_known],
                default=row.status.value if row.status else None,
            ),
        )
    return AttendanceForm(**kwargs)


class GuestForm(BaseForm):
    """Someone at the meeting who is not a member of the review."""

    name = _text("Name", 200, validators=[Required("Enter the guest's name")])
    agency = SelectField(
        "Agency (optional)",
        widget=GovSelect(),
        validate_choice=True,
        default=NONE,
        description="Choose the agency they represent, if it is one of the partnership's",
    )
    organisation = _text("Organisation (optional)", 200, description="If it is not one of the partnership's agencies")
    status = RadioField(
        "Attendance",
        validators=[Required("Select whether the guest was present, sent apologies or was absent")],
        choices=choices(AttendanceStatus.choices()),
        widget=Radios(),
        default=AttendanceStatus.PRESENT.value,
    )
    submit = SubmitField("Add guest", widget=GovSubmitInput())

    def set_agencies(self, agencies) -> None:
        """Offer the partnership's active agencies."""
        self.agency.choices = choices(
            [(NONE, "Not one of the partnership's agencies")] + [(a.id, a.name) for a in agencies]
        )


class ActionForm(BaseForm):
    """An action arising from the meeting: what, who, by when, and which item it came from."""

    description = _textarea("What needs to be done", 5000, validators=[Required("Enter what needs to be done")])
    owner = SelectField("Owner", widget=GovSelect(), validate_choice=True, default=NONE)
    owner_name = StringField(
        "Owner's name, if they are not a member of the review",
        widget=GovTextInput(),
        validators=[MaxLength(200, "Owner's name must be 200 characters or fewer")],
        description="For example, a manager at an agency",
    )
    due_on = GovDateField("Due date", required="Enter the date the action is due", allow_future=True)
    agenda_item = SelectField("Agenda item (optional)", widget=GovSelect(), validate_choice=True, default=NONE)
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def set_choices(self, members, items) -> None:
        """Offer the review's members as owners and the meeting's agenda items."""
        self.owner.choices = choices(
            [(NONE, "Choose the owner")]
            + [(user.id, label) for user, label in members]
            + [(SOMEONE_ELSE, "Someone else (enter their name below)")]
        )
        self.agenda_item.choices = choices(
            [(NONE, "Not linked to an item")] + [(i.id, f"{i.position}. {i.title}") for i in items]
        )

    def validate_owner(self, field):
        if field.data in (None, NONE):
            raise ValidationError("Choose who owns the action")

    def validate_owner_name(self, field):
        if self.owner.data == SOMEONE_ELSE and not (field.data or "").strip():
            raise ValidationError("Enter the name of the person who owns the action")

    def values(self) -> dict:
        """The cleaned values for the service."""
        someone_else = self.owner.data == SOMEONE_ELSE
        return {
            "description": self.description.data or "",
            "owner_id": None if someone_else else int(self.owner.data),
            "owner_name": (self.owner_name.data or "") if someone_else else "",
            "due_on": self.due_on.data,
            "agenda_item_id": int(self.agenda_item.data) if self.agenda_item.data else None,
        }
