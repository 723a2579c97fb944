"""Inviting someone new straight onto a review from its Members page: the account, its invitation email and the
review role in one step, for the coordinator who is setting up a panel."""

from flask import Blueprint, g, url_for
from flask_login import current_user

from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.auth.services import find_user_by_email
from dhr.core.saving import attempt
from dhr.core.told import with_told
from dhr.extensions import db
from dhr.permissions import Permission, ReviewRole, requires_review
from dhr.reviews import services as reviews
from dhr.reviews.views.common import actor, review_page
from dhr.users import services
from dhr.users.forms import NO_AGENCY, InviteToReviewForm

bp = Blueprint("review_invites", __name__, url_prefix="/reviews/<int:review_id>/members")


def _invite_and_add(review, form: InviteToReviewForm):
    agency = None
    if form.agency.data not in (None, NO_AGENCY):
        agency = db.session.get(Agency, int(form.agency.data))
        if agency is None or agency.partnership_id != review.partnership_id:
            raise services.AccountError("Select an agency of this partnership", field="agency")
    person = find_user_by_email(form.email.data or "")
    if person is None or not person.works_in(review.partnership_id):
        person = services.invite_user(
            partnership=review.partnership,
            email=form.email.data,
            name=form.name.data,
            agency=agency,
            roles=set(),
            actor=actor(),
        )
    role = ReviewRole(form.role.data)
    reviews.add_member(review, user=person, role=role, agency=agency, actor=actor())
    return person, role


@bp.route("/invite", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_MEMBERS)
def invite(review_id: int):
    """Invite a new chair, author, panel member or contributor by email and add them to this review."""
    review = g.review
    form = InviteToReviewForm()
    form.set_agency_choices(agencies_for(current_user.partnership_id, active_only=True))
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: _invite_and_add(review, form),
            form=form,
            field="email",
            done=with_told(lambda made: f"{made[0].name} invited and added as {made[1].label.lower()}"),
            to=url_for("reviews.members", review_id=review.id),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Invite someone new to this review",
        fields=["name", "email", "role", "agency"],
        intro="They get an email to set a password, and see this review once they have signed in. Someone who "
        "already has an account in this partnership is added without a new invitation.",
    )
