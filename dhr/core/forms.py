"""BaseForm and shared fields: whitespace stripped, GOV.UK widgets, GOV.UK-style messages."""

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from dhr.core.dates import london_today

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


# C0 controls other than tab, newline and carriage return: never meaningful in a form, and PostgreSQL rejects NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_character(text: str) -> bool:
    """Whether the text holds a control character no form accepts (tab, newline and carriage return are fine)."""
    return bool(_CONTROL.search(text))


def without_control_characters(text: str) -> str:
    """The text with every such control character taken out."""
    return _CONTROL.sub("", text)


class _InFront:
    """A record's attributes, with some values put in front of them."""

    def __init__(self, record: object, values: Mapping[str, Any]) -> None:
        self._record = record
        self._values = values

    def __getattr__(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        return getattr(self._record, name)


class BaseForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no types: FlaskForm is Any
    """Every form in the app: strips surrounding whitespace (except passwords) and refuses control characters."""

    class Meta:
        def bind_field(self, form: "BaseForm", unbound_field: Any, options: dict[str, Any]) -> Field:
            if not issubclass(unbound_field.field_class, PasswordField):
                # Strip first, then the field's own filters (passing `filters` here replaces the field's list).
                own = unbound_field.kwargs.get("filters", ())
                options["filters"] = (_strip, *own, *options.get("filters", ()))
            return unbound_field.bind(form=form, **options)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dhr.auth.kept_forms import kept_for_this_page

        # Text typed after the session ended and kept (dhr/auth/kept_forms.py) goes back into its form.
        kept = kept_for_this_page({field.name for field in self})
        self.kept = kept is not None
        if kept is not None:
            # The fields that were sent, and every checkbox (a browser sends nothing for an unticked one, which
            # means "none chosen", not "as the record says"); the rest keep what the view filled in.
            sent = {name.split("-", 1)[0] for name in kept}
            for field in self:
                if field.name in sent or isinstance(field, BooleanField | SelectMultipleField):
                    field.process(kept)

    kept = False

    def process(
        self, formdata: Any = None, obj: Any = None, data: Any = None, extra_filters: Any = None, **kwargs: Any
    ) -> None:
        """Fill the fields as WTForms does, except that a value the view names wins over the record's attribute.

        WTForms prefers the record, so `PersonForm(obj=person, living="yes")` would show the record's True, which is
        none of the choices: nothing would be selected and saving would say "Not a valid choice"."""
        if obj is not None and kwargs:
            obj = _InFront(obj, kwargs)
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)

    # Fields the privacy shield leaves to others: those that write the people register or the family log
    # (declared identity or restricted where their columns are defined), or that run the stricter drafting check.
    shield_exempt: tuple[str, ...] = ()

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Run the field validators, refuse any field containing control characters, then let the privacy shield
        refuse a date of birth or a family contact's name in a review's text."""
        from dhr.privacy.shield import check_form

        valid: bool = super().validate(extra_validators=extra_validators)
        for field in self:
            values = field.raw_data or []
            if any(isinstance(value, str) and _CONTROL.search(value) for value in values):
                field.errors = [*field.errors, f"{field.label.text} must not contain unusual control characters"]
                valid = False
        return check_form(self) and valid


class Required:
    """DataRequired with a GOV.UK message, which also rejects values that are only whitespace."""

    field_flags = {"required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: BaseForm, field: Field) -> None:
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()) or data == []:
            field.errors[:] = []
            raise ValidationError(self.message)


class MaxLength:
    """Length check with a GOV.UK message."""

    def __init__(self, maximum: int, message: str) -> None:
        self.maximum = maximum
        self.message = message

    def __call__(self, form: BaseForm, field: Field) -> None:
        if field.data and len(field.data) > self.maximum:
            raise ValidationError(self.message)


def valid_email(form: BaseForm, field: Field) -> None:
    """An email address in the usual shape, at most 254 characters."""
    if field.data and (len(field.data) > 254 or not _EMAIL.match(field.data)):
        raise ValidationError("Enter an email address in the correct format, like name@example.com")


def email_field(label: str = "Email address", **kwargs: Any) -> StringField:
    """An email input with the right autocomplete and spellcheck settings."""
    return StringField(
        label,
        validators=[Required("Enter your email address"), valid_email],
        filters=[lambda v: v.lower() if isinstance(v, str) else v],
        widget=GovTextInput(),
        render_kw={"autocomplete": "email", "spellcheck": "false", "type": "email"},
        **kwargs,
    )


def new_password_field(label: str = "Create a password") -> PasswordField:
    """A new-password input; the policy itself is checked by the form against dhr.auth.passwords."""
    return PasswordField(
        label,
        validators=[Required("Enter a password")],
        widget=GovPasswordInput(),
        description="Use 12 characters or more. A phrase of 3 or 4 unrelated words is easy to remember.",
        render_kw={"autocomplete": "new-password"},
    )


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs; tuple choices are deprecated in WTForms 3.3."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class ConfirmForm(BaseForm):
    """A POST-only confirmation carrying nothing but the CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


