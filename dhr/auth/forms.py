"""Sign-in, forgotten password, set-password and change-password forms."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import ValidationError

from dhr.auth.passwords import password_problem
from dhr.core.forms import BaseForm, Required, email_field, new_password_field


class SignInForm(BaseForm):
    """Email and password."""

    email = email_field()
    password = PasswordField(
        "Password",
        validators=[Required("Enter your password")],
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgotPasswordForm(BaseForm):
    """Ask for a reset link."""

    email = email_field()
    submit = SubmitField("Send reset link", widget=GovSubmitInput())


class _NewPasswordMixin:
    """Checks the new password against the policy and the user's own details."""

    user_words: tuple[str, ...] = ()

    def validate_password(self, field):
        problem = password_problem(field.data or "", extra_words=self.user_words)
        if problem:
            raise ValidationError(problem)


class SetPasswordForm(_NewPasswordMixin, BaseForm):
    """Choose a password from an invitation or reset link."""

    password = new_password_field()
    submit = SubmitField("Save password", widget=GovSubmitInput())


class ChangePasswordForm(_NewPasswordMixin, BaseForm):
    """Change a password while signed in, re-entering the current one."""

    current_password = PasswordField(
        "Current password",
        validators=[Required("Enter your current password")],
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field("New password")
    submit = SubmitField("Change password", widget=GovSubmitInput())


def words_for(user) -> tuple[str, ...]:
    """Personal words a user's password must not be built on."""
    local = (user.email or "").split("@")[0]
    return (
        *user.name.lower().split(),
        *local.replace(".", " ").replace("_", " ").split(),
        *user.partnership.name.lower().split(),
    )


def _code_field(label: str, hint: str, missing: str, *, digits_only: bool) -> StringField:
    """A one-time code box: the phone's keyboard offers the code from a text message or app, no spellcheck."""
    extra = {"inputmode": "numeric"} if digits_only else {"autocapitalize": "none"}
    return StringField(
        label,
        description=hint,
        validators=[Required(missing)],
        widget=GovTextInput(),
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false", **extra},
    )


class TwoStepForm(BaseForm):
    """The code from the authenticator app, or a recovery code."""

    code = _code_field(
        "Security code",
        "The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        "Enter the security code",
        digits_only=False,
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpTwoStepForm(BaseForm):
    """The first code from the app just set up, which proves it works."""

    code = _code_field(
        "Code from your authenticator app",
        "Enter the 6-digit code the app shows for DHR Case Manager.",
        "Enter the 6-digit code from your authenticator app",
        digits_only=True,
    )
    submit = SubmitField("Confirm and continue", widget=GovSubmitInput())
