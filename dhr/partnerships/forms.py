"""Partnership settings form."""

import re

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField
from wtforms.validators import NumberRange, ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Required, choices
from dhr.partnerships.models import ReviewLabel


class SettingsForm(BaseForm):
    """Name, reference prefix and what reviews are called."""

    name = StringField(
        "Partnership name",
        validators=[Required("Enter the partnership name"), MaxLength(200, "Name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    reference_prefix = StringField(
        "Reference prefix",
        description="Starts every review reference, for example SWP in SWP-DARDR-2026-03.",
        validators=[
            Required("Enter a reference prefix"),
            MaxLength(12, "Reference prefix must be 12 characters or fewer"),
        ],
        widget=GovTextInput(),
        render_kw={"class": "govuk-input--width-5", "spellcheck": "false"},
    )
    review_label = RadioField(
        "What your partnership calls its reviews",
        validators=[Required("Select what your partnership calls its reviews")],
        choices=choices(ReviewLabel.choices()),
        widget=GovRadioInput(),
    )
    evidence_due_days = IntegerField(
        "Days agencies have for chronologies and IMRs",
        description="The default due date for a new agency request. Six weeks is 42 days.",
        validators=[Required("Enter the number of days"), NumberRange(1, 365, "Enter a whole number from 1 to 365")],
        widget=GovTextInput(),
        render_kw={"class": "govuk-input--width-3", "inputmode": "numeric"},
    )
    signatory_name = StringField(
        "Who signs the partnership's letters (optional)",
        description="Their name, as on the letters to the Home Office, agencies and the Domestic Abuse Commissioner",
        validators=[MaxLength(200, "Name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    signatory_role = StringField(
        "Their role (optional)",
        description="For example, Chair, Safer Westminster Partnership",
        validators=[MaxLength(200, "Role must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    s19_commenced_on = GovDateField(
        "Victims and Prisoners Act 2024 section 19 in force from (optional)",
        allow_future=True,
        description=(
            "Leave empty while section 19 is not in force. From this date, a report signed off must also go to the "
            "Secretary of State, and a clock tracks the copy. For example, 1 4 2027"
        ),
    )
    two_step_for_everyone = BooleanField(
        "Everyone in the partnership must use two-step verification",
        description=(
            "Administrators, coordinators, chairs and authors always must, because they can see real names. "
            "Tick this to require it of agency contributors, panel members and board members too."
        ),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    def validate_reference_prefix(self, field):
        if field.data and not re.fullmatch(r"[A-Za-z0-9]+", field.data):
            raise ValidationError("Reference prefix must contain only letters and numbers")
