"""Forms for the duty register: filters, a duty's owner and rule, occurrences, evidence, the annual report."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FileField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, WholeNumberField, choices
from dhr.duties.stages import Frequency, OccurrenceStatus


class FilterForm(BaseForm):
    """The register's filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    frequency = SelectField("Frequency", widget=GovSelect())
    owner = SelectField("Owner", widget=GovSelect())
    status = SelectField("Status of the next occurrence", widget=GovSelect())
    overdue = BooleanField("Only duties with an overdue occurrence", widget=GovCheckboxInput())
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def set_choices(self, agencies) -> None:
        """Offer every frequency, the owning agencies and every status."""
        self.frequency.choices = choices([("", "Any")] + Frequency.choices())
        self.owner.choices = choices([("", "Any")] + [(a.id, a.name) for a in agencies])
        self.status.choices = choices([("", "Any")] + OccurrenceStatus.choices())


def _due_day_problem(day: int | None, month: int | None) -> str:
    """What is wrong with a due day and month given together, or ''."""
    if (month is None) != (day is None):
        return "Enter both the due day and the due month, or neither"
    if month:
        try:
            date(2024, month, day)  # a leap year, so 29 February is allowed
        except ValueError:
            return "The due day must be a real day of that month, for example 31 for March"
    return ""


