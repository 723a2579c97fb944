"""Possible duplicates in the combined chronology, for the chair (or coordinator) to confirm or dismiss."""

from flask import abort, flash, g, redirect, request, url_for

from dhr.core.forms import ConfirmForm
from dhr.evidence import services
from dhr.evidence.duplicates import candidates
from dhr.evidence.models import ChronologyEntry
from dhr.evidence.queries import decisions_for, reviewable_entries
from dhr.evidence.views import bp
from dhr.extensions import db
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, review_page


@bp.route("/chronology/duplicates")
@requires_review(Permission.REVIEW_EVIDENCE)
def duplicates(review_id: int):
    """Suggested pairs still to decide, then the ones decided."""
    review = g.review
    pairs = candidates(reviewable_entries(review))
    decided = decisions_for(review)
    return review_page(
        "evidence/duplicates.html",
        open_pairs=[p for p in pairs if p.key not in decided],
        decided_pairs=[(p, decided[p.key]) for p in pairs if p.key in decided],
        confirm=ConfirmForm(),
    )


@bp.route("/chronology/duplicates/<int:first_id>/<int:second_id>", methods=["POST"])
@requires_review(Permission.REVIEW_EVIDENCE)
def decide_duplicate(review_id: int, first_id: int, second_id: int):
    """Keep the decision: the same event, or two events."""
    review = g.review
    first, second = db.session.get(ChronologyEntry, first_id), db.session.get(ChronologyEntry, second_id)
    if first is None or second is None or not ConfirmForm().validate_on_submit():
        abort(404)
    same = request.form.get("same_event") == "yes"
    try:
        services.decide_duplicate(review, first, second, same_event=same, actor=actor())
    except services.EvidenceError:
        abort(404)
    db.session.commit()
    flash("Marked as the same event" if same else "Marked as two different events", "success")
    return redirect(url_for("evidence.duplicates", review_id=review.id))
