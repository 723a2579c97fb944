"""Forms for a draft's scope and purpose, its lines of enquiry and agencies, agreeing it, and parallel processes."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, choices
from dhr.terms.stages import ProcessKind, ProcessStatus


def _textarea(label: str, maximum: int, *, required: str | None = None, **kwargs) -> TextAreaField:
    validators = [MaxLength(maximum, f"{label} must be {maximum:,} characters or fewer")]
    if required:
        validators.insert(0, Required(required))
    return TextAreaField(label, widget=GovTextArea(), validators=validators, **kwargs)


class DraftForm(BaseForm):
    """A draft's scope period and purpose."""

    scope_from = GovDateField("Scope period starts", description="The earliest events the review looks at")
    scope_to = GovDateField("Scope period ends", description="Usually the date of death")
    purpose = _textarea(
        "Purpose and notes",
        20_000,
        description="Why the review is held and anything the panel agreed about its conduct. Agencies read "
        "this: use pseudonyms",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_scope_to(self, field):
        if field.data and self.scope_from.data and field.data < self.scope_from.data:
            raise ValidationError("The scope period must end on or after it starts")


class LineForm(BaseForm):
    """One key line of enquiry."""

    text = _textarea(
        "Line of enquiry",
        2000,
        required="Enter the line of enquiry",
        description="For example, what knowledge did agencies have that could have indicated that the victim "
        "might be at risk of harm?",
    )
    submit = SubmitField("Save line of enquiry", widget=GovSubmitInput())


class AgencyScopeForm(BaseForm):
    """An agency included in or excluded from the review, and why."""

    agency = SelectField("Agency", widget=GovSelect(), validate_choice=True)
    included = RadioField(
        "Is the agency included in the review?",
        validators=[Required("Select whether the agency is included")],
        choices=choices([("yes", "Included"), ("no", "Excluded")]),
        widget=Radios(),
    )
    reason = _textarea(
        "Reason",
        2000,
        description="Needed when the agency is excluded: the QA panel checks why. For an included agency, what it "
        "provides or why it is involved",
    )
    submit = SubmitField("Save agency", widget=GovSubmitInput())

    def validate_agency(self, field):
        if not field.data:
            raise ValidationError("Select an agency")

    def validate_reason(self, field):
        if self.included.data == "no" and not (field.data or "").strip():
            raise ValidationError("Enter why the agency is excluded")


class AgreeForm(BaseForm):
    """The date the panel agreed the draft."""

    agreed_on = GovDateField("Date the panel agreed it", required="Enter the date the panel agreed the terms")
    submit = SubmitField("Record as agreed", widget=GovSubmitInput())


class ProcessForm(BaseForm):
    """A criminal trial, inquest, IOPC investigation or other review running alongside this one."""

    shield_exempt = ("notes",)  # parallel_processes.notes: shown with identities only

    kind = RadioField(
        "Process",
        validators=[Required("Select the kind of process")],
        choices=choices(ProcessKind.choices()),
        widget=Radios(),
    )
    description = StringField(
        "What it is",
        widget=GovTextInput(),
        validators=[MaxLength(200, "What it is must be 200 characters or fewer")],
        description="Needed for 'Other'. For example, Central Criminal Court trial of Adult H. Use pseudonyms",
    )
    status = RadioField(
        "Status",
        validators=[Required("Select the status")],
        choices=choices(ProcessStatus.choices()),
        widget=Radios(),
    )
    started_on = GovDateField("Date it started", description="For example, the date the inquest opened")
    next_date = GovDateField(
        "Next hearing or scheduled date", allow_future=True, description="Needed when it is scheduled"
    )
    concluded_on = GovDateField("Date it concluded", description="Needed when it has concluded")
    outcome = _textarea(
        "Outcome",
        5000,
        description="For example, the verdict and sentence, or the coroner's conclusion. Panel members and "
        "agencies read this: use pseudonyms",
    )
    notes = _textarea(
        "Notes",
        5000,
        description="Contacts, disclosure and timing. Seen only by coordinators, the chair and the author",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    FIELDS = ("kind", "description", "status", "started_on", "next_date", "concluded_on", "outcome", "notes")

    def values(self) -> dict:
        """The cleaned fields for terms.services.add_process / update_process."""
        return {
            "kind": ProcessKind(self.kind.data),
            "description": self.description.data or "",
            "status": ProcessStatus(self.status.data),
            "started_on": self.started_on.data,
            "next_date": self.next_date.data,
            "concluded_on": self.concluded_on.data,
            "outcome": self.outcome.data or "",
            "notes": self.notes.data or "",
        }