def error_summary_params(form: BaseForm) -> dict[str, Any]:
    """Params for govukErrorSummary: every message, each linked to the first input of its field (day, for dates)."""
    items: list[dict[str, str]] = []
    for name, messages in form.errors.items():
        field = form[name]
        target = f"{field.id}-day" if field.widget.__class__.__name__ == "GovDateInput" else field.id
        if field.widget.__class__.__name__ in {"GovRadioInput", "GovCheckboxesInput"}:
            target = f"{field.id}"
        items.extend({"text": message, "href": f"#{target}"} for message in messages)
    return {"titleText": "There is a problem", "errorList": items}


class Radios(GovRadioInput):  # type: ignore[misc]  # govuk_frontend_wtf ships no types
    """GOV.UK radios whose fieldset legend is the field's label (the plain widget renders none)."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text, "classes": "govuk-fieldset__legend--s"}})
        return params


class Checkboxes(GovCheckboxesInput):  # type: ignore[misc]  # govuk_frontend_wtf ships no types
    """GOV.UK checkboxes with the field's label as the fieldset legend."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text, "classes": "govuk-fieldset__legend--s"}})
        return params


class GovDateField(DateField):  # type: ignore[misc]  # WTForms ships no types: DateField is Any
    """A GOV.UK day/month/year date with GOV.UK messages: missing, not a real date, or in the future."""

    def __init__(self, label: str, *, required: str | None = None, allow_future: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", GovDateInput())
        kwargs.setdefault("description", "For example, 27 3 2026")
        super().__init__(label, **kwargs)
        self.required_message = required
        self.allow_future = allow_future
        if required:
            self.flags.required = True

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        self._problem: str | None = None
        if len(valuelist) != 3:
            # Absent, or tampered with: the GOV.UK widget can only redraw exactly day, month and year.
            self.raw_data = None
            self.data = None
            if valuelist:
                self._problem = f"{self.label.text} must be a real date"
            return
        parts = [part.strip() for part in valuelist]
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(part) for part in parts)
            if not 1900 <= year <= 2100:
                raise ValueError("year out of range")
            self.data = date(year, month, day)
        except (ValueError, TypeError, OverflowError):
            self.data = None
            self._problem = f"{self.label.text} must be a real date"

    def pre_validate(self, form: BaseForm) -> None:
        problem = getattr(self, "_problem", None)
        if problem:
            raise StopValidation(problem)
        if self.data is None:
            if self.required_message:
                raise StopValidation(self.required_message)
            return
        if not self.allow_future and self.data > london_today():
            raise StopValidation(f"{self.label.text} must be today or in the past")


class WholeNumberField(IntegerField):  # type: ignore[misc]  # WTForms ships no types: IntegerField is Any
    """An IntegerField whose unreadable input gets one GOV.UK message (not WTForms' own, nor a range message too)."""

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        if valuelist and not str(valuelist[0]).strip():
            self.data = None  # blank: Optional or Required decide
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"{self.label.text} must be a whole number") from None

    def pre_validate(self, form: BaseForm) -> None:
        if self.process_errors:
            raise StopValidation  # the reading error is the message; range checks on nothing add noise


def filling_from_record(form: BaseForm) -> bool:
    """True on a GET whose form is not showing text kept from an ended session: the view may fill it from the record."""
    from flask import request

    return request.method == "GET" and not form.kept
