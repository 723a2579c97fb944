"""The tracker's filters (GET, so no CSRF token) and the board report's 'since' date."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, SelectField, SubmitField
from wtforms.validators import ValidationError

from dhr.actions.stages import ActionStatus
from dhr.core.forms import BaseForm, GovDateField, choices
from dhr.monitoring.queries import TrackerFilters

ANY = ""
# The tag a row shows is the status to filter by; "overdue" also catches open actions past their target date.
STATUS_CHOICES = [(ANY, "Any status")] + [
    (s.value, "Overdue (including open actions past their target date)" if s is ActionStatus.OVERDUE else s.label)
    for s in ActionStatus
]


def _id_or_none(value: str) -> int | None:
    return int(value) if value not in (None, ANY) else None


def list_field(label: str, message: str, **kwargs) -> SelectField:
    """A select whose value must be one of its options, with a GOV.UK message when a link or a tampered query
    string carries another (another partnership's review, say)."""
    return SelectField(
        label, widget=GovSelect(), validate_choice=True, default=ANY, invalid_choice_message=message, **kwargs
    )


class TrackerFilterForm(BaseForm):
    """Review, lead agency, theme, status, overdue only and a target date range."""

    class Meta:
        csrf = False

    review = list_field("Review", "Select a review from the list")
    agency = list_field("Lead agency", "Select a lead agency from the list")
    theme = list_field("Theme", "Select a theme from the list")
    status = list_field("Status", "Select a status from the list", choices=choices(STATUS_CHOICES))
    overdue = BooleanField("Only overdue actions", widget=GovCheckboxInput())
    target_from = GovDateField("Target date from", allow_future=True, description="For example, 1 4 2026")
    target_to = GovDateField("Target date to", allow_future=True, description="For example, 31 3 2027")
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def set_choices(self, reviews, agencies, themes) -> None:
        """Offer the partnership's reviews, agencies and themes (only these validate)."""
        self.review.choices = choices([(ANY, "Any review")] + [(r.id, r.reference) for r in reviews])
        self.agency.choices = choices([(ANY, "Any agency")] + [(a.id, a.name) for a in agencies])
        self.theme.choices = choices([(ANY, "Any theme")] + [(t.id, t.label) for t in themes])

    def validate_target_to(self, field) -> None:
        if field.data and self.target_from.data and field.data < self.target_from.data:
            raise ValidationError("Target date to must be the same as or after target date from")

    def filters(self) -> TrackerFilters:
        """The filters to apply after validate(): the valid ones (a field in error is shown, not applied)."""
        ok = {name for name, field in self._fields.items() if not field.errors}
        return TrackerFilters(
            review_id=_id_or_none(self.review.data) if "review" in ok else None,
            agency_id=_id_or_none(self.agency.data) if "agency" in ok else None,
            theme_id=_id_or_none(self.theme.data) if "theme" in ok else None,
            status=(self.status.data or ANY) if "status" in ok else ANY,
            overdue_only=bool(self.overdue.data),
            target_from=self.target_from.data if "target_from" in ok else None,
            target_to=self.target_to.data if "target_to" in ok else None,
        )


class BoardReportForm(BaseForm):
    """Which completions the board report lists: those since this date (the last report's date by default)."""

    since = GovDateField(
        "Actions completed since",
        description="The date of the last board report, or another date. For example, 1 4 2026. "
        "Leave blank to list every completed action.",
    )
    submit = SubmitField("Download the board report", widget=GovSubmitInput())
