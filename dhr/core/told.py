"""Who was told: the people a change's notifications went to, so its confirmation can name them truthfully.

The notifications' handler remembers each person it writes to in the session; a view's confirmation reads them
after the commit. A rollback forgets them: nothing rolled back was told to anyone.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

TOLD = "dhr.told"


def remember(session: Session, user_id: int, name: str) -> None:
    """Note that this person was told of something in the session's changes."""
    session.info.setdefault(TOLD, {})[user_id] = name


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(TOLD, None)


def told_names() -> list[str]:
    """Everyone told of something in this request's changes so far, in the order they were told."""
    from dhr.extensions import db  # here: extensions builds on core

    return list(db.session.info.get(TOLD, {}).values())


def told_sentence(nobody: str = "Nobody else needed to be told.") -> str:
    """The confirmation's second half: who was told, by name, or `nobody`."""
    names = told_names()
    if not names:
        return nobody
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} {'has' if len(names) == 1 else 'have'} been told."


def with_told(done: str | Callable[[Any], str]) -> Callable[[Any], str]:
    """A confirmation (attempt()'s done=) that goes on to say who was told of the change."""

    def say(result: Any) -> str:
        text = done(result) if callable(done) else done
        return f"{text.rstrip('.')}. {told_sentence()}"

    return say


def name_the_told(response: Any) -> Any:
    """After every request: if its changes told anyone, its success message says who. One place for every view,
    so no confirmation can claim more, or less, than was done."""
    from flask import session
    from markupsafe import Markup

    if not told_names():
        return response
    flashes: list[tuple[str, Any]] = session.get("_flashes") or []
    said = told_sentence()
    for index in range(len(flashes) - 1, -1, -1):
        category, message = flashes[index]
        if category != "success":
            continue
        if said not in str(message):
            if isinstance(message, Markup):  # the names are escaped as they are added
                flashes[index] = (category, message.rstrip(".") + Markup(". ") + said)
            else:
                flashes[index] = (category, f"{message.rstrip('.')}. {said}")
            session["_flashes"] = flashes
        break
    return response
