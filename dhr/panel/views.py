"""The panel page (members, declarations, §4.4 checks) and recording declarations, by coordinators or self-service."""

from flask import Blueprint, abort, g, url_for
from flask_login import current_user

from dhr.core.saving import attempt
from dhr.panel import services
from dhr.panel.checks import PANEL_ROLES, panel_checks, seats
from dhr.panel.forms import DeclarationForm
from dhr.panel.queries import load_members
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.models import ReviewMember
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("panel", __name__, url_prefix="/reviews/<int:review_id>")


def may_declare_for(user, review, member) -> bool:
    """Coordinators record anyone's declarations; a member records only their own."""
    return can(user, Permission.MANAGE_MEMBERS, review) or member.user_id == user.id


@bp.route("/panel")
@requires_review(Permission.VIEW_REVIEW)
def index(review_id: int):
    """The panel: who sits on it, what each has declared and signed, and what §4.4 still needs."""
    review = g.review
    load_members(review)
    panel = seats(review)
    return review_page(
        "panel/panel.html",
        seats=panel,
        checks=panel_checks(review),
        may_declare={seat.member.id for seat in panel if may_declare_for(current_user, review, seat.member)},
    )


@bp.route("/panel/<int:member_id>/declarations", methods=["GET", "POST"])
@requires_review(Permission.VIEW_REVIEW)
def record_declarations(review_id: int, member_id: int):
    """Record a panel member's job title, declaration of independence and confidentiality agreement."""
    review = g.review
    member = in_review(ReviewMember, member_id, review)
    if member.role not in PANEL_ROLES:
        abort(404)
    if not may_declare_for(current_user, review, member):
        abort(403)
    own = member.user_id == current_user.id
    form = DeclarationForm(obj=member)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.record_declarations(member, actor=actor(), **form.values()),
            form=form,
            field="independence_statement",
            done="Your declarations are saved" if own else f"{member.user.name}'s declarations are saved",
            to=url_for("panel.index", review_id=review.id),
        )
    ):
        return saved
    return review_page("panel/declarations.html", form=form, member=member, own=own)
