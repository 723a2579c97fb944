"""The audit log's filter form (GET, so no CSRF token)."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect, GovSubmitInput
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from dhr.core.forms import BaseForm, choices

ANY = ""


class _UKDateField(DateField):
    """A GOV.UK day/month/year date input that is optional and explains what is wrong."""

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            # Absent, or tampered with: the GOV.UK widget can only redraw exactly day, month and year.
            self.raw_data = None
            self.data = None
            if valuelist:
                raise ValueError(f"{self.label.text} must be a real date, like 25 11 2026")
            return
        if not any(part.strip() for part in valuelist):
            self.data = None
            return
        parts = [part.strip() for part in valuelist]
        try:
            day, month, year = (int(part) for part in parts)
            if not 1900 <= year <= 2100:
                raise ValueError("year out of range")
            self.data = date(year, month, day)
        except (ValueError, TypeError, OverflowError) as exc:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 25 11 2026") from exc


class AuditFilterForm(BaseForm):
    """Who, what and when."""

    class Meta:
        csrf = False

    user = SelectField("User", widget=GovSelect(), validate_choice=True, default=ANY)
    action = SelectField("Action", widget=GovSelect(), validate_choice=True, default=ANY)
    date_from = _UKDateField(
        "From", validators=[Optional()], widget=GovDateInput(), description="For example, 1 11 2026"
    )
    date_to = _UKDateField("To", validators=[Optional()], widget=GovDateInput(), description="For example, 30 11 2026")
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def set_choices(self, users, actions) -> None:
        """Offer the partnership's users and the actions seen in its log."""
        self.user.choices = choices([(ANY, "Anyone")] + [(u.id, f"{u.name} ({u.email})") for u in users])
        self.action.choices = choices([(ANY, "Any action")] + [(a, a) for a in actions])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The 'to' date must be the same as or after the 'from' date")
