"""Partnership settings."""

from datetime import date

from sqlalchemy import func, select

from dhr.audit.services import diff, record
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.partnerships.models import Partnership, ReviewLabel


def _snapshot(partnership: Partnership) -> dict:
    return {
        "name": partnership.name,
        "reference_prefix": partnership.reference_prefix,
        "review_label": partnership.review_label.value,
        "evidence_due_days": partnership.evidence_due_days,
        "two_step_for_everyone": partnership.two_step_for_everyone,
        "s19_commenced_on": partnership.s19_commenced_on.isoformat() if partnership.s19_commenced_on else None,
        "signatory_name": partnership.signatory_name,
        "signatory_role": partnership.signatory_role,
    }


class SettingsError(DomainError):
    """A settings rule was broken; the message is fit to show the user."""


def update_settings(
    partnership: Partnership,
    *,
    name: str,
    reference_prefix: str,
    review_label: ReviewLabel,
    actor,
    evidence_due_days: int | None = None,
    two_step_for_everyone: bool | None = None,
    s19_commenced_on: date | None | object = ...,
    signatory: tuple[str, str] | None = None,
):
    """Change the partnership's name, reference prefix, review label, default evidence period, who must use
    two-step verification, who signs its letters and when VPA 2024 s19 came into force (`...` leaves it as it
    is)."""
    taken = db.session.scalar(
        select(Partnership.id).where(func.lower(Partnership.name) == name.lower(), Partnership.id != partnership.id)
    )
    if taken is not None:
        raise SettingsError("Choose a different name: this one is already in use")
    before = _snapshot(partnership)
    partnership.name = name
    partnership.reference_prefix = reference_prefix.strip().upper()
    partnership.review_label = review_label
    if evidence_due_days is not None:
        partnership.evidence_due_days = evidence_due_days
    if two_step_for_everyone is not None:
        partnership.two_step_for_everyone = two_step_for_everyone
    if signatory is not None:
        partnership.signatory_name, partnership.signatory_role = signatory
    if s19_commenced_on is not ...:
        partnership.s19_commenced_on = s19_commenced_on
    record(
        "partnership.updated",
        f"{actor.name} changed the partnership settings",
        actor=actor,
        obj=partnership,
        data=diff(before, _snapshot(partnership)),
    )
    db.session.flush()
