"""Recording a panel member's declarations. Coordinators record anyone's; members may record their own."""

from datetime import date

from dhr.audit.services import record
from dhr.core.errors import DomainError
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.panel.checks import PANEL_ROLES
from dhr.permissions import ReviewRole

DECLARATION_FIELDS = (
    "job_title",
    "independence_statement",
    "independence_declared_on",
    "confidentiality_signed_on",
    "appointed_on",
)
APPOINTED_ROLES = (ReviewRole.CHAIR, ReviewRole.AUTHOR)


class PanelError(DomainError):
    """A panel rule was broken; the message is fit to show the user, next to `field` when it names one."""


def record_declarations(
    member,
    *,
    actor,
    job_title: str,
    independence_statement: str,
    independence_declared_on: date | None,
    confidentiality_signed_on: date | None,
    appointed_on: date | None | object = ...,
) -> list[str]:
    """Set a panel member's job title, declaration of independence and confidentiality date; returns what changed."""
    if member.role not in PANEL_ROLES:
        raise PanelError(f"A {member.role.label.lower()} does not make panel declarations")
    statement = independence_statement.strip()
    if statement and independence_declared_on is None:
        raise PanelError("Enter the date the declaration of independence was made", "independence_declared_on")
    if independence_declared_on is not None and not statement:
        raise PanelError("Enter the declaration of independence", "independence_statement")
    notified_on = member.review.notified_on
    keeping = appointed_on is ...  # a caller that does not set it leaves it as it is
    if not keeping and appointed_on is not None and member.role not in APPOINTED_ROLES:
        raise PanelError("Only the chair and the author have an appointment date", "appointed_on")
    for field, day in (
        ("independence_declared_on", independence_declared_on),
        ("confidentiality_signed_on", confidentiality_signed_on),
        ("appointed_on", None if keeping else appointed_on),
    ):
        if day is not None and day < notified_on:
            raise PanelError(f"The date must be on or after the review began ({notified_on:%d/%m/%Y})", field)
    values = {
        "job_title": job_title.strip(),
        "independence_statement": statement,
        "independence_declared_on": independence_declared_on,
        "confidentiality_signed_on": confidentiality_signed_on,
        "appointed_on": member.appointed_on if keeping else appointed_on,
    }
    changed = apply_changes(member, values, DECLARATION_FIELDS)
    # A person declares once whatever panel roles they hold: their other memberships carry the same declarations,
    # so a chair who is also the author is not asked twice, and neither role shows as undeclared.
    shared = [field for field in DECLARATION_FIELDS if field != "appointed_on"]
    for twin in member.review.members:
        if twin is not member and twin.user_id == member.user_id and twin.role in PANEL_ROLES:
            apply_changes(twin, {field: values[field] for field in shared}, shared)
    if changed:
        own = actor.id == member.user_id
        whose = "their own" if own else f"{member.user.name}'s"
        record(
            "panel.declarations_recorded",
            f"{actor.name} recorded {whose} panel declarations on {member.review.reference}",
            actor=actor,
            obj=member,
            review_id=member.review_id,
            partnership_id=member.review.partnership_id,
            data={"changed": changed, "member_user_id": member.user_id, "self_service": own},
        )
    db.session.flush()
    return changed
