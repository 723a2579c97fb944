"""Forms for the engagement record, contacts, attempts, consent and draft comments."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, choices
from dhr.family.stages import (
    AttemptOutcome,
    CommentStatus,
    ConsentStatus,
    ContactKind,
    ContactMethod,
    Leaflet,
    NoEngagementReason,
    PerpetratorContact,
)

NONE = "none"
ENGAGED = "engaged"


def _text(label: str, *, required: str | None = None, maximum: int = 200, **kwargs) -> StringField:
    validators = [MaxLength(maximum, f"{label} must be {maximum} characters or fewer")]
    if required:
        validators.insert(0, Required(required))
    return StringField(label, validators=validators, widget=GovTextInput(), **kwargs)


def _textarea(label: str, *, required: str | None = None, maximum: int = 10_000, **kwargs) -> TextAreaField:
    validators = [MaxLength(maximum, f"{label} must be {maximum:,} characters or fewer")]
    if required:
        validators.insert(0, Required(required))
    return TextAreaField(label, validators=validators, widget=GovTextArea(), **kwargs)


# Names and contact details are identities: browsers should not remember or autocorrect them.
PRIVATE = {"autocomplete": "off", "spellcheck": "false"}


class TributeForm(BaseForm):
    """The family's tribute to the victim, in their own words."""

    shield_exempt = ("tribute_from",)  # the family log

    tribute_text = _textarea(
        "Tribute",
        required="Enter the tribute in the family's own words",
        maximum=20_000,
        description="Exactly as the family gave it. It opens the overview report, so use pseudonyms, not real names",
        render_kw={"rows": 12},
    )
    tribute_from = _text(
        "Who gave the tribute",
        required="Enter who gave the tribute",
        description="For example, her mother and sister",
    )
    version = HiddenField()
    submit = SubmitField("Save tribute", widget=GovSubmitInput())


class PseudonymForm(BaseForm):
    """The pseudonym the family chose for the victim."""

    shield_exempt = ("chosen_pseudonym",)  # a pseudonym is a name, chosen to be shown

    chosen_pseudonym = _text(
        "Pseudonym the family chose",
        required="Enter the pseudonym the family chose",
        maximum=100,
        description="The name the report will use for the victim. It must not be anyone's real name",
        render_kw={"spellcheck": "false"},
    )
    version = HiddenField()
    submit = SubmitField("Save pseudonym", widget=GovSubmitInput())


