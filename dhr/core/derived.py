"""Data derived from other data and kept current in the same transaction: a session notes, at each flush, what the
flush touched, and settles it before the commit; a rollback forgets what was noted. Used by the stored clocks
(clocks/stored.py) and the stored tasks (overview/stored.py)."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session


def keep_current(
    note: Callable[[Session, Any], None],
    settle: Callable[[Session], Any],
    pending: tuple[str, ...],
    session_class: type[Session] = Session,
) -> None:
    """Call `note` after every flush and `settle` before every commit of every session of `session_class`; a rollback
    drops what `note` kept in `session.info` under the `pending` keys. Installing twice changes nothing."""
    if event.contains(session_class, "after_flush", note):
        return

    def forget(session: Session, *_args: Any) -> None:
        for key in pending:
            session.info.pop(key, None)

    event.listen(session_class, "after_flush", note)
    event.listen(session_class, "before_commit", settle)
    event.listen(session_class, "after_rollback", forget)
    event.listen(session_class, "after_soft_rollback", forget)
