"""The people register: identities for those allowed, pseudonyms for everyone else."""

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user

from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.reviews import services
from dhr.reviews.forms import CaseFactsForm, PersonForm
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
        intro="Everyone sees the pseudonym. Only coordinators, the chair and the author see real names, dates of "
        "birth and the case facts (age, sex, ethnic group, disability), which leave the review only as counts.",
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
            values.update(dict.fromkeys(PersonForm.IDENTITY_FIELDS), real_name="", aliases="")
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
    facts = {key: getattr(person, key).value for key in ("sex", "ethnicity", "disability") if getattr(person, key)}
    form = PersonForm(obj=person, role=person.role.value, living="yes" if person.living else "no", **facts)
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


@bp.route("/<int:review_id>/case-facts", methods=["GET", "POST"])
@requires_review(Permission.VIEW_IDENTITIES)
def case_facts(review_id: int):
    """The case facts the Home Office and its DHR Library record: relationship, method of death, police force area,
    children present. Held as identities are; the people's own facts are on the people register."""
    review = g.review
    if request.method == "POST" and not can(current_user, Permission.MANAGE_PEOPLE, review):
        abort(403)
    chosen = {
        key: getattr(review, key).value
        for key in ("relationship_type", "death_method", "children_present")
        if getattr(review, key) is not None
    }
    form = CaseFactsForm(obj=review, **chosen)
    if form.validate_on_submit():
        services.record_case_facts(review, actor=actor(), **form.values())
        db.session.commit()
        flash("Case facts saved", "success")
        return redirect(url_for("reviews.people", review_id=review.id) + "#case-facts")
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Case facts",
        fields=["relationship_type", "death_method", "police_force_area", "children_present"],
        intro="What the Home Office and its DHR Library record of a case. Seen only by coordinators, the chair and the "
        "author; statistics show them only as counts, with fewer than 5 suppressed, and exports give ages in bands.",
    )
