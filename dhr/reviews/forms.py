"""Forms for notifications, decisions, set-up, stage changes, people and members."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from dhr.core.forms import BaseForm, GovDateField, MaxLength, Radios, Required, WholeNumberField, choices
from dhr.permissions import ReviewRole
from dhr.reviews.facts import DeathMethod, Ethnicity, JointWith, Known, RelationshipType, Sex
from dhr.reviews.models import DeathCategory, Decision, PersonRole
from dhr.reviews.services import Reopening
from dhr.reviews.stages import PauseReason

NONE = ""


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


class NotificationForm(BaseForm):
    """What the police (or another agency) told the partnership."""

    notified_on = GovDateField(
        "Date the partnership was notified", required="Enter the date the partnership was notified"
    )
    notifying_agency = SelectField("Notifying agency", widget=GovSelect(), validate_choice=True)
    category = RadioField(
        "Category",
        validators=[Required("Select the category of death")],
        choices=choices(DeathCategory.choices()),
        widget=Radios(),
    )
    date_of_death = GovDateField("Date of death", description="Leave blank if it is not yet known")
    place_of_death = _text(
        "Place of death", description="For example, the borough or the kind of place. Do not include a full address"
    )
    police_force_area = _text("Police force area", maximum=100, description="For example, Metropolitan Police")
    circumstances = _textarea(
        "Summary of the circumstances", maximum=5000, description="What is known so far, in a few sentences"
    )
    version = HiddenField()
    submit = SubmitField("Save notification", widget=GovSubmitInput())

    def set_agency_choices(self, agencies) -> None:
        """Offer the partnership's active agencies."""
        self.notifying_agency.choices = choices(
            [(NONE, "Select the agency")] + [(a.id, f"{a.name} ({a.code})") for a in agencies]
        )

    def validate_notifying_agency(self, field):
        if field.data in (None, NONE):
            raise ValidationError("Select the agency that notified the partnership")

    def validate_date_of_death(self, field):
        if field.data and self.notified_on.data and field.data > self.notified_on.data:
            raise ValidationError("Date of death must be on or before the date the partnership was notified")

    def values(self) -> dict:
        """The cleaned notification fields for the service."""
        return {
            "category": DeathCategory(self.category.data),
            "notified_on": self.notified_on.data,
            "notifying_agency_id": int(self.notifying_agency.data),
            "date_of_death": self.date_of_death.data,
            "place_of_death": self.place_of_death.data or "",
            "police_force_area": self.police_force_area.data or "",
            "circumstances": self.circumstances.data or "",
        }


class DecisionForm(BaseForm):
    """Whether to hold a review."""

    decision = RadioField(
        "Decision",
        validators=[Required("Select whether to commission a review")],
        choices=choices(Decision.choices()),
        widget=Radios(),
    )
    decided_on = GovDateField("Date of the decision", required="Enter the date of the decision")
    decision_maker = _text(
        "Who made the decision",
        required="Enter who made the decision",
        description="For example, the CSP chair, or the DARDR decision group",
    )
    rationale = _textarea(
        "Rationale",
        required="Enter the reasons for the decision",
        maximum=5000,
        description="The Home Office and, if it is not to be reviewed, the family will see this",
    )
    submit = SubmitField("Record decision", widget=GovSubmitInput())
    shield_exempt = ("rationale",)  # reviews.decision_rationale: shown with identities only


class HomeOfficeResponseForm(BaseForm):
    """The Home Office's reply to the decision."""

    response = _textarea("The Home Office's response", required="Enter the Home Office's response", maximum=5000)
    submit = SubmitField("Save response", widget=GovSubmitInput())
    shield_exempt = ("response",)  # reviews.home_office_response: shown with identities only


class StageForm(BaseForm):
    """Move the review on (or back)."""

    target = RadioField(
        "Move the review to", validators=[Required("Select the stage to move the review to")], widget=Radios()
    )
    effective_on = GovDateField("Date it happened", required="Enter the date the review moved on")
    reason = _textarea("Note", maximum=2000, description="Optional. Why, or what happened")
    submit = SubmitField("Move review", widget=GovSubmitInput())


