"""The agency form."""

import re

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from dhr.agencies.models import AgencyKind
from dhr.agencies.organisations import normalise_ods_code, valid_ods_code
from dhr.core.forms import BaseForm, MaxLength, Required, choices, valid_email

_CODE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")


def _ods_code_shape(form: BaseForm, field: StringField) -> None:
    if field.data and not valid_ods_code(normalise_ods_code(field.data)):
        raise ValidationError("ODS code must be 3 to 10 letters and numbers, like RV3")


def ods_code_field() -> StringField:
    """The optional ODS code input, made afresh for each form so it keeps its place among the form's fields."""
    return StringField(
        "ODS code (optional)",
        description="The NHS Organisation Data Service code, for example RV3, if the organisation has one.",
        validators=[MaxLength(10, "ODS code must be 10 characters or fewer"), _ods_code_shape],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false", "class": "govuk-input--width-10"},
    )


class AgencyForm(BaseForm):
    """Add or edit an agency."""

    organisation = SelectField(
        "Organisation",
        description="Police forces, councils and NHS trusts that serve several partnerships are kept once, with "
        "their ODS code. Choose one if it is listed; its name and kind are used unless you type your own.",
        default="",
        widget=GovSelect(),
        validate_choice=True,
        invalid_choice_message="Select an organisation from the list",
    )
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
    ods_code = ods_code_field()
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

    def offer_organisations(self, organisations) -> None:
        """Offer the organisations this partnership has no agency for yet, plus 'not listed'."""
        self.organisation.choices = choices(
            [("", "Not listed: a new organisation")]
            + [(o.id, f"{o.name} ({o.ods_code})" if o.ods_code else o.name) for o in organisations]
        )

    def take_organisation_defaults(self, organisation) -> None:
        """Fill a blank name and kind from the chosen organisation, before the form is checked."""
        if organisation is None:
            return
        if not (self.name.data or "").strip():
            self.name.data = organisation.name
        if not self.kind.data:
            self.kind.data = organisation.kind.value

    def validate_code(self, field):
        if field.data and not _CODE.match(field.data):
            raise ValidationError("Short code must contain only letters, numbers and single hyphens, like WCC-ASC")


class OrganisationForm(BaseForm):
    """Correct an organisation's name, kind or ODS code."""

    name = StringField(
        "Organisation name",
        validators=[
            Required("Enter the organisation's name"),
            MaxLength(200, "Organisation name must be 200 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    kind = RadioField(
        "Kind of organisation",
        validators=[Required("Select the kind of organisation")],
        choices=choices(AgencyKind.choices()),
        widget=GovRadioInput(),
    )
    ods_code = ods_code_field()
    submit = SubmitField("Save organisation", widget=GovSubmitInput())
