"""Domain events: something happened that a person may need to hear of.

Every state change already writes an audit event (dhr.audit.record), in the same transaction as the change, so
that one call is also where an Event is published: a change cannot be made without its event, and no service
raises one by hand. Who hears of it is not decided here: the handlers dhr/wiring.py connects to HAPPENED read
their own tables (the notifications' table of audiences, for one), so the package that acts never imports the
packages that listen. Work with no audit event of its own (a clock falling due) publishes directly.
"""

from dataclasses import dataclass, field
from typing import Any

from dhr.core.hooks import Hook


@dataclass(frozen=True)
class Event:
    """`kind` names what happened (the audit action, as "evidence.submitted"); `obj` is what it happened to."""

    kind: str
    obj: Any
    actor: Any = None
    review_id: int | None = None
    partnership_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


HAPPENED = Hook("something happened")


def publish(event: Event) -> None:
    """Tell every connected handler what happened."""
    HAPPENED(event)
