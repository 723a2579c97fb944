"""Every response that shows a review's real names, aliases, dates of birth or family contacts' names is audited:
one after-request check for every review route, so no page can reveal identities without a trace.

Text responses (pages, CSV, JSON) are read back through the leak scan. Word and spreadsheet downloads are audited
by the export that builds them (report.exported, chronology.exported and the like), and a streamed response by
its route; tests/privacy/test_reveals.py walks every review route to hold both to that.
"""

from flask import g, request

TEXT_TYPES = frozenset({"text/html", "text/csv", "text/plain", "application/json"})


def audit_reveals(response):
    """After a review route: if the response shows identities from the review's register, audit what it showed."""
    review = g.get("review")
    if review is None or response.is_streamed or response.direct_passthrough or response.mimetype not in TEXT_TYPES:
        return response
    from dhr.audit.services import record
    from dhr.extensions import db
    from dhr.privacy.scan import Matcher
    from dhr.reports.publication import needles_for
    from dhr.reviews.views.common import actor

    needles = needles_for(review)
    if not needles:
        return response
    shown = sorted({needle.description for needle in Matcher(needles).found(response.get_data(as_text=True))})
    if shown:
        record(
            "identity.revealed",
            f"{review.reference}: {'; '.join(shown)} shown on {request.endpoint}",
            actor=actor(),  # requires_review set g.review, so someone is signed in
            obj=review,
            review_id=review.id,
            partnership_id=review.partnership_id,
            data={"endpoint": request.endpoint, "path": request.full_path.rstrip("?"), "shown": shown},
        )
        db.session.commit()
    return response
