"""Forms for the involvement matrix, chronology entries and returning a submission."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, Checkboxes, GovDateField, MaxLength, Radios, Required, choices
from dhr.evidence.fuzzy_dates import HELP, FuzzyDateError, parse_fuzzy_date
from dhr.evidence.stages import Contact, OutputRequired


def _contact(label: str) -> RadioField:
    return RadioField(
        label,
        validators=[Required(f"Select whether the agency had {label.lower()}")],
        choices=choices(Contact.choices()),
        widget=Radios(),
        default=Contact.UNKNOWN.value,
    )


class InvolvementForm(BaseForm):
    """One agency's row in the involvement matrix."""

    agency = SelectField("Agency", widget=GovSelect(), validate_choice=True)
    contact_victim = _contact("Contact with the victim")
    contact_perpetrator = _contact("Contact with the perpetrator")
    contact_children = _contact("Contact with the children")
    records_secured_on = GovDateField("Date records were secured", description="Leave blank if not yet secured")
    output = RadioField(
        "What the review needs from this agency",
        validators=[Required("Select what is needed")],
        choices=choices(OutputRequired.choices()),
        widget=Radios(),
    )
    exclusion_reason = TextAreaField(
        "Why nothing is needed",
        widget=GovTextArea(),
        validators=[MaxLength(2000, "Reason must be 2,000 characters or fewer")],
        description="Needed when the answer above is 'Nothing'. The QA panel checks why agencies were left out",
    )
    due_on = GovDateField("Due date", allow_future=True, description="Defaults to six weeks from today")
    submit = SubmitField("Save", widget=GovSubmitInput())


class EntryForm(BaseForm):
    """One chronology entry (domain.md §3.4)."""

    when = StringField(
        "Date",
        widget=GovTextInput(),
        validators=[Required("Enter the date of the event")],
        description=HELP.replace("Enter a date like", "For example,"),
        render_kw={"class": "govuk-input--width-20", "spellcheck": "false"},
    )
    service_team = StringField(
        "Service or team",
        widget=GovTextInput(),
        validators=[MaxLength(200, "Service or team must be 200 characters or fewer")],
    )
    source_ref = StringField(
        "Source reference",
        widget=GovTextInput(),
        validators=[MaxLength(200, "Source reference must be 200 characters or fewer")],
        description="The record system or document it comes from",
    )
    people = SelectMultipleField("People involved", widget=Checkboxes(), validate_choice=True)
    event_type = StringField(
        "Event or contact type",
        widget=GovTextInput(),
        validators=[MaxLength(120, "Event type must be 120 characters or fewer")],
        description="For example, call-out, GP appointment, referral, MARAC, DASH completed",
    )
    details = TextAreaField(
        "What happened",
        widget=GovTextArea(),
        validators=[
            Required("Enter what happened"),
            MaxLength(10_000, "What happened must be 10,000 characters or fewer"),
        ],
    )
    outcome = TextAreaField(
        "Action taken or outcome",
        widget=GovTextArea(),
        validators=[MaxLength(10_000, "Outcome must be 10,000 characters or fewer")],
    )
    comment = TextAreaField(
        "Comment (IMR author)",
        widget=GovTextArea(),
        validators=[MaxLength(10_000, "Comment must be 10,000 characters or fewer")],
        description="Optional: relevance to the terms of reference, missed opportunity, good practice",
    )
    submit = SubmitField("Save entry", widget=GovSubmitInput())
    another = SubmitField("Save and add another", widget=GovSubmitInput())

    def set_people(self, people, show_identities: bool) -> None:
        """Offer the review's people register, by pseudonym unless the user may see identities."""
        self.people.choices = choices(
            [
                (p.id, f"{p.pseudonym} ({p.real_name})" if show_identities and p.real_name else p.pseudonym)
                for p in people
            ]
        )

    def validate_when(self, field):
        try:
            self.parsed_when = parse_fuzzy_date(field.data or "")
        except FuzzyDateError as error:
            raise ValidationError(str(error)) from error

    def values(self) -> dict:
        """The text fields for the service."""
        return {
            k: (self[k].data or "")
            for k in ("service_team", "source_ref", "event_type", "details", "outcome", "comment")
        }


class ReturnForm(BaseForm):
    """Send a submission back to the agency."""

    reason = TextAreaField(
        "What does the agency need to change?",
        widget=GovTextArea(),
        validators=[
            Required("Enter what the agency needs to change"),
            MaxLength(5000, "Reason must be 5,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Return to the agency", widget=GovSubmitInput())
