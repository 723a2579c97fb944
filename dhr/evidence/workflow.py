"""The one way an evidence request's status changes: change_status(), checked against the table, with a history
row and an audit event in the same transaction."""

from typing import Any

from dhr.core.workflow import Machine
from dhr.evidence.models import AgencyInvolvement, EvidenceStatusChange
from dhr.evidence.stages import EVIDENCE_TRANSITIONS, EvidenceStatus
from dhr.extensions import db

MACHINE = Machine(
    name="evidence",
    states=EvidenceStatus,
    table=EVIDENCE_TRANSITIONS,
    history=EvidenceStatusChange,
    owner="involvement",
    refusal="A request that is '{current}' cannot become '{target}'",
    field=None,
)


def change_status(involvement: AgencyInvolvement, target: EvidenceStatus, *, actor: Any, reason: str = "") -> None:
    """Move the request to `target`, or raise a DomainError saying why not."""
    current = involvement.status
    MACHINE.move(
        involvement,
        target,
        actor=actor,
        reason=reason,
        summary=f"{involvement.agency.code}: {current.label} to {target.label}",
        audit={"review_id": involvement.review_id, "partnership_id": involvement.agency.partnership_id},
    )
    db.session.flush()
