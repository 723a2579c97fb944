"""The declarations form: job title, declaration of independence, confidentiality agreement."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength

EXAMPLE = (
    "For example: I have had no involvement with the victim, the perpetrator or their families, nor with the "
    "services provided to them, and I do not manage anyone who had. Leave blank until it is made"
)


class DeclarationForm(BaseForm):
    """What a panel member declares and signs."""

    job_title = StringField(
        "Job title",
        widget=GovTextInput(),
        validators=[MaxLength(200, "Job title must be 200 characters or fewer")],
        description="Their role in their own agency, for example Detective Inspector, Specialist Crime Review Group",
    )
    independence_statement = TextAreaField(
        "Declaration of independence",
        widget=GovTextArea(),
        validators=[MaxLength(5000, "Declaration of independence must be 5,000 characters or fewer")],
        description=EXAMPLE,
    )
    independence_declared_on = GovDateField("Date of the declaration of independence")
    confidentiality_signed_on = GovDateField(
        "Date the confidentiality agreement was signed", description="Leave blank until it is signed"
    )
    appointed_on = GovDateField(
        "Date appointed",
        description="For the chair and the author: the day the partnership appointed them. The report's timescales "
        "section states it",
    )
    submit = SubmitField("Save declarations", widget=GovSubmitInput())

    def validate_independence_declared_on(self, field):
        if (self.independence_statement.data or "").strip() and field.data is None:
            raise ValidationError("Enter the date of the declaration of independence")

    def validate_independence_statement(self, field):
        if self.independence_declared_on.data is not None and not (field.data or "").strip():
            raise ValidationError("Enter the declaration of independence, or remove its date")

    def values(self) -> dict:
        """The cleaned fields for panel.services.record_declarations."""
        return {
            "job_title": self.job_title.data or "",
            "independence_statement": self.independence_statement.data or "",
            "independence_declared_on": self.independence_declared_on.data,
            "confidentiality_signed_on": self.confidentiality_signed_on.data,
            "appointed_on": self.appointed_on.data,
        }
