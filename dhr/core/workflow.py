"""Machine: the one shape of a status that moves along a table, with a history row and an audit event.

Each module declares its machine as data in its `workflow.py` (the table, the moves that need a reason, the
history model, the words of a refusal) and moves its objects only through `Machine.move`. The module's own
preconditions and side effects sit around that call, in the same file.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dhr.core.enums import LabelledEnum
from dhr.core.errors import DomainError

E = TypeVar("E", bound=LabelledEnum)


class TransitionError(DomainError):
    """The table, or a precondition of the move, refuses it now."""


def _labels(current: LabelledEnum | None, target: LabelledEnum) -> dict[str, str]:
    """The words a refusal is written with: {current} and {target} in lower case, {Current} and {Target} as labelled."""
    was = current.label if current is not None else "new"
    return {"current": was.lower(), "target": target.label.lower(), "Current": was, "Target": target.label}


@dataclass(frozen=True)
class Machine(Generic[E]):
    """A transition table with what a move needs, and the history row and audit event it writes."""

    name: str
    states: type[E]
    # Keyed by status, and by None for what a new object may start at. Any, because a Mapping's key type is
    # invariant: a module's dict[Status, ...] table is not a Mapping[Status | None, ...].
    table: Mapping[Any, Collection[E]]
    # The history model (an ORM class); move() returns the row it adds.
    history: type[Any] | None
    owner: str
    refusal: str
    attr: str = "status"
    field: str | None = "status"
    needs_reason: Collection[tuple[E | None, E]] = frozenset()
    reason_message: str | Mapping[E, str] = "Enter the reason"
    columns: tuple[str, str] = ("from_status", "to_status")
    history_reason: bool = True
    event: str = "{name}.{target}"
    # (status, attribute): from that status the object may also return to the status its attribute holds.
    returns_to: tuple[E, str] | None = None

    def allows(self, current: E | None, target: E, obj: object = None) -> bool:
        """True when the table has the move from `current` to `target` (or `obj` may return there)."""
        if self.returns_to is not None and obj is not None and current is self.returns_to[0]:
            back = getattr(obj, self.returns_to[1])
            return target is back or target in self.table.get(current, ())
        return target in self.table.get(current, ())

    def needs_a_reason(self, current: E | None, target: E) -> bool:
        """True when this move must say why."""
        return (current, target) in self.needs_reason

    def refuse(self, current: E | None, target: E, reason: str = "", obj: object = None) -> None:
        """Raise TransitionError unless the table allows the move and it has the reason it needs."""
        if not self.allows(current, target, obj):
            raise TransitionError(self.refusal.format(**_labels(current, target)), self.field)
        if self.needs_a_reason(current, target) and not reason.strip():
            message = self.reason_message
            if isinstance(message, Mapping):
                message = message[target]
            raise TransitionError(message, "reason")

    def move(
        self,
        obj: object,
        target: E,
        *,
        actor: Any,
        reason: str = "",
        summary: str | None = None,
        audit: Mapping[str, Any] | None = None,
        effects: Callable[[], None] | None = None,
        **history: Any,
    ) -> Any:
        """Move `obj` to `target`: check the table, set the status, add the history row, write the audit event.

        `summary` None leaves the audit event to the caller, which describes a wider change in the same
        transaction. `audit` holds record()'s scope (review_id=, partnership_id=) and extra data. `effects` runs
        once the move is allowed, before anything is written: the fields that change with the status. Returns the
        history row, or None when the machine keeps no history."""
        from dhr.audit.services import record
        from dhr.extensions import db

        current = getattr(obj, self.attr)
        reason = (reason or "").strip()
        self.refuse(current, target, reason, obj)
        if effects is not None:
            effects()
        setattr(obj, self.attr, target)
        row = None
        if self.history is not None:
            before, after = self.columns
            values = {self.owner: obj, before: current, after: target, "actor_id": getattr(actor, "id", None)}
            if self.history_reason:
                values["reason"] = reason
            row = self.history(**values, **history)
            db.session.add(row)
        if summary is not None:
            scope = dict(audit or {})
            data = {"from": getattr(current, "value", None), "to": target.value, **scope.pop("data", {})}
            record(
                self.event.format(name=self.name, target=target.value),
                summary,
                actor=actor,
                obj=obj,
                data=data,
                **scope,
            )
        return row