class DutyForm(BaseForm):
    """Who owns a duty, when it falls due, and notes."""

    owner_agency = SelectField("Owning agency", widget=GovSelect())
    owner_officer = StringField(
        "Officer",
        widget=GovTextInput(),
        validators=[MaxLength(200, "Officer must be 200 characters or fewer")],
        description="The post that answers for the duty",
    )
    due_day = WholeNumberField(
        "Due day (annual duties)",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(1, 31, "Due day must be a number from 1 to 31")],
        render_kw={"class": "govuk-input--width-2", "inputmode": "numeric"},
    )
    due_month = WholeNumberField(
        "Due month (annual duties)",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(1, 12, "Due month must be a number from 1 to 12")],
        render_kw={"class": "govuk-input--width-2", "inputmode": "numeric"},
    )
    notes = TextAreaField(
        "Notes", widget=GovTextArea(), validators=[MaxLength(5000, "Notes must be 5,000 characters or fewer")]
    )
    active = BooleanField("The duty is in force for this partnership", widget=GovCheckboxInput())
    submit = SubmitField("Save duty", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then the day and month together (Optional stops a blank field's own checks)."""
        valid = super().validate(extra_validators=extra_validators)
        if self.due_day.errors or self.due_month.errors:
            return valid
        problem = _due_day_problem(self.due_day.data, self.due_month.data)
        if problem:
            self.due_day.errors = [*self.due_day.errors, problem]
            return False
        return valid

    def set_choices(self, agencies) -> None:
        """Offer the partnership's agencies."""
        self.owner_agency.choices = choices([("", "No owning agency")] + [(a.id, a.name) for a in agencies])


class OccurrenceForm(BaseForm):
    """An occurrence of an event-driven or on-request duty."""

    label = StringField(
        "What is due",
        widget=GovTextInput(),
        validators=[Required("Enter what is due"), MaxLength(100, "What is due must be 100 characters or fewer")],
        description="For example, 'MOPAC partnership meeting, March 2027'",
    )
    due_on = GovDateField("Due date", required="Enter the due date", allow_future=True)
    submit = SubmitField("Add occurrence", widget=GovSubmitInput())


class MetForm(BaseForm):
    """The date the duty was met."""

    met_on = GovDateField("Date met", required="Enter the date the duty was met")
    submit = SubmitField("Record as met", widget=GovSubmitInput())


class StatusForm(BaseForm):
    """Move an occurrence: in progress, not applicable (with a reason), or back to not started or in progress."""

    target = RadioField("What is its status?", validators=[Required("Select the status")], widget=Radios())
    reason = TextAreaField(
        "Reason",
        widget=GovTextArea(),
        validators=[MaxLength(2000, "Reason must be 2,000 characters or fewer")],
        description="Needed when it does not apply, or when a duty recorded as met was not",
    )
    submit = SubmitField("Save status", widget=GovSubmitInput())


class EvidenceForm(BaseForm):
    """A file showing the duty was met."""

    file = FileField("File", widget=GovFileInput(), description="A PDF, Word, Excel, CSV, text or image file")
    description = StringField(
        "What it shows (optional)",
        widget=GovTextInput(),
        validators=[MaxLength(300, "What it shows must be 300 characters or fewer")],
    )
    submit = SubmitField("Add evidence", widget=GovSubmitInput())


class LinkForm(BaseForm):
    """Link a review recommendation to a delivery-group objective."""

    recommendation = SelectField(
        "Recommendation", widget=GovSelect(), validators=[Required("Select the recommendation to link")]
    )
    submit = SubmitField("Link recommendation", widget=GovSubmitInput())


def _year(message: str):
    """A year from 2000 to 2100; a blank one is left to Required's message."""

    def check(form, field):
        if field.data is not None and not 2000 <= field.data <= 2100:
            raise ValidationError(message)

    return check


class StrategyForm(BaseForm):
    """The strategy's title, period, vision and cross-cutting principles."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[Required("Enter the strategy's title"), MaxLength(200, "Title must be 200 characters or fewer")],
    )
    starts_year = WholeNumberField(
        "First year",
        widget=GovTextInput(),
        validators=[Required("Enter the first year"), _year("First year must be a year like 2017")],
        render_kw={"class": "govuk-input--width-4", "inputmode": "numeric"},
    )
    ends_year = WholeNumberField(
        "Last year",
        widget=GovTextInput(),
        validators=[Required("Enter the last year"), _year("Last year must be a year like 2020")],
        render_kw={"class": "govuk-input--width-4", "inputmode": "numeric"},
    )
    refreshed_on = GovDateField("Last refreshed (optional)")
    vision = TextAreaField(
        "Vision", widget=GovTextArea(), validators=[MaxLength(2000, "Vision must be 2,000 characters or fewer")]
    )
    principles = TextAreaField(
        "Cross-cutting principles",
        widget=GovTextArea(),
        description="One per line",
        validators=[MaxLength(5000, "Cross-cutting principles must be 5,000 characters or fewer")],
    )
    submit = SubmitField("Save strategy", widget=GovSubmitInput())

    def validate_ends_year(self, field):
        if self.starts_year.data and field.data and field.data < self.starts_year.data:
            raise ValidationError("Last year must be the same as or after the first year")


class GroupForm(BaseForm):
    """A delivery group's name, aim and numbered objectives."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[Required("Enter the group's name"), MaxLength(100, "Name must be 100 characters or fewer")],
    )
    aim = TextAreaField(
        "Aim", widget=GovTextArea(), validators=[MaxLength(2000, "Aim must be 2,000 characters or fewer")]
    )
    objectives = TextAreaField(
        "Objectives",
        widget=GovTextArea(),
        description="One per line, in order: they are numbered 1, 2, 3. Change a line's words to reword an objective "
        "and keep its links; add lines at the end for new ones.",
        validators=[MaxLength(10_000, "Objectives must be 10,000 characters or fewer")],
        render_kw={"rows": 8},
    )
    submit = SubmitField("Save delivery group", widget=GovSubmitInput())


class AnnualSignOffForm(BaseForm):
    """The board's sign-off of one year's annual report."""

    report_year = WholeNumberField(
        "Year of the report",
        widget=GovTextInput(),
        validators=[Required("Enter the year of the report"), NumberRange(2000, 2100, "Enter a year like 2026")],
        render_kw={"class": "govuk-input--width-4", "inputmode": "numeric"},
    )
    signed_off_on = GovDateField("Date the board signed it off", required="Enter the date the board signed it off")
    signed_off_by = StringField(
        "Who signed it off",
        description="For example, the Safer Westminster Partnership board",
        validators=[Required("Enter who signed it off"), MaxLength(200, "Enter 200 characters or fewer")],
        widget=GovTextInput(),
    )
    minute_reference = StringField(
        "Minute reference (optional)",
        validators=[MaxLength(200, "Enter 200 characters or fewer")],
        widget=GovTextInput(),
        render_kw={"class": "govuk-input--width-10"},
    )
    submit = SubmitField("Record the sign-off", widget=GovSubmitInput())
