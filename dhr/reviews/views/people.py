"""The people register: identities for those allowed, pseudonyms for everyone else."""

from flask import flash, g, redirect, url_for
from flask_login import current_user

from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.reviews import services
from dhr.reviews.forms import PersonForm
from dhr.reviews.models import Person
from dhr.reviews.views import bp
from dhr.reviews.views.common import actor, in_review, review_page


@bp.route("/<int:review_id>/people")
@requires_review(Permission.VIEW_REVIEW)
def people(review_id: int):
    """Everyone in the review."""
    return review_page("reviews/people.html", show_identities=can(current_user, Permission.VIEW_IDENTITIES, g.review))


def _person_form_page(form, person):
    identities = can(current_user, Permission.VIEW_IDENTITIES, g.review)
    fields = ["role", "pseudonym", "relationship_to_victim", "living"]
    if identities:
        fields += list(PersonForm.IDENTITY_FIELDS)
    title = f"Change {person.pseudonym}" if person else "Add a person"
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title=title,
        fields=fields,
        intro="Everyone sees the pseudonym. Only coordinators, the chair and the author see real "
        "names and dates of birth.",
    )


@bp.route("/<int:review_id>/people/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_PEOPLE)
def new_person(review_id: int):
    """Add someone to the people register."""
    review = g.review
    form = PersonForm()
    if form.validate_on_submit():
        values = form.values()
        if not can(current_user, Permission.VIEW_IDENTITIES, review):
            values.update(real_name="", aliases="", date_of_birth=None)
        person = services.add_person(review, actor=actor(), **values)
        db.session.commit()
        flash(f"{person.pseudonym} added to the people register", "success")
        return redirect(url_for("reviews.people", review_id=review.id))
    return _person_form_page(form, None)


@bp.route("/<int:review_id>/people/<int:person_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_PEOPLE)
def edit_person(review_id: int, person_id: int):
    """Change someone's details."""
    review = g.review
    person = in_review(Person, person_id, review)
    form = PersonForm(obj=person, role=person.role.value, living="yes" if person.living else "no")
    if form.validate_on_submit():
        services.update_person(
            person,
            actor=actor(),
            can_edit_identity=can(current_user, Permission.VIEW_IDENTITIES, review),
            **form.values(),
        )
        db.session.commit()
        flash(f"{person.pseudonym}'s details saved", "success")
        return redirect(url_for("reviews.people", review_id=review.id))
    return _person_form_page(form, person)
