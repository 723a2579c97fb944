"""Forms for recommendations (with the check for similar ones) and for the partnership's themes."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from dhr.core.forms import BaseForm, Checkboxes, GovDateField, MaxLength, Radios, Required, WholeNumberField, choices
from dhr.recommendations.scopes import Department, LearningKind, Scope

SINGLE, SEVERAL = "single", "several"
NO_AGENCY = ""


class RecommendationForm(BaseForm):
    """A recommendation: its text, scope, who it is for, the findings it answers and its themes."""

    text = TextAreaField(
        "Recommendation",
        widget=GovTextArea(),
        validators=[
            Required("Enter the recommendation"),
            MaxLength(4000, "The recommendation must be 4,000 characters or fewer"),
        ],
        description="Say who should do what, and what difference it should make. Use pseudonyms, never names.",
    )
    scope = RadioField(
        "Scope",
        validators=[Required("Select whether the recommendation is local, regional or national")],
        choices=choices(Scope.choices()),
        widget=Radios(),
    )
    agencies = RadioField(
        "Is it for one agency or several?",
        validators=[Required("Select whether the recommendation is for one agency or several")],
        choices=choices([(SINGLE, "One agency"), (SEVERAL, "Several agencies (multi-agency)")]),
        widget=Radios(),
    )
    agency = SelectField(
        "Target agency",
        widget=GovSelect(),
        validate_choice=True,
        default=NO_AGENCY,
        description="For a local or regional recommendation. For a multi-agency one, the agency that leads.",
    )
    department = RadioField(
        "Government department",
        choices=choices(Department.choices()),
        widget=Radios(),
        validate_choice=False,  # optional: only a national recommendation needs one (checked by the service)
        description="For a national recommendation: the department it is addressed to.",
    )
    department_other = StringField(
        "Name of the other department",
        widget=GovTextInput(),
        validators=[MaxLength(200, "The name of the department must be 200 characters or fewer")],
        description="Only if you selected another department.",
    )
    answers = StringField(
        "Findings or lessons it answers",
        widget=GovTextInput(),
        validators=[MaxLength(200, "The findings or lessons must be 200 characters or fewer")],
        description=(
            "Paragraph numbers of the overview report's conclusions (section 17) or lessons to be learnt "
            "(section 18), separated by commas. For example, 17.2, 18.1"
        ),
        render_kw={"spellcheck": "false", "class": "govuk-input--width-20"},
    )
    themes = SelectMultipleField("Themes", widget=Checkboxes(), validate_choice=True)
    version = HiddenField()
    check = SubmitField("Check for similar recommendations", widget=GovSubmitInput())
    submit = SubmitField("Save recommendation", widget=GovSubmitInput())

    def validate_department(self, field):
        if field.data and field.data not in {d.value for d in Department}:
            raise ValidationError("Select the department from the list")

    def set_choices(self, agencies, themes) -> None:
        """Offer the partnership's active agencies and themes (plus any retired ones already chosen)."""
        self.agency.choices = choices([(NO_AGENCY, "Choose an agency")] + [(a.id, a.name) for a in agencies])
        self.themes.choices = choices(
            (theme.id, theme.label if theme.active else f"{theme.label} (retired)") for theme in themes
        )

    def chosen_theme_ids(self) -> list[int]:
        """The ticked themes that are on offer (a tampered value is ignored here and refused on save)."""
        offered = {choice.value for choice in self.themes.choices or []}
        return [int(value) for value in self.themes.data or [] if value in offered]

    def chosen_agency_id(self) -> int | None:
        """The selected agency's id, or None."""
        return int(self.agency.data) if self.agency.data not in (None, NO_AGENCY) else None


class ThemeForm(BaseForm):
    """A theme's name."""

    label = StringField(
        "Name of the theme",
        widget=GovTextInput(),
        validators=[
            Required("Enter the name of the theme"),
            MaxLength(100, "The name must be 100 characters or fewer"),
        ],
        description="For example, Coercive control",
    )
    submit = SubmitField("Save theme", widget=GovSubmitInput())


class LearningEventForm(BaseForm):
    """One way the review's learning was spread."""

    kind = RadioField(
        "What was it?",
        validators=[Required("Select what it was")],
        choices=choices(LearningKind.choices()),
        widget=Radios(),
    )
    held_on = GovDateField("Date", required="Enter the date")
    audience = StringField(
        "Who it was for",
        description="For example, GP practice safeguarding leads in Westminster",
        validators=[Required("Enter who it was for"), MaxLength(300, "Enter 300 characters or fewer")],
        widget=GovTextInput(),
    )
    reached = WholeNumberField(
        "How many people it reached (optional)",
        validators=[Optional(), NumberRange(0, 100000, "Enter a whole number from 0 to 100,000")],
        widget=GovTextInput(),
        render_kw={"class": "govuk-input--width-5", "inputmode": "numeric"},
    )
    notes = TextAreaField(
        "Notes (optional)",
        validators=[MaxLength(5000, "Notes must be 5,000 characters or fewer")],
        widget=GovTextArea(),
        render_kw={"rows": 3},
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