class PauseForm(BaseForm):
    """Pause the review while something else runs."""

    pause_reason = RadioField(
        "Why is the review paused?",
        validators=[Required("Select why the review is paused")],
        choices=choices(PauseReason.choices()),
        widget=Radios(),
    )
    effective_on = GovDateField("Date paused", required="Enter the date the review was paused")
    reason = _textarea("Details", maximum=2000, description="For example, the trial date or which agency is awaited")
    submit = SubmitField("Pause review", widget=GovSubmitInput())


class ResumeForm(BaseForm):
    """Resume a paused review where it left off."""

    effective_on = GovDateField("Date resumed", required="Enter the date the review resumed")
    reason = _textarea("Note", maximum=2000, description="Optional")
    submit = SubmitField("Resume review", widget=GovSubmitInput())


class WithdrawForm(BaseForm):
    """Stop the review for good."""

    effective_on = GovDateField("Date withdrawn", required="Enter the date the review was withdrawn")
    reason = _textarea(
        "Why is the review being withdrawn?", required="Enter why the review is being withdrawn", maximum=2000
    )
    submit = SubmitField("Withdraw review", widget=GovSubmitInput())


class PersonForm(BaseForm):
    """Someone in the people register."""

    role = RadioField(
        "Role in the review",
        validators=[Required("Select the person's role in the review")],
        choices=choices(PersonRole.choices()),
        widget=Radios(),
    )
    pseudonym = _text(
        "Pseudonym",
        required="Enter the pseudonym used in reports",
        maximum=100,
        description="Used everywhere in reports and for anyone without permission to see identities. "
        "Agree it with the family where you can",
    )
    relationship_to_victim = _text(
        "Relationship to the victim", maximum=100, description="For example, former partner, son, neighbour"
    )
    living = RadioField(
        "Is the person alive?",
        validators=[Required("Select whether the person is alive")],
        choices=choices([("yes", "Yes"), ("no", "No")]),
        widget=Radios(),
    )
    real_name = _text(
        "Full name",
        description="Seen only by coordinators, the chair and the author",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    aliases = _text(
        "Other names or aliases",
        maximum=300,
        description="Separate names with commas. Drafts are checked for each of them",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    date_of_birth = GovDateField("Date of birth", description="For example, 27 3 1985")
    age = WholeNumberField(
        "Age at the victim's death (optional)",
        description="For the victim, their age when they died; for anyone else, their age at the time",
        validators=[Optional(), NumberRange(0, 120, "Enter an age from 0 to 120")],
        widget=GovTextInput(),
        render_kw={"class": "govuk-input--width-3", "inputmode": "numeric"},
    )
    sex = RadioField("Sex (optional)", choices=choices(Sex.choices()), widget=Radios(), validators=[Optional()])
    ethnicity = RadioField(
        "Ethnic group (optional)", choices=choices(Ethnicity.choices()), widget=Radios(), validators=[Optional()]
    )
    disability = RadioField(
        "Did they have a disability? (optional)",
        choices=choices(Known.choices()),
        widget=Radios(),
        validators=[Optional()],
    )
    submit = SubmitField("Save person", widget=GovSubmitInput())

    IDENTITY_FIELDS = ("real_name", "aliases", "date_of_birth", "age", "sex", "ethnicity", "disability")
    shield_exempt = IDENTITY_FIELDS  # the register itself

    def values(self) -> dict:
        """The cleaned person fields for the service."""
        return {
            "role": PersonRole(self.role.data),
            "pseudonym": self.pseudonym.data,
            "relationship_to_victim": self.relationship_to_victim.data or "",
            "living": self.living.data == "yes",
            "real_name": self.real_name.data or "",
            "aliases": self.aliases.data or "",
            "date_of_birth": self.date_of_birth.data,
            "age": self.age.data,
            "sex": Sex(self.sex.data) if self.sex.data else None,
            "ethnicity": Ethnicity(self.ethnicity.data) if self.ethnicity.data else None,
            "disability": Known(self.disability.data) if self.disability.data else None,
        }


class MemberForm(BaseForm):
    """Give someone a role on the review."""

    users = SelectMultipleField(
        "People",
        widget=GovCheckboxesInput(),
        description="Tick everyone who takes this role: each gets it, with the agency on their account unless you "
        "choose one below",
    )
    role = RadioField(
        "Role on this review",
        validators=[Required("Select their role on this review")],
        choices=choices(ReviewRole.choices()),
        widget=Radios(),
    )
    agency = SelectField(
        "Agency they represent",
        widget=GovSelect(),
        validate_choice=True,
        description="Needed for panel members and agency contributors. "
        "Leave as it is to use the agency on their account",
    )
    submit = SubmitField("Add to review", widget=GovSubmitInput())

    def set_choices(self, users, agencies) -> None:
        """Offer the partnership's active users and agencies."""
        self.users.choices = choices(
            [(u.id, f"{u.name} ({u.agency.code if u.agency else 'no agency'})") for u in users]
        )
        self.agency.choices = choices([(NONE, "Their own agency")] + [(a.id, f"{a.name} ({a.code})") for a in agencies])

    def validate_users(self, field):
        if not field.data:
            raise ValidationError("Select at least one person to add")


class ReopenForm(BaseForm):
    """Why a decision not to hold a review is looked at again."""

    why = RadioField(
        "Why is the decision being reopened?",
        validators=[Required("Select why the decision is being reopened")],
        choices=choices(Reopening.choices()),
        widget=Radios(),
    )
    effective_on = GovDateField("Date", required="Enter the date")
    reason = _textarea(
        "What happened",
        required="Enter what happened",
        description="For example, the Home Office's letter of 3 March asked the partnership to reconsider",
    )
    submit = SubmitField("Reopen the decision", widget=GovSubmitInput())


class CaseFactsForm(BaseForm):
    """What the Home Office and its DHR Library record of a case, beyond who the people were."""

    relationship_type = RadioField(
        "How was the perpetrator related to the victim?",
        choices=choices(RelationshipType.choices()),
        widget=Radios(),
        validators=[Optional()],
    )
    death_method = RadioField(
        "How did the victim die?", choices=choices(DeathMethod.choices()), widget=Radios(), validators=[Optional()]
    )
    police_force_area = _text("Police force area", maximum=100, description="For example, Metropolitan Police")
    children_present = RadioField(
        "Were children present, or in the household?",
        choices=choices(Known.choices()),
        widget=Radios(),
        validators=[Optional()],
    )
    version = HiddenField()
    submit = SubmitField("Save case facts", widget=GovSubmitInput())

    def values(self) -> dict:
        """The cleaned fields for reviews.services.record_case_facts."""
        return {
            "relationship_type": RelationshipType(self.relationship_type.data) if self.relationship_type.data else None,
            "death_method": DeathMethod(self.death_method.data) if self.death_method.data else None,
            "police_force_area": (self.police_force_area.data or "").strip(),
            "children_present": Known(self.children_present.data) if self.children_present.data else None,
        }


class JointReviewForm(BaseForm):
    """Whether the review is held jointly with a SAR or CSPR, and across which partnerships."""

    joint_with = RadioField(
        "Is it held jointly with another statutory review?",
        choices=choices([("", "No"), *JointWith.choices()]),
        widget=Radios(),
        validators=[Optional()],
    )
    lead_partnership = _text(
        "Lead partnership (for a review across partnerships)",
        maximum=200,
        description="Leave empty if your partnership commissioned it alone",
    )
    partner_partnerships = _text(
        "The other partnerships",
        maximum=500,
        description="Separate names with commas, for example Kensington and Chelsea CSP, Camden CSP",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_partner_partnerships(self, field):
        if (self.lead_partnership.data or "").strip() and not (field.data or "").strip():
            raise ValidationError("Enter the other partnerships of the joint review")
