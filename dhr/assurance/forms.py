"""Forms for sign-off, submission, the Commissioner's copy, QA letters and points, responses and publication."""

from urllib.parse import urlsplit

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.assurance.points import MAX_POINTS
from dhr.assurance.stages import CopyRecipient, HoldKind, PointStatus, QaOutcome, SendMethod
from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, choices


def _text(label: str, *, required: str | None = None, maximum: int = 200, **kwargs) -> StringField:
    validators = [MaxLength(maximum, f"{label} must be {maximum} characters or fewer")]
    if required:
        validators.insert(0, Required(required))
    return StringField(label, validators=validators, widget=GovTextInput(), **kwargs)


def _textarea(label: str, *, required: str | None = None, maximum: int = 5000, **kwargs) -> TextAreaField:
    validators = [MaxLength(maximum, f"{label} must be {maximum:,} characters or fewer")]
    if required:
        validators.insert(0, Required(required))
    return TextAreaField(label, validators=validators, widget=GovTextArea(), **kwargs)


def _radios(label: str, enum, required: str, **kwargs) -> RadioField:
    return RadioField(
        label, validators=[Required(required)], choices=choices(enum.choices()), widget=Radios(), **kwargs
    )


def _method() -> RadioField:
    return _radios("How was it sent?", SendMethod, "Select how it was sent")


class SignOffForm(BaseForm):
    """The CSP's sign-off of the overview report, executive summary and action plan."""

    signed_off_on = GovDateField("Date of sign-off", required="Enter the date of the CSP sign-off")
    body = _text(
        "Signed off by (body)",
        required="Enter the body that signed the review off",
        description="For example, Safer Westminster Partnership board",
    )
    signed_off_by = _text(
        "Name of the person who signed (optional)",
        description="For example, the chair of the board. Leave blank if the body signed as a whole",
    )
    minute_reference = _text(
        "Minute reference",
        required="Enter the minute reference of the sign-off",
        maximum=100,
        description="For example, SWP board 12 March 2026, item 5",
    )
    notes = _textarea("Notes (optional)")
    submit = SubmitField("Record sign-off", widget=GovSubmitInput())


class SubmissionForm(BaseForm):
    """The report sent to the Home Office QA panel."""

    sent_on = GovDateField("Date sent", required="Enter the date the report was sent")
    method = _method()
    versions_sent = _textarea(
        "Versions sent",
        required="Enter which versions were sent",
        maximum=2000,
        description="For example: Overview report v0.4; Executive summary v0.2; Action plan v0.3",
    )
    notes = _textarea("Notes (optional)")
    submit = SubmitField("Record submission", widget=GovSubmitInput())


class ReportCopyForm(BaseForm):
    """A copy of the completed report to the Domestic Abuse Commissioner (or the Secretary of State)."""

    recipient = _radios(
        "Sent to",
        CopyRecipient,
        "Select who the copy was sent to",
        default=CopyRecipient.COMMISSIONER.value,
        description="The Secretary of State also receives one once the Victims and Prisoners Act 2024 s19 is in force",
    )
    sent_on = GovDateField("Date sent", required="Enter the date the copy was sent")
    method = _method()
    what_sent = _textarea(
        "What was sent",
        required="Enter what was sent",
        maximum=2000,
        description="For example: Overview report v1.0, executive summary and action plan, with a covering letter",
    )
    notes = _textarea("Notes (optional)")
    submit = SubmitField("Record the copy", widget=GovSubmitInput())


class QaLetterForm(BaseForm):
    """The QA panel's feedback letter."""

    panel_on = GovDateField("Date the QA panel met", required="Enter the date the QA panel met")
    letter_dated_on = GovDateField("Date of the letter", required="Enter the date of the letter")
    received_on = GovDateField("Date the letter was received", required="Enter the date the letter was received")
    outcome = _radios("Outcome", QaOutcome, "Select the outcome of the letter")
    positives = _textarea(
        "Positives the panel noted (optional)", maximum=10_000, description="What the letter says was done well"
    )
    points = _textarea(
        "Areas for final development",
        maximum=50_000,
        description=f"Paste the numbered points from the letter, or put one point on each line (at most {MAX_POINTS}). "
        "Each point becomes a row of the response matrix",
        render_kw={"rows": 10},
    )
    submit = SubmitField("Record the letter", widget=GovSubmitInput())

    def validate_letter_dated_on(self, field):
        if field.data and self.panel_on.data and field.data < self.panel_on.data:
            raise ValidationError("The date of the letter must be on or after the date the panel met")

    def validate_received_on(self, field):
        if field.data and self.letter_dated_on.data and field.data < self.letter_dated_on.data:
            raise ValidationError("The date received must be on or after the date of the letter")


