"""The correspondence form."""

from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import FileField, RadioField, SelectField, SubmitField, TextAreaField

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, choices
from dhr.correspondence.models import Counterpart, Direction, Method, Subject


class CorrespondenceForm(BaseForm):
    """One letter, email, call or meeting."""

    direction = RadioField(
        "Sent or received?",
        validators=[Required("Select whether it was sent or received")],
        choices=choices(
            [
                (Direction.SENT.value, "Sent by the partnership"),
                (Direction.RECEIVED.value, "Received by the partnership"),
            ]
        ),
        widget=Radios(),
    )
    counterpart = SelectField("With", widget=GovSelect(), validate_choice=True, choices=choices(Counterpart.choices()))
    subject = SelectField(
        "About",
        widget=GovSelect(),
        validate_choice=True,
        choices=choices(Subject.choices()),
        description="Some subjects meet a statutory clock: for example, the decision sent to the Home Office",
    )
    method = SelectField("How", widget=GovSelect(), validate_choice=True, choices=choices(Method.choices()))
    occurred_on = GovDateField("Date", required="Enter the date it was sent or received")
    summary = TextAreaField(
        "Summary", validators=[MaxLength(5000, "Summary must be 5,000 characters or fewer")], widget=GovTextArea()
    )
    file = FileField(
        "Attach a copy (optional)",
        widget=GovFileInput(),
        description="PDF, Word, Excel, email, text, PNG or JPEG, smaller than 20MB",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
