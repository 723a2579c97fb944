"""Dashboard filters (GET, so no CSRF token)."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, SelectField, SubmitField

from dhr.core.forms import BaseForm, choices
from dhr.reviews.models import DeathCategory
from dhr.reviews.stages import ReviewStage

ANY = ""


class DashboardFilterForm(BaseForm):
    """Stage, category, year, overdue-only and mine-only."""

    class Meta:
        csrf = False

    stage = SelectField(
        "Stage",
        widget=GovSelect(),
        validate_choice=True,
        default=ANY,
        choices=choices([(ANY, "Any open stage")] + ReviewStage.choices()),
    )
    category = SelectField(
        "Category",
        widget=GovSelect(),
        validate_choice=True,
        default=ANY,
        choices=choices([(ANY, "Any category")] + DeathCategory.choices()),
    )
    year = SelectField("Year notified", widget=GovSelect(), validate_choice=True, default=ANY)
    overdue = BooleanField("Only reviews with an overdue clock", widget=GovCheckboxInput())
    mine = BooleanField("Only reviews I am on", widget=GovCheckboxInput())
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def set_years(self, years: list[int]) -> None:
        """Offer the years reviews were notified in."""
        self.year.choices = choices([(ANY, "Any year")] + [(y, str(y)) for y in years])
