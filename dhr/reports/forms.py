"""Confirming the name-like words of a report that are not anyone's real name."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput
from wtforms import SelectMultipleField, SubmitField

from dhr.core.forms import BaseForm, Required, choices


class NamesCheckedForm(BaseForm):
    """The words the chair has checked against the register and found are not a person's name."""

    words = SelectMultipleField(
        "Words you have checked",
        description="Tick each word that is not anyone's real name: a place, a service, a term. If one is a person in "
        "the review, add them to the people register instead, and the leak scan will find them.",
        widget=GovCheckboxesInput(),
        validators=[Required("Select each word you have checked and found is not a name")],
    )
    submit = SubmitField("Confirm these are not names", widget=GovSubmitInput())

    def offer(self, candidates, key) -> None:
        """Offer each word still to check."""
        self.words.choices = choices((key(c.words), c.words) for c in candidates)
