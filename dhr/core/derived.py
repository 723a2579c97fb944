"""Data derived from other data and kept current in the same transaction: a session notes, at each flush, what the
flush touched, and settles it before the commit, having locked the rows it works out again; a rollback forgets what
was noted. Used by the stored clocks (clocks/stored.py) and the stored tasks (overview/stored.py)."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select
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


def lock_rows(session: Session, id_column: Any, ids: list[int]) -> None:
    """Lock these rows (say, reviews) in id order before their derived rows are worked out again, so two
    transactions touching one review rebuild it one after the other instead of both deleting the old rows and both
    inserting new ones. FOR NO KEY UPDATE on PostgreSQL, which leaves other transactions free to add child rows
    (their foreign-key checks take KEY SHARE); SQLite already lets one writer in at a time, and renders no lock."""
    session.execute(select(id_column).where(id_column.in_(ids)).order_by(id_column).with_for_update(key_share=True))
