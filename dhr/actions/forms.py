"""Forms for actions: the Home Office columns, progress updates, evidence, completion and the coordinator's
decisions."""

from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import FileField, RadioField, SelectField, StringField, SubmitField, TextAreaField

from dhr.actions.stages import PROGRESS_CHOICES
from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, choices

NO_ACCOUNT = ""


def _textarea(label: str, maximum: int, *validators, **kwargs) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        validators=[*validators, MaxLength(maximum, f"{label} must be {maximum:,} characters or fewer")],
        **kwargs,
    )


class ActionForm(BaseForm):
    """An action's Home Office columns and its named owner in the lead agency."""

    action = _textarea("Action to take", 5000, Required("Enter the action to take"))
    lead_agency = SelectField("Lead agency", widget=GovSelect(), validators=[Required("Select the lead agency")])
    owner = SelectField(
        "Owner",
        widget=GovSelect(),
        description="The person in the lead agency who answers for the action. They can update it here.",
    )
    owner_name = StringField(
        "Owner without an account (optional)",
        widget=GovTextInput(),
        description="Their name and job title, if they have no account",
        validators=[MaxLength(200, "The owner's name must be 200 characters or fewer")],
    )
    milestones = _textarea("Key milestones achieved in enacting recommendation (optional)", 5000)
    target_on = GovDateField("Target date", required="Enter the target date", allow_future=True)
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def set_choices(self, agencies, users) -> None:
        """Offer the partnership's active agencies and its people (with their agency)."""
        self.lead_agency.choices = choices([("", "Select the lead agency")] + [(a.id, a.name) for a in agencies])
        people = [(u.id, f"{u.name} ({u.agency.name})" if u.agency else u.name) for u in users]
        self.owner.choices = choices([(NO_ACCOUNT, "Someone without an account")] + people)


class UpdateForm(BaseForm):
    """A dated progress update and the status it reports."""

    text = _textarea(
        "What has happened since the last update?", 10_000, Required("Enter what has happened since the last update")
    )
    status = RadioField(
        "Is the action on track?",
        choices=choices((s.value, s.label) for s in PROGRESS_CHOICES),
        validators=[Required("Select whether the action is on track")],
        widget=Radios(),
    )
    submit = SubmitField("Add update", widget=GovSubmitInput())


class EvidenceForm(BaseForm):
    """A file showing the action was done."""

    file = FileField(
        "File",
        widget=GovFileInput(),
        description="A PDF, Word, Excel, CSV, text or image file of up to 20 MB, for example a training register",
    )
    description = StringField(
        "What it shows (optional)",
        widget=GovTextInput(),
        validators=[MaxLength(300, "What it shows must be 300 characters or fewer")],
    )
    submit = SubmitField("Add evidence", widget=GovSubmitInput())


class CompletionForm(BaseForm):
    """The lead agency reports the action done, for the coordinator to approve."""

    outcome = _textarea(
        "Outcome",
        10_000,
        Required("Enter the outcome: what was done and what difference it made"),
        description="What was done and what difference it made. This goes in the action plan's last column.",
    )
    completed_on = GovDateField("Date completed (optional)", description="Leave blank for today")
    submit = SubmitField("Ask for completion to be approved", widget=GovSubmitInput())


class DecisionForm(BaseForm):
    """The coordinator's decision on a completion request."""

    decision = RadioField(
        "Is the action complete?",
        choices=choices(
            [("approve", "Yes, approve the completion"), ("return", "No, send it back to the agency with a reason")]
        ),
        validators=[Required("Select whether the action is complete")],
        widget=Radios(),
    )
    reason = _textarea("Reason (needed when sending it back)", 5000)
    submit = SubmitField("Save decision", widget=GovSubmitInput())


class ReasonForm(BaseForm):
    """A move that must say why: reopening or superseding."""

    reason = _textarea("Reason", 5000, Required("Enter the reason"))
    submit = SubmitField("Save", widget=GovSubmitInput())
