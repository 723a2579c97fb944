"""Who is on the review, and in what role. Coordinators add and remove members; every change is audited."""

from flask import abort, flash, g, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.core.told import with_told
from dhr.extensions import db
from dhr.permissions import Permission, ReviewRole, can, requires_review
from dhr.reviews import services
from dhr.reviews.forms import NONE, MemberForm
from dhr.reviews.models import ReviewMember
from dhr.reviews.views import bp
from dhr.reviews.views.common import actor, in_review, review_page


def _member_form(review) -> MemberForm:
    form = MemberForm()
    users = db.session.scalars(
        select(User).where(members_of(review.partnership_id, active=True), User.active.is_(True)).order_by(User.name)
    ).all()
    form.set_choices(users, agencies_for(review.partnership_id, active_only=True))
    return form


def _members_page(form):
    return review_page(
        "reviews/members.html",
        form=form,
        can_manage=can(current_user, Permission.MANAGE_MEMBERS, g.review),
        confirm=ConfirmForm(),
    )


@bp.route("/<int:review_id>/members")
@requires_review(Permission.VIEW_REVIEW)
def members(review_id: int):
    """The chair, author, panel and agency contributors on this review."""
    return _members_page(_member_form(g.review))


@bp.route("/<int:review_id>/members/add", methods=["POST"])
@requires_review(Permission.MANAGE_MEMBERS)
def add_member(review_id: int):
    """Give a user a role on the review."""
    review = g.review
    form = _member_form(review)
    if form.validate_on_submit():
        people = [db.session.get(User, int(user_id)) for user_id in form.users.data]
        chosen = db.session.get(Agency, int(form.agency.data)) if form.agency.data not in (None, NONE) else None
        role = ReviewRole(form.role.data)

        def add_everyone():
            # All or none: one refusal (someone already in the role) leaves the review as it was.
            for user in people:
                agency = chosen or (user.agency if role.needs_agency else None)
                services.add_member(review, user=user, role=role, agency=agency, actor=actor())
            return people

        if saved := attempt(
            add_everyone,
            form=form,
            field="role",
            done=with_told(lambda added: f"{_names(added)} added as {role.label.lower()}"),
            to=url_for("reviews.members", review_id=review.id),
        ):
            return saved
    return _members_page(form)


def _names(people) -> str:
    names = [person.name for person in people]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@bp.route("/<int:review_id>/members/<int:member_id>/remove", methods=["POST"])
@requires_review(Permission.MANAGE_MEMBERS)
def remove_member(review_id: int, member_id: int):
    """Take a role on the review away from someone."""
    review = g.review
    member = in_review(ReviewMember, member_id, review)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name, role = member.user.name, member.role
    services.remove_member(member, actor=actor())
    db.session.commit()
    flash(f"{name} is no longer {role.label.lower()} on this review", "success")
    return redirect(url_for("reviews.members", review_id=review.id))
