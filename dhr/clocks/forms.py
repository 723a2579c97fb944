"""The clock-rules form, built for the rules of one guidance version."""

from dataclasses import replace

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import NumberRange

from dhr.clocks.rules import OffsetUnit, RuleSpec
from dhr.core.forms import BaseForm, MaxLength, Radios, Required, choices
from dhr.partnerships.models import GuidanceVersion


class GuidanceForm(BaseForm):
    """Which guidance the clocks follow."""

    guidance = RadioField(
        "Guidance the clocks follow",
        validators=[Required("Select the guidance")],
        choices=choices(GuidanceVersion.choices()),
        widget=Radios(),
    )
    submit = SubmitField("Switch guidance", widget=GovSubmitInput(), render_kw={"value": "Switch guidance"})


def rules_form(rules: tuple[RuleSpec, ...], formdata=None):
    """A form with label, offset, unit and pause fields for each rule."""

    class RulesForm(BaseForm):
        submit = SubmitField("Save clock rules", widget=GovSubmitInput())

    for rule in rules:
        setattr(
            RulesForm,
            f"label_{rule.key}",
            StringField(
                "Name",
                default=rule.label,
                widget=GovTextInput(),
                validators=[
                    Required("Enter a name for the clock"),
                    MaxLength(120, "Name must be 120 characters or fewer"),
                ],
            ),
        )
        setattr(
            RulesForm,
            f"offset_{rule.key}",
            IntegerField(
                "Time allowed",
                default=rule.offset,
                widget=GovTextInput(),
                validators=[
                    Required("Enter the time allowed"),
                    NumberRange(0, 3650, "Time allowed must be a whole number from 0 to 3650"),
                ],
                render_kw={"class": "govuk-input--width-3", "inputmode": "numeric"},
            ),
        )
        setattr(
            RulesForm,
            f"unit_{rule.key}",
            SelectField(
                "Unit",
                default=rule.unit.value,
                widget=GovSelect(),
                choices=choices(OffsetUnit.choices()),
                validate_choice=True,
            ),
        )
        setattr(
            RulesForm,
            f"note_{rule.key}",
            StringField(
                "Local note (optional)",
                default=rule.local_note,
                description="Where your protocol sets this timescale, for example a paragraph of your local protocol",
                widget=GovTextInput(),
                validators=[MaxLength(300, "Note must be 300 characters or fewer")],
            ),
        )
        setattr(
            RulesForm,
            f"pauses_{rule.key}",
            BooleanField(
                "Pausing the review extends this clock", default=rule.pauses_extend, widget=GovCheckboxInput()
            ),
        )
    return RulesForm(formdata=formdata)


def specs_from(form, rules: tuple[RuleSpec, ...]) -> list[RuleSpec]:
    """The edited rules, keeping each rule's trigger and the event that meets it."""
    return [
        replace(
            rule,
            label=form[f"label_{rule.key}"].data,
            offset=form[f"offset_{rule.key}"].data,
            unit=OffsetUnit(form[f"unit_{rule.key}"].data),
            pauses_extend=form[f"pauses_{rule.key}"].data,
            local_note=(form[f"note_{rule.key}"].data or "").strip(),
        )
        for rule in rules
    ]
