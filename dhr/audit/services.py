"""record(): the only way an audit event is written."""

import re
from typing import Any

from flask import g, has_request_context, request

from dhr.audit.models import AuditEvent
from dhr.core.events import Event, publish
from dhr.extensions import db

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: str, limit: int = 300) -> str:
    """Collapse control characters (log injection) and cut to the column width."""
    return _CONTROL.sub(" ", text).strip()[:limit]


def record(
    action: str,
    summary: str,
    *,
    actor=None,
    obj=None,
    added=None,
    review=None,
    partnership_id: int | None = None,
    review_id: int | None = None,
    data: dict[str, Any] | None = None,
    actor_email: str | None = None,
    flush: bool = True,
) -> AuditEvent:
    """Add an audit event to the current transaction, so it commits or rolls back with the change it describes.

    `added` is a new row the change creates: it is added and flushed first, so the event names its id (the one
    create-then-audit shape); look up what the arguments need before building it, since a query among them would
    autoflush a row the session does not hold yet. `review` files the event under that review and its
    partnership. `flush=False` is for a session event hook, which runs inside a flush and cannot start another."""
    if added is not None:
        db.session.add(added)
        db.session.flush()
        obj = added
    if review is not None:
        review_id = review.id if review_id is None else review_id
        partnership_id = review.partnership_id if partnership_id is None else partnership_id
    if partnership_id is None:
        partnership_id = getattr(obj, "partnership_id", None) or getattr(actor, "partnership_id", None)
    event = AuditEvent(
        action=action,
        summary=one_line(summary),
        actor_id=getattr(actor, "id", None),
        actor_email=one_line(actor_email or getattr(actor, "email", "") or "", 254) or None,
        partnership_id=partnership_id,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        review_id=review_id,
        data=data or {},
    )
    if has_request_context():
        event.remote_addr = (request.remote_addr or "")[:64] or None
        event.request_id = getattr(g, "request_id", None)
    db.session.add(event)
    if flush:
        db.session.flush()
        from dhr.privacy.shield import attribute

        attribute(db.session, actor)  # names saved as tokens in this change were saved by this change's actor
        # The audit event is the domain event: whoever listens (dhr/wiring.py) hears of it in this transaction.
        publish(Event(action, obj, actor, review_id, partnership_id, event.data))
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Audit data for an edit of reference data: the changed field names with old and new values."""
    changed = sorted(key for key in before if before[key] != after.get(key))
    return {
        "changed": changed,
        "before": {key: before[key] for key in changed},
        "after": {key: after[key] for key in changed},
    }
