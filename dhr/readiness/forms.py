"""The reason for overriding a failing check."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField

from dhr.core.forms import BaseForm, MaxLength, Required


class OverrideForm(BaseForm):
    """Why the review should go to the Home Office although this check fails."""

    reason = TextAreaField(
        "Why submit anyway",
        widget=GovTextArea(),
        validators=[
            Required("Enter why the review can be submitted anyway"),
            MaxLength(2000, "Reason must be 2,000 characters or fewer"),
        ],
        description="The QA panel may ask. For example: 'The family asked that no tribute be included.'",
    )
    submit = SubmitField("Override this check", widget=GovSubmitInput())
