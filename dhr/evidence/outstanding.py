"""Agency evidence still outstanding on a review: requested and not yet accepted. The readiness check and the warning
on moving to analysis and drafting both read it, so the two never disagree."""

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import EvidenceStatus, OutputRequired
from dhr.extensions import db


def outstanding(review_id: int) -> list[tuple[str, EvidenceStatus]]:
    """(agency, status) for everything owed and not yet accepted, by agency name: not yet requested, not
    submitted, submitted and not accepted, or returned for amendment. An agency owing nothing is never outstanding."""
    owed = AgencyInvolvement.output != OutputRequired.NONE
    return [
        (name, status)
        for name, status in db.session.execute(
            select(Agency.name, AgencyInvolvement.status)
            .join(Agency, Agency.id == AgencyInvolvement.agency_id)
            .where(AgencyInvolvement.review_id == review_id, owed, AgencyInvolvement.status != EvidenceStatus.ACCEPTED)
            .order_by(Agency.name)
        )
    ]


def describe(waiting: list[tuple[str, EvidenceStatus]]) -> str:
    """'Metropolitan Police (requested), NHS trust (submitted, not yet accepted)'."""

    def state(status: EvidenceStatus) -> str:
        if status is EvidenceStatus.NOT_REQUESTED:
            return "not yet requested"
        return "submitted, not yet accepted" if status is EvidenceStatus.SUBMITTED else status.label.lower()

    return ", ".join(f"{name} ({state(status)})" for name, status in waiting)


def evidence_outstanding(review) -> str | None:
    """The stage guard's answer on leaving evidence gathering: what is still outstanding, or None when every
    request is accepted. A review going back to drafting from a later stage has already said why."""
    from dhr.reviews.stages import ReviewStage

    if review.stage is not ReviewStage.EVIDENCE:
        return None
    waiting = outstanding(review.id)
    if not waiting:
        return None
    return f"Agency evidence is outstanding: {describe(waiting)}"
