"""Object rules for evidence: a contributor works only on their own agency's request on that review."""

from flask import abort
from flask_login import current_user

from dhr.extensions import db
from dhr.permissions import Permission, ReviewRole, can


def contributes_for(user, review, agency_id: int) -> bool:
    """True when the user is this agency's contributor on this review."""
    return any(
        member.user_id == user.id and member.role is ReviewRole.AGENCY_CONTRIBUTOR and member.agency_id == agency_id
        for member in review.members
    )


def may_view(user, involvement) -> bool:
    """Coordinators and chairs see every agency's request; contributors only their own agency's."""
    review = involvement.review
    if can(user, Permission.REVIEW_EVIDENCE, review) or can(user, Permission.MANAGE_EVIDENCE, review):
        return True
    return contributes_for(user, review, involvement.agency_id)


def involvement_or_404(review, involvement_id: int, *, contributing: bool = False):
    """The review's involvement if the user may see it (and, when contributing, is that agency's contributor)."""
    from dhr.evidence.models import AgencyInvolvement

    involvement = db.session.get(AgencyInvolvement, involvement_id)
    if involvement is None or involvement.review_id != review.id or not may_view(current_user, involvement):
        abort(404)
    if contributing and not contributes_for(current_user, review, involvement.agency_id):
        abort(404)
    return involvement


EXPORT_FORMATS = ("csv", "xlsx")


def chosen_export(values, review, *, unknown_format: int) -> tuple[str, bool]:
    """The file type and names a chronology export asks for: `unknown_format` for a type not offered, 403 for
    real names without the identity permission. Shared by the export link and the export job's form."""
    file_format = values.get("format", "xlsx")
    real_names = values.get("names") == "real"
    if file_format not in EXPORT_FORMATS:
        abort(unknown_format)
    if real_names and not can(current_user, Permission.VIEW_IDENTITIES, review):
        abort(403)
    return file_format, real_names