class DraftSharedForm(BaseForm):
    """When the draft report was shared with the family, and with whom."""

    shield_exempt = ("draft_shared_with",)  # the family log

    draft_shared_on = GovDateField("Date the draft was shared", required="Enter the date the draft was shared")
    draft_shared_with = _textarea(
        "Who it was shared with",
        required="Enter who the draft was shared with",
        maximum=2000,
        description="For example, her mother and sister, through their AAFDA advocate, at a meeting with the chair",
        render_kw={"rows": 3},
    )
    draft_comments_due_on = GovDateField(
        "Date the family's comments are due (optional)",
        allow_future=True,
        description="The time the family has to read the draft runs from the date it was shared to this date",
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class ParticipationForm(BaseForm):
    """Whether the family and friends are taking part, and if not, why not."""

    shield_exempt = ("no_engagement_detail",)  # the family log

    participation = RadioField(
        "Are the family and friends taking part in the review?",
        validators=[Required("Select whether the family and friends are taking part")],
        choices=choices(
            [(ENGAGED, "Yes, or contact is still being made")]
            + [(reason.value, f"No: {reason.label[0].lower()}{reason.label[1:]}") for reason in NoEngagementReason]
        ),
        widget=Radios(),
    )
    no_engagement_detail = _textarea(
        "Explain why engagement did not happen",
        maximum=5000,
        description="Needed for 'another reason'. The QA panel checks what was done to involve the family",
        render_kw={"rows": 4},
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_no_engagement_detail(self, field):
        if self.participation.data == NoEngagementReason.OTHER.value and not field.data:
            raise ValidationError("Enter why the family did not take part")

    def reason(self) -> NoEngagementReason | None:
        """The reason chosen, or None when they are taking part."""
        value = self.participation.data
        return None if value == ENGAGED else NoEngagementReason(value)


class ContactForm(BaseForm):
    """A family member, friend, colleague or neighbour."""

    shield_exempt = (
        "name",
        "relationship_to_victim",
        "contact_details",
        "advocate_name",
        "advocacy_organisation",
        "notes",
    )  # the family log

    name = _text(
        "Full name",
        required="Enter the contact's full name",
        description="Seen only by coordinators, the chair and the author",
        render_kw=PRIVATE,
    )
    relationship_to_victim = _text(
        "Relationship to the victim",
        required="Enter their relationship to the victim",
        maximum=100,
        description="For example, mother, sister, friend from work",
    )
    kind = RadioField(
        "Who are they to the victim?",
        validators=[Required("Select who they are to the victim")],
        choices=choices(ContactKind.choices()),
        widget=Radios(),
    )
    preferred_method = SelectField(
        "Preferred way to be contacted",
        widget=GovSelect(),
        validate_choice=True,
        choices=choices(ContactMethod.choices()),
    )
    contact_details = _text(
        "Contact details",
        maximum=500,
        description="Phone number, email or address, as they prefer",
        render_kw=PRIVATE,
    )
    advocate_name = _text("Advocate's name", description="Leave blank if they have no advocate", render_kw=PRIVATE)
    advocacy_organisation = _text(
        "Advocacy organisation",
        description="For example, AAFDA (Advocacy After Fatal Domestic Abuse) or the National Homicide Service",
    )
    leaflet = RadioField(
        "Home Office leaflet given",
        validators=[Required("Select which Home Office leaflet was given, or 'None yet'")],
        choices=choices([*Leaflet.choices(), (NONE, "None yet")]),
        widget=Radios(),
        default=NONE,
    )
    leaflet_given_on = GovDateField("Date the leaflet was given", description="For example, 27 3 2026")
    person = SelectField(
        "In the people register as",
        widget=GovSelect(),
        validate_choice=True,
        description="Optional: link them to someone already in the review's people register",
    )
    notes = _textarea("Notes", maximum=5000, description="For example, times to avoid, or who else to copy in")
    version = HiddenField()
    submit = SubmitField("Save contact", widget=GovSubmitInput())

    FIELDS = (
        "name",
        "relationship_to_victim",
        "kind",
        "preferred_method",
        "contact_details",
        "advocate_name",
        "advocacy_organisation",
        "leaflet",
        "leaflet_given_on",
        "person",
        "notes",
    )

    def set_people(self, people, show_identities: bool) -> None:
        """Offer the people register (without the victim), by pseudonym, with real names for those allowed."""
        self.person.choices = choices(
            [("", "Not linked")]
            + [
                (p.id, f"{p.pseudonym} ({p.real_name})" if show_identities and p.real_name else p.pseudonym)
                for p in people
                if p.role.value != "victim"
            ]
        )

    def validate_leaflet_given_on(self, field):
        if self.leaflet.data and self.leaflet.data != NONE and field.data is None and not field.errors:
            raise ValidationError("Enter the date the leaflet was given")

    def values(self) -> dict:
        """The cleaned contact fields for the service."""
        leaflet = None if self.leaflet.data in (None, "", NONE) else Leaflet(self.leaflet.data)
        return {
            "name": self.name.data,
            "relationship_to_victim": self.relationship_to_victim.data,
            "kind": ContactKind(self.kind.data),
            "preferred_method": ContactMethod(self.preferred_method.data),
            "contact_details": self.contact_details.data or "",
            "advocate_name": self.advocate_name.data or "",
            "advocacy_organisation": self.advocacy_organisation.data or "",
            "leaflet": leaflet,
            "leaflet_given_on": self.leaflet_given_on.data if leaflet else None,
            "person_id": int(self.person.data) if self.person.data else None,
            "notes": self.notes.data or "",
        }


class ConsentForm(BaseForm):
    """A change to a contact's consent."""

    shield_exempt = ("note",)  # the family log

    status = RadioField("Consent is now", validators=[Required("Select what consent is now")], widget=Radios())
    effective_on = GovDateField("Date", required="Enter the date consent was given, declined or withdrawn")
    note = _textarea(
        "Note",
        maximum=5000,
        description="Optional: for example, what they agreed to, or how they told you",
        render_kw={"rows": 3},
    )
    submit = SubmitField("Save consent", widget=GovSubmitInput())

    def set_targets(self, targets) -> None:
        """Offer only the moves the consent workflow allows from the current status."""
        self.status.choices = choices([(t.value, t.label) for t in ConsentStatus if t in targets])


class AttemptForm(BaseForm):
    """One attempt to reach a contact."""

    shield_exempt = ("made_by", "note")  # the family log

    attempted_on = GovDateField("Date", required="Enter the date of the attempt")
    method = SelectField("How", widget=GovSelect(), validate_choice=True, choices=choices(ContactMethod.choices()))
    made_by = _text(
        "By whom", required="Enter who made the attempt", description="For example, the chair or the advocate"
    )
    outcome = RadioField(
        "Outcome",
        validators=[Required("Select the outcome")],
        choices=choices(AttemptOutcome.choices()),
        widget=Radios(),
    )
    note = _textarea("Note", maximum=5000, render_kw={"rows": 3})
    submit = SubmitField("Save attempt", widget=GovSubmitInput())

    FIELDS = ("attempted_on", "method", "made_by", "outcome", "note")

    def values(self) -> dict:
        """The cleaned attempt fields for the service."""
        return {
            "attempted_on": self.attempted_on.data,
            "method": ContactMethod(self.method.data),
            "made_by": self.made_by.data,
            "outcome": AttemptOutcome(self.outcome.data),
            "note": self.note.data or "",
        }


class CommentForm(BaseForm):
    """A comment returned on the draft report."""

    contact = SelectField(
        "From",
        widget=GovSelect(),
        validate_choice=True,
        validators=[Required("Select who the comment came from")],
    )
    received_on = GovDateField("Date received", required="Enter the date the comment was received")
    paragraph = _text(
        "Paragraph",
        maximum=40,
        description="Optional: the paragraph of the draft it is about, for example 6.3",
        render_kw={"class": "govuk-input--width-10", "spellcheck": "false"},
    )
    comment = _textarea("Comment", required="Enter the comment", render_kw={"rows": 6})
    version = HiddenField()
    submit = SubmitField("Save comment", widget=GovSubmitInput())

    FIELDS = ("contact", "received_on", "paragraph", "comment")

    def set_contacts(self, contacts) -> None:
        """Offer the review's contacts (real names: only holders of the family permission see this form)."""
        self.contact.choices = choices(
            [("", "Select who it came from")] + [(c.id, f"{c.name} ({c.relationship_to_victim})") for c in contacts]
        )

    def values(self) -> dict:
        """The cleaned comment fields for the service."""
        return {
            "contact_id": int(self.contact.data),
            "received_on": self.received_on.data,
            "paragraph": self.paragraph.data or "",
            "comment": self.comment.data,
        }


class ResponseForm(BaseForm):
    """How a comment was addressed, or why it was not accepted."""

    status = RadioField("Status", validators=[Required("Select the comment's status")], widget=Radios())
    response = _textarea(
        "Response",
        description="How the draft was changed, or why the comment was not accepted. The family may see this",
        render_kw={"rows": 5},
    )
    version = HiddenField()
    submit = SubmitField("Save response", widget=GovSubmitInput())

    def set_statuses(self, current: CommentStatus, targets) -> None:
        """Offer the current status and the moves the comment workflow allows from it."""
        self.status.choices = choices([(s.value, s.label) for s in CommentStatus if s is current or s in targets])

    def validate_response(self, field):
        if self.status.data == CommentStatus.ADDRESSED.value and not field.data:
            raise ValidationError("Enter how the comment was addressed")
        if self.status.data == CommentStatus.NOT_ACCEPTED.value and not field.data:
            raise ValidationError("Enter why the comment was not accepted")


class NoTributeForm(BaseForm):
    """Why the family gave no tribute."""

    shield_exempt = ("no_tribute_reason",)  # the family log

    no_tribute_reason = _textarea(
        "Why the family gave no tribute",
        maximum=2000,
        description="For example, the family asked that the report carry no tribute. Leave it empty if they give one",
        render_kw={"rows": 3},
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class TermsInputForm(BaseForm):
    """The family's input to the terms of reference."""

    shield_exempt = ("terms_input",)  # the family log

    terms_input_on = GovDateField("Date the family gave their input", required="Enter the date")
    terms_input = _textarea(
        "What the family asked the review to look at",
        required="Enter what the family asked the review to look at",
        maximum=5000,
        description="In summary. Say how the terms of reference reflect it",
        render_kw={"rows": 5},
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class PerpetratorForm(BaseForm):
    """Whether the perpetrator's account was sought, and what came of it or why not."""

    shield_exempt = ("perpetrator_detail",)  # the family log's rules: it can name a prison or hospital

    perpetrator_contact = RadioField(
        "Was the perpetrator approached to take part?",
        validators=[Required("Select whether the perpetrator was approached")],
        choices=choices(PerpetratorContact.choices()),
        widget=Radios(),
    )
    perpetrator_contacted_on = GovDateField("Date they were approached", description="Needed once they were approached")
    perpetrator_detail = _textarea(
        "What happened, or why they were not approached",
        maximum=5000,
        description="Needed if they were not approached: for example, advice from the police while the trial was live",
        render_kw={"rows": 4},
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_perpetrator_detail(self, field):
        if self.perpetrator_contact.data == PerpetratorContact.NOT_APPROACHED.value and not (field.data or "").strip():
            raise ValidationError("Enter why the perpetrator was not approached")
