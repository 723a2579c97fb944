"""The one way a QA development point's status changes: move_point(), checked against the table, with a history
row. The response that comes with it writes the audit event (qa.respond_to_point)."""

from typing import Any

from dhr.assurance.models import QaPoint, QaPointChange
from dhr.assurance.stages import POINT_TRANSITIONS, PointStatus
from dhr.core.workflow import Machine

MACHINE = Machine(
    name="assurance.qa_point",
    states=PointStatus,
    table=POINT_TRANSITIONS,
    history=QaPointChange,
    owner="point",
    refusal="A point that is {current} cannot go back to {target}",
    history_reason=False,
)


def move_point(point: QaPoint, target: PointStatus, *, actor: Any) -> QaPointChange | None:
    """Move the point to `target` (no change when it is there already), or raise a DomainError saying why not."""
    if target is point.status:
        return None
    change: QaPointChange = MACHINE.move(point, target, actor=actor)
    return change
