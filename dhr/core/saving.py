"""attempt(): the one way a view runs a change and answers for it.

It runs the service call, and either commits, says what was done and goes on, or rolls back and puts the
refusal where the person will see it: on the form field it names (the GOV.UK error summary links to it), or
in a banner when there is no form. What the person typed stays in the form, because nothing is redirected.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import flash, redirect
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from dhr.core.errors import DomainError

if TYPE_CHECKING:
    from dhr.core.forms import BaseForm

STALE = "Someone else changed this after you opened the page. Check the details and save again."


@dataclass(frozen=True)
class Saved:
    """The change was committed; `value` is what the service call returned. Always true."""

    value: Any = None


def _place(form: "BaseForm | None", error: DomainError | None, field: str | None, message: str) -> None:
    if form is None:
        flash(message, "error")
        return
    named = getattr(error, "field", None)
    form[named if named and named in form else field].errors.append(message)


def _resolve(value: str | Callable[[Any], str], result: Any) -> str:
    return value(result) if callable(value) else value


def attempt(
    work: Callable[[], Any],
    *,
    form: "BaseForm | None" = None,
    field: str | None = None,
    done: str | Callable[[Any], str] | None = None,
    to: str | Callable[[Any], str] | None = None,
    stale: str | None = None,
    refused_to: str | None = None,
) -> Response | Saved | None:
    """Run `work` and commit; on a DomainError roll back and show its message on the form (or in a banner).

    On success it flashes `done` and redirects to `to` (each may be a function of work's result), or returns
    Saved(result) when there is nowhere to go. On a refusal it returns None, or redirects to `refused_to`.
    A stale write goes to the 409 page unless the view gives its own `stale` message for the form."""
    from dhr.extensions import db  # here: extensions builds on core, so core may not import it when loaded

    try:
        result = work()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        _place(form, error, field, str(error))
        return redirect(refused_to) if refused_to else None
    except StaleDataError:
        if stale is None:
            raise  # the app's own answer: the 409 page "This has changed since you opened it"
        db.session.rollback()
        _place(form, None, field, stale)
        return redirect(refused_to) if refused_to else None
    if done is not None:
        flash(_resolve(done, result), "success")
    return redirect(_resolve(to, result)) if to is not None else Saved(result)
