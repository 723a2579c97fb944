"""The agency form."""

import re

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, RadioField, StringField, SubmitField
from wtforms.validators import ValidationError

from dhr.agencies.models import AgencyKind
from dhr.core.forms import BaseForm, MaxLength, Required, choices, valid_email

_CODE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")


class AgencyForm(BaseForm):
    """Add or edit an agency."""

    name = StringField(
        "Agency name",
        validators=[Required("Enter the agency name"), MaxLength(200, "Agency name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    code = StringField(
        "Short code",
        description="Letters and numbers, with hyphens between parts, for example MPS or WCC-ASC.",
        validators=[
            Required("Enter a short code for the agency"),
            MaxLength(16, "Short code must be 16 characters or fewer"),
        ],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false", "class": "govuk-input--width-10"},
    )
    kind = RadioField(
        "Kind of agency",
        validators=[Required("Select the kind of agency")],
        choices=choices(AgencyKind.choices()),
        widget=GovRadioInput(),
    )
    responsible_authority = BooleanField(
        "This is a responsible authority of the Community Safety Partnership",
        widget=GovCheckboxInput(),
    )
    senior_contact_name = StringField(
        "Senior contact's name",
        description="Overdue evidence requests are escalated to this person",
        validators=[MaxLength(200, "Name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    senior_contact_email = StringField(
        "Senior contact's email address",
        validators=[valid_email],
        widget=GovTextInput(),
        filters=[lambda v: v.lower() if isinstance(v, str) else v],
        render_kw={"autocomplete": "email", "spellcheck": "false", "type": "email"},
    )
    submit = SubmitField("Save agency", widget=GovSubmitInput())

    def validate_code(self, field):
        if field.data and not _CODE.match(field.data):
            raise ValidationError("Short code must contain only letters, numbers and single hyphens, like WCC-ASC")
