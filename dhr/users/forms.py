"""Forms for inviting and editing users."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, MaxLength, Radios, Required, choices, email_field
from dhr.permissions import ReviewRole, Role

NO_AGENCY = ""


class _Roles(BaseForm):
    roles = SelectMultipleField(
        "Partnership roles",
        description="Leave all unticked for agency contributors, chairs and panel members: "
        "they get access through the reviews they are added to.",
        widget=GovCheckboxesInput(),
        choices=choices(Role.choices()),
    )

    def chosen_roles(self) -> set[Role]:
        """The ticked roles as enum members."""
        return {Role(value) for value in self.roles.data or []}


class _UserFields(_Roles):
    name = StringField(
        "Full name",
        validators=[Required("Enter the user's full name"), MaxLength(200, "Name must be 200 characters or fewer")],
        widget=GovTextInput(),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    agency = SelectField(
        "Agency",
        description="Agency contributors and panel members belong to an agency. Independent chairs do not.",
        widget=GovSelect(),
        validate_choice=True,
    )

    def set_agency_choices(self, agencies) -> None:
        """Offer the partnership's agencies, plus 'no agency'."""
        self.agency.choices = choices(
            [(NO_AGENCY, "No agency (for example, an independent chair)")]
            + [(a.id, f"{a.name} ({a.code})") for a in agencies]
        )

    def chosen_agency_id(self) -> int | None:
        """The selected agency id, or None."""
        return int(self.agency.data) if self.agency.data not in (None, NO_AGENCY) else None


class InviteUserForm(_UserFields):
    """Invite a new user by email."""

    email = email_field()
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class EditUserForm(_UserFields):
    """Change a user's name, agency and roles."""

    submit = SubmitField("Save changes", widget=GovSubmitInput())


class AddToPartnershipForm(_Roles):
    """A system administrator adds someone who already has an account to another partnership (the partnership's
    administrators set their agency afterwards)."""

    email = email_field("Their email address")
    partnership = SelectField(
        "Partnership",
        widget=GovSelect(),
        validators=[Required("Select the partnership to add them to")],
        validate_choice=True,
        invalid_choice_message="Select the partnership to add them to",
    )
    submit = SubmitField("Add to partnership", widget=GovSubmitInput())


class InviteToReviewForm(BaseForm):
    """Invite someone without an account and give them a role on one review, from its Members page."""

    name = StringField(
        "Full name",
        validators=[Required("Enter their full name"), MaxLength(200, "Name must be 200 characters or fewer")],
        widget=GovTextInput(),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    email = email_field("Their email address")
    role = RadioField(
        "Role on this review",
        validators=[Required("Select their role on this review")],
        choices=choices([(role.value, role.label) for role in ReviewRole if role is not ReviewRole.COORDINATOR]),
        widget=Radios(),
    )
    agency = SelectField(
        "Agency they represent",
        description="Needed for panel members and agency contributors. Independent chairs and authors have none.",
        widget=GovSelect(),
        validate_choice=True,
    )
    submit = SubmitField("Send invitation and add to review", widget=GovSubmitInput())

    def set_agency_choices(self, agencies) -> None:
        """Offer the partnership's agencies, plus 'no agency'."""
        self.agency.choices = choices(
            [(NO_AGENCY, "No agency (for example, an independent chair)")]
            + [(a.id, f"{a.name} ({a.code})") for a in agencies]
        )

    def validate_agency(self, field) -> None:
        """Panel members and contributors speak for an agency."""
        role = ReviewRole(self.role.data) if self.role.data in ReviewRole._value2member_map_ else None
        if role is not None and role.needs_agency and field.data in (None, NO_AGENCY):
            raise ValidationError(f"Select the agency this {role.label.lower()} represents")
