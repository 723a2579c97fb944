"""Forms for editing a section, commenting, resolving and saving a version."""

import re

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from dhr.core.forms import BaseForm, MaxLength, Radios, Required, choices

_PARAGRAPH = re.compile(r"^\d{1,2}\.\d{1,3}$")


class SectionForm(BaseForm):
    """The text of one section, and the revision it was based on."""

    # The section editor's own check is stricter: real names and aliases too, paragraph by paragraph.
    shield_exempt = ("body",)

    body = TextAreaField(
        "Text",
        widget=GovTextArea(),
        validators=[MaxLength(100_000, "The section must be 100,000 characters or fewer")],
        description="Leave a blank line between paragraphs: they are numbered for you. Start a line with ### for a "
        "subheading. Write people as tokens from the list, never by name.",
    )
    base_revision = HiddenField()
    submit = SubmitField("Save section", widget=GovSubmitInput())

    def validate_base_revision(self, field) -> None:
        if not re.fullmatch(r"[0-9]{1,9}", field.data or ""):
            raise ValidationError("The page was incomplete: open the section again")


class CommentForm(BaseForm):
    """A comment on a section, optionally citing a paragraph."""

    paragraph = StringField(
        "Paragraph (optional)",
        widget=GovTextInput(),
        description="For example, 6.2",
        validators=[MaxLength(20, "Paragraph must be 20 characters or fewer")],
    )
    body = TextAreaField(
        "Comment",
        widget=GovTextArea(),
        validators=[Required("Enter your comment"), MaxLength(5000, "Comment must be 5,000 characters or fewer")],
    )
    submit = SubmitField("Add comment", widget=GovSubmitInput())

    def validate_paragraph(self, field) -> None:
        if field.data and not _PARAGRAPH.match(field.data):
            raise ValidationError("Enter a paragraph number like 6.2, or leave it blank")


class ResolveForm(BaseForm):
    """How a comment was dealt with."""

    resolution = StringField(
        "How it was resolved (optional)",
        widget=GovTextInput(),
        validators=[MaxLength(500, "Resolution must be 500 characters or fewer")],
    )
    submit = SubmitField("Resolve", widget=GovSubmitInput())


class VersionForm(BaseForm):
    """Save the document as the next version."""

    note = StringField(
        "What this version is for (optional)",
        widget=GovTextInput(),
        description="For example, 'For panel meeting 4' or 'Shared with the family'",
        validators=[MaxLength(300, "Note must be 300 characters or fewer")],
    )
    submit = SubmitField("Save as a new version", widget=GovSubmitInput())


RELEVANT, NOT_RELEVANT = "relevant", "not_relevant"


def equality_form(characteristics: tuple[str, ...], judgements: dict, formdata=None):
    """For each protected characteristic: relevant or not, and the analysis or the reason."""

    class EqualityForm(BaseForm):
        submit = SubmitField("Save the judgements", widget=GovSubmitInput())

        def answers(self) -> dict[str, tuple[bool, str]]:
            """{characteristic: (relevant, text)} for each one judged."""
            found = {}
            for number, name in enumerate(characteristics):
                choice = self[f"judged_{number}"].data
                if choice in (RELEVANT, NOT_RELEVANT):
                    found[name] = (choice == RELEVANT, self[f"text_{number}"].data or "")
            return found

        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            for number, name in enumerate(characteristics):
                judged, text = self[f"judged_{number}"], (self[f"text_{number}"].data or "").strip()
                if judged.data == RELEVANT and not text:
                    self[f"text_{number}"].errors.append(f"Enter the analysis for {name.lower()}")
                elif judged.data == NOT_RELEVANT and not text:
                    self[f"text_{number}"].errors.append(f"Enter why {name.lower()} is not relevant")
                elif text and judged.data not in (RELEVANT, NOT_RELEVANT):
                    judged.errors.append(f"Select whether {name.lower()} is relevant")
                else:
                    continue
                valid = False
            return valid

    for number, name in enumerate(characteristics):
        row = judgements.get(name)
        setattr(
            EqualityForm,
            f"judged_{number}",
            RadioField(
                name,
                default=(RELEVANT if row.relevant else NOT_RELEVANT) if row else None,
                choices=choices([(RELEVANT, "Relevant to this review"), (NOT_RELEVANT, "Not relevant")]),
                widget=Radios(),
                validators=[Optional()],
            ),
        )
        setattr(
            EqualityForm,
            f"text_{number}",
            TextAreaField(
                f"{name}: the analysis, or why it is not relevant",
                default=row.text if row else "",
                widget=GovTextArea(),
                validators=[MaxLength(10_000, "The text must be 10,000 characters or fewer")],
                render_kw={"rows": 4},
            ),
        )

    return EqualityForm(formdata=formdata)
