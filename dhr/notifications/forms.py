"""The email preferences form: one set of radios per category of notification, built from the categories."""

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import StopValidation

from dhr.core.forms import BaseForm, Radios, choices
from dhr.mail.models import MailChoice
from dhr.notifications.audiences import Category


class ChoiceRadios(RadioField):  # type: ignore[misc]  # WTForms ships no types: RadioField is Any
    """Radios whose missing or unknown answer gets the GOV.UK message, not WTForms' "Not a valid choice"."""

    def __init__(self, label: str, message: str, **kwargs: Any) -> None:
        super().__init__(label, choices=choices(MailChoice.choices()), widget=Radios(), **kwargs)
        self.message = message

    def pre_validate(self, form: BaseForm) -> None:
        """Refuse anything but one of the offered values."""
        if self.data not in {value for value, _ in MailChoice.choices()}:
            raise StopValidation(self.message)


class PreferencesForm(BaseForm):
    """Filled in below with a field per category, so a new category gets its radios without a change here."""

    submit = SubmitField("Save email preferences", widget=GovSubmitInput())


for _category in Category:
    setattr(
        PreferencesForm,
        _category.value,
        ChoiceRadios(_category.label, f"Select how you hear of {_category.label.lower()} by email"),
    )