class QaLetterEditForm(QaLetterForm):
    """The letter's dates, outcome and positives; points are changed one by one."""

    points = None
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class PointForm(BaseForm):
    """One development point as the letter has it."""

    number = _text(
        "Point number",
        required="Enter the point's number",
        maximum=3,
        render_kw={"class": "govuk-input--width-3", "inputmode": "numeric"},
    )
    text = _textarea("Point", required="Enter the point as the letter puts it", maximum=5000)
    submit = SubmitField("Save point", widget=GovSubmitInput())

    def validate_number(self, field):
        if field.data and (not field.data.isdigit() or int(field.data) < 1):
            raise ValidationError("Point number must be a whole number, like 3")


class ResponseForm(BaseForm):
    """The partnership's response to one point: a row of the response matrix."""

    status = _radios("Status", PointStatus, "Select the status of the point")
    response = _textarea(
        "Response",
        maximum=10_000,
        description="What was changed in the report, or what the partnership will do",
        render_kw={"rows": 6},
    )
    paragraphs_changed = _text("Paragraphs changed (optional)", description="For example, 6.2, 11.4")
    not_accepted_reason = _textarea(
        "Why the point is not accepted",
        description="Needed when the status is 'Not accepted'. The Home Office will read it",
    )
    version = HiddenField()
    submit = SubmitField("Save response", widget=GovSubmitInput())


def valid_web_address(form, field) -> None:
    """An http or https address with a host, and no spaces."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in field.data or "." not in parts.netloc:
        raise ValidationError("Enter a web address starting with https://, like https://www.westminster.gov.uk/dardr")


class PublicationForm(BaseForm):
    """Where and when the report was published."""

    published_on = GovDateField("Date published", required="Enter the date the report was published")
    web_address = StringField(
        "Web address of the published report",
        validators=[
            Required("Enter the web address of the published report"),
            MaxLength(500, "Web address must be 500 characters or fewer"),
            valid_web_address,
        ],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false", "type": "url"},
    )
    family_told_on = GovDateField(
        "Date the family was told",
        description="The family should hear before the report goes online. Leave blank if there is no family to tell",
    )
    library_entry = _text(
        "Home Office DHR Library entry (optional)",
        maximum=500,
        description="The library's reference or web address; add it later if it is not listed yet",
    )
    executive_summary_on = GovDateField(
        "Date the executive summary was published (optional)", description="If it went up separately"
    )
    notes = _textarea("Notes (optional)")
    submit = SubmitField("Record publication", widget=GovSubmitInput())


class PublicationEditForm(PublicationForm):
    """The publication's details after the event; its date is fixed."""

    published_on = None
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class PublicationHoldForm(BaseForm):
    """Publication deferred (until a review date) or withheld (with the Home Office's agreement)."""

    kind = RadioField(
        "Why is the report not being published now?",
        validators=[Required("Select whether publication is deferred or withheld")],
        choices=choices(HoldKind.choices()),
        widget=Radios(),
    )
    reason = TextAreaField(
        "Reason",
        validators=[Required("Enter the reason"), MaxLength(5000, "Reason must be 5,000 characters or fewer")],
        widget=GovTextArea(),
        description="For example, an appeal is pending, or publication would identify a surviving child",
        render_kw={"rows": 4},
    )
    decided_on = GovDateField("Date decided", required="Enter the date it was decided")
    review_on = GovDateField(
        "Date to look at it again (deferred)", allow_future=True, description="Needed when publication is deferred"
    )
    home_office_agreed_on = GovDateField(
        "Date the Home Office agreed (withheld)", description="Needed when publication is withheld"
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_review_on(self, field):
        if self.kind.data == HoldKind.DEFERRED.value and field.data is None:
            raise ValidationError("Enter the date to look at the deferral again")

    def validate_home_office_agreed_on(self, field):
        if self.kind.data == HoldKind.WITHHELD.value and field.data is None:
            raise ValidationError("Enter the date the Home Office agreed to withhold publication")
