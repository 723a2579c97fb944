"""Forms for editing a section, commenting, resolving and saving a version."""

import re

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, MaxLength, Required

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
