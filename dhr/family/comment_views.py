"""Comments the family returned on the draft report, and how each was answered."""

from flask import g

from dhr.family import queries, services, workflow
from dhr.family.forms import CommentForm, ResponseForm
from dhr.family.models import FamilyComment
from dhr.family.stages import COMMENT_TRANSITIONS, CommentStatus
from dhr.family.views import bp, form_page, save
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, in_review
from dhr.templating import uk_date

INTRO = "Record the comment as the family gave it. Cite the paragraph of the draft if they did."


@bp.route("/comments/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def new_comment(review_id: int):
    """Record a comment returned on the draft."""
    review = g.review
    form = CommentForm()
    form.set_contacts(queries.contacts_for(review))
    done = save(
        form,
        None,
        "contact",
        lambda: services.add_comment(review, actor=actor(), **form.values()),
        "Comment recorded",
    )
    return done or form_page(form, "Record a comment on the draft", CommentForm.FIELDS, intro=INTRO)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_comment(review_id: int, comment_id: int):
    """Correct a recorded comment."""
    review = g.review
    comment = in_review(FamilyComment, comment_id, review)
    form = CommentForm(
        contact=str(comment.contact_id),
        received_on=comment.received_on,
        paragraph=comment.paragraph,
        comment=comment.comment,
        version=str(comment.version),
    )
    form.set_contacts(queries.contacts_for(review))
    done = save(
        form,
        comment,
        "contact",
        lambda: services.update_comment(comment, actor=actor(), **form.values()),
        "Comment saved",
    )
    return done or form_page(form, "Change a comment on the draft", CommentForm.FIELDS, intro=INTRO)


@bp.route("/comments/<int:comment_id>/response", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def respond(review_id: int, comment_id: int):
    """Say how a comment was addressed, or why it was not accepted."""
    review = g.review
    comment = in_review(FamilyComment, comment_id, review)
    form = ResponseForm(obj=comment, status=comment.status.value, version=str(comment.version))
    form.set_statuses(comment.status, COMMENT_TRANSITIONS[comment.status])
    done = save(
        form,
        comment,
        "status",
        lambda: workflow.respond_to_comment(
            comment, status=CommentStatus(form.status.data), response=form.response.data or "", actor=actor()
        ),
        "Response saved",
    )
    where = f" on paragraph {comment.paragraph}" if comment.paragraph else ""
    return done or form_page(
        form,
        "Respond to a comment",
        ["status", "response"],
        intro=f"Comment{where}, received {uk_date(comment.received_on)}: \u201c{comment.comment}\u201d",
    )
