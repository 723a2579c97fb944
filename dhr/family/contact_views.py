"""Contacts: add and change them, their consent, and the attempts to reach them."""

from flask import abort, g, url_for
from flask_login import current_user

from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.family import queries, services, workflow
from dhr.family.forms import NONE, AttemptForm, ConsentForm, ContactForm
from dhr.family.models import ContactAttempt, FamilyContact
from dhr.family.stages import CONSENT_TRANSITIONS, ConsentStatus
from dhr.family.views import bp, form_page, save
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import actor, in_review, review_page


def _contact_url(contact: FamilyContact) -> str:
    return url_for("family.view_contact", review_id=contact.review_id, contact_id=contact.id)


TEXT_FIELDS = ("name", "relationship_to_victim", "contact_details", "advocate_name", "advocacy_organisation", "notes")


def _contact_form(review, contact: FamilyContact | None = None) -> ContactForm:
    if contact is None:
        form = ContactForm()
    else:
        # No obj=: WTForms would prefer the model's `person` relationship over the id given here.
        form = ContactForm(
            **{key: getattr(contact, key) for key in TEXT_FIELDS},
            leaflet_given_on=contact.leaflet_given_on,
            kind=contact.kind.value,
            preferred_method=contact.preferred_method.value,
            leaflet=contact.leaflet.value if contact.leaflet else NONE,
            person=str(contact.person_id or ""),
            version=str(contact.version),
        )
    form.set_people(review.people, can(current_user, Permission.VIEW_IDENTITIES, review))
    return form


INTRO = "Names and contact details are seen only by coordinators, the chair and the author."


@bp.route("/contacts/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def new_contact(review_id: int):
    """Add a family member, friend, colleague or neighbour."""
    review = g.review
    form = _contact_form(review)
    done = save(
        form,
        None,
        "name",
        lambda: services.add_contact(review, actor=actor(), **form.values()),
        "Contact added",
    )
    return done or form_page(form, "Add a contact", ContactForm.FIELDS, intro=INTRO)


@bp.route("/contacts/<int:contact_id>")
@requires_review(Permission.VIEW_FAMILY)
def view_contact(review_id: int, contact_id: int):
    """One contact: their details, consent history and every attempt to reach them."""
    review = g.review
    contact = queries.contact_with_history(review, contact_id)
    if contact is None:
        abort(404)
    return review_page(
        "family/contact.html",
        contact=contact,
        follow_up=contact.needs_follow_up(london_today()),
        show_identities=can(current_user, Permission.VIEW_IDENTITIES, review),
    )


@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_contact(review_id: int, contact_id: int):
    """Change a contact's details."""
    review = g.review
    contact = in_review(FamilyContact, contact_id, review)
    form = _contact_form(review, contact)
    done = save(
        form,
        contact,
        "name",
        lambda: services.update_contact(contact, actor=actor(), **form.values()),
        "Contact saved",
        back=_contact_url(contact),
    )
    return done or form_page(form, "Change a contact", ContactForm.FIELDS, intro=INTRO, back=_contact_url(contact))


@bp.route("/contacts/<int:contact_id>/consent", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def change_consent(review_id: int, contact_id: int):
    """Record consent given, declined or withdrawn."""
    review = g.review
    contact = in_review(FamilyContact, contact_id, review)
    form = ConsentForm()
    form.set_targets(CONSENT_TRANSITIONS[contact.consent])
    done = save(
        form,
        None,
        "status",
        lambda: workflow.change_consent(
            contact,
            ConsentStatus(form.status.data),
            effective_on=form.effective_on.data,
            note=form.note.data or "",
            actor=actor(),
        ),
        "Consent recorded",
        back=_contact_url(contact),
    )
    return done or form_page(
        form,
        "Record consent",
        ["status", "effective_on", "note"],
        intro=f"Consent is currently: {contact.consent.label.lower()}. Every change is kept.",
        back=_contact_url(contact),
    )


@bp.route("/contacts/<int:contact_id>/attempts/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def new_attempt(review_id: int, contact_id: int):
    """Log an attempt to reach a contact."""
    review = g.review
    contact = in_review(FamilyContact, contact_id, review)
    form = AttemptForm(made_by=current_user.name, method=contact.preferred_method.value)
    done = save(
        form,
        None,
        "attempted_on",
        lambda: services.add_attempt(contact, actor=actor(), **form.values()),
        "Attempt logged",
        back=_contact_url(contact),
    )
    return done or form_page(form, "Log an attempt", AttemptForm.FIELDS, back=_contact_url(contact))


@bp.route("/contacts/<int:contact_id>/attempts/<int:attempt_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_attempt(review_id: int, contact_id: int, attempt_id: int):
    """Correct a logged attempt."""
    review = g.review
    contact = in_review(FamilyContact, contact_id, review)
    attempt = db.session.get(ContactAttempt, attempt_id)
    if attempt is None or attempt.contact_id != contact.id:
        abort(404)
    form = AttemptForm(obj=attempt, method=attempt.method.value, outcome=attempt.outcome.value)
    done = save(
        form,
        None,
        "attempted_on",
        lambda: services.update_attempt(attempt, actor=actor(), **form.values()),
        "Attempt saved",
        back=_contact_url(contact),
    )
    return done or form_page(form, "Change an attempt", AttemptForm.FIELDS, back=_contact_url(contact))
