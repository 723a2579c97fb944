"""Forms: the email that routes a person to their organisation's sign-in, and the administrator's set-up."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, MaxLength, Required, email_field

NO_AGENCY = ""


class OrganisationSignInForm(BaseForm):
    """The work email address, whose domain says where the person signs in."""

    email = email_field("Work email address")
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmLinkForm(BaseForm):
    """The password (and two-step code) of the account an organisation sign-in is about to be linked to."""

    password = PasswordField(
        "Your DHR Case Manager password",
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        "Security code from your authenticator app",
        widget=GovTextInput(),
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"},
    )
    submit = SubmitField("Confirm and sign in", widget=GovSubmitInput())


class SignInChoicesForm(BaseForm):
    """Whether passwords still work, and whether single sign-on may make accounts."""

    password_sign_in = BooleanField(
        "People may sign in with a password",
        description="Untick once everyone signs in through their organisation. Administrators keep a password.",
        widget=GovCheckboxInput(),
    )
    sso_creates_accounts = BooleanField(
        "A first sign-in through an organisation may make an account",
        description=(
            "The account has no roles until an administrator gives it some. Untick to allow invited people only."
        ),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ProviderForm(BaseForm):
    """An OpenID Connect provider: Microsoft Entra ID, Google Workspace, Okta and the like."""

    name = StringField(
        "Name people see",
        description="For example, Westminster City Council. The sign-in page says “Sign in with” this name.",
        validators=[Required("Enter a name"), MaxLength(200, "Name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    issuer = StringField(
        "Issuer",
        description="For Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0",
        validators=[Required("Enter the issuer"), MaxLength(500, "Issuer must be 500 characters or fewer")],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false"},
    )
    client_id = StringField(
        "Client ID",
        description="For Microsoft Entra ID: the application (client) ID of the app registration.",
        validators=[Required("Enter the client ID"), MaxLength(200, "Client ID must be 200 characters or fewer")],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false"},
    )
    client_secret = PasswordField(
        "Client secret",
        description="Leave blank to keep the secret already saved.",
        validators=[MaxLength(500, "Client secret must be 500 characters or fewer")],
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "off"},
    )
    email_domains = StringField(
        "Email domains",
        description=(
            "Addresses at these domains sign in here. Separate them with commas: westminster.gov.uk, rbkc.gov.uk"
        ),
        validators=[Required("Enter at least one email domain"), MaxLength(500, "Enter fewer domains")],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false"},
    )
    agency = SelectField("Organisation", widget=GovSelect(), validate_choice=True)
    emails_verified_by_provider = BooleanField(
        "The provider only gives addresses its organisation owns",
        description="Tick for Microsoft Entra ID, which sends no email_verified claim.",
        widget=GovCheckboxInput(),
    )
    active = BooleanField("In use", widget=GovCheckboxInput())
    submit = SubmitField("Save provider", widget=GovSubmitInput())

    def set_agencies(self, agencies) -> None:
        """Offer the partnership's organisations, or none for the partnership's own provider."""
        self.agency.choices = [(NO_AGENCY, "The partnership's own staff"), *((str(a.id), a.name) for a in agencies)]

    def chosen_agency_id(self) -> int | None:
        """The organisation picked, if any."""
        return int(self.agency.data) if self.agency.data else None

    def validate_issuer(self, field) -> None:
        from dhr.sso.client import allowed_url

        if field.data and not allowed_url(field.data.strip()):
            raise ValidationError("Issuer must be an https:// address, such as https://login.microsoftonline.com/…")
