"""The names the shield replaced in a review's case text: the writer checks them and keeps what they typed where
a match was wrong."""

from flask import Blueprint, abort, flash, g, request, url_for
from flask_login import current_user

from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.privacy import replacements
from dhr.privacy.models import NameReplacement
from dhr.privacy.shield import REPLACED
from dhr.reviews.views.common import actor, review_page

bp = Blueprint("privacy", __name__, url_prefix="/reviews")


def _everyone(review) -> bool:
    return can(current_user, Permission.VIEW_IDENTITIES, review)


@bp.route("/<int:review_id>/names-replaced")
@requires_review(Permission.VIEW_REVIEW)
def names_replaced(review_id: int):
    """The registered names saved as person tokens: the user's own, or everyone's for a reader of identities."""
    review = g.review
    everyone = _everyone(review)
    rows = replacements.replacements_for(review, current_user, everyone=everyone)
    return review_page("privacy/names-replaced.html", rows=rows, everyone=everyone, user_id=current_user.id)


@bp.route("/<int:review_id>/names-replaced/<int:replacement_id>/keep", methods=["POST"])
@requires_review(Permission.VIEW_REVIEW)
def keep_as_typed(review_id: int, replacement_id: int):
    """Put back the words a writer typed, where the shield took them for someone on the register wrongly."""
    replacement = db.session.get(NameReplacement, replacement_id)
    if replacement is None or replacement.review_id != review_id:
        abort(404)
    if replacement.replaced_by_id != current_user.id and not _everyone(g.review):
        abort(404)  # another writer's words are theirs to keep
    back = url_for("privacy.names_replaced", review_id=review_id)
    return attempt(
        lambda: replacements.keep_as_typed(replacement, actor=actor()),
        done=lambda _: f"Kept as typed in {replacement.field_label}",
        to=back,
        refused_to=back,
    )


def tell_writer(response):
    """After a save that replaced names, a message on the next page says so and links to what was replaced."""
    counts = g.get(REPLACED)
    if not counts or response.status_code not in (302, 303) or request.endpoint == "privacy.keep_as_typed":
        return response
    for review_id, count in counts.items():
        names = "1 name" if count == 1 else f"{count} names"
        flash(
            f"{names} from the people register saved as person tokens, so readers see the pseudonym.",
            f"names-replaced:{review_id}",
        )
    return response
