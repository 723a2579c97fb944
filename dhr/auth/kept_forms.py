"""Nothing typed is lost to a timeout: a form sent after the session ended is kept, server-side and tied to
its author, and put back into the same page's form once they have signed in again.

Every POST form carries the page it was shown on (PAGE_FIELD, added by the form_wrapper macro), because many
forms post to an action URL that has no page of its own.
"""

from flask import current_app, flash, g, has_request_context, request, session
from flask_wtf.csrf import validate_csrf
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

from dhr.audit.services import record
from dhr.auth.models import KeptForm, User
from dhr.core import clock
from dhr.core.safe_paths import local_path
from dhr.extensions import db

PAGE_FIELD = "dhr_page"
# Sent by the timeout script when time runs out: keep the text, never act on it.
TIMED_OUT_FIELD = "dhr_timed_out"
_NOT_TYPED = {"csrf_token", PAGE_FIELD, TIMED_OUT_FIELD}
# Set in the signed cookie while the person has kept text, so other pages' forms never query for it.
WAITING_KEY = "kept"
_MAX_FIELDS = 500


def posted_page() -> str | None:
    """The page this POST's form was shown on, if it is a path on this site."""
    return local_path(request.form.get(PAGE_FIELD))


def keep_typed(user: User) -> str | None:
    """Keep this POST's text fields for the user, replacing anything kept earlier for the same page.

    Returns the page to go back to, or None when there is nothing to keep (no page, or a forged request:
    the CSRF token must be genuine, so another site cannot plant text in someone's form).
    """
    page = posted_page()
    if page is None:
        return None
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return None
    fields = [[name, value] for name, value in request.form.items(multi=True) if name not in _NOT_TYPED]
    db.session.execute(delete(KeptForm).where(KeptForm.user_id == user.id, KeptForm.page == page))
    now = clock.now()
    db.session.add(
        KeptForm(
            user_id=user.id,
            page=page,
            fields=fields[:_MAX_FIELDS],
            created_at=now,
            expires_at=now + current_app.config["KEPT_FORM_TTL"],
        )
    )
    record("auth.form_kept", f"Kept what {user.name} typed when their session ended", actor=user, obj=user)
    return page


def page_now() -> str:
    """This request's path and query: the page a form is shown on."""
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def _belongs(name: str, field_names: set[str]) -> bool:
    """A sent name is one of the form's fields, or a part of one (a field list's "people-0")."""
    return name in field_names or name.split("-", 1)[0] in field_names


def kept_for_this_page(field_names: set[str]) -> MultiDict | None:
    """What the signed-in person typed into a form with these fields on this page, if kept; used once.

    Only a GET shows kept text, and only the first form on the page whose fields hold every kept name takes it.
    """
    from flask_login import current_user

    if not has_request_context() or request.method != "GET" or not current_user.is_authenticated:
        return None
    if g.get("kept_form_taken") or not session.get(WAITING_KEY):
        return None
    row = db.session.scalar(
        select(KeptForm)
        .where(KeptForm.user_id == current_user.id, KeptForm.page == page_now(), KeptForm.expires_at > clock.now())
        .order_by(KeptForm.id.desc())
        .limit(1)
    )
    if row is None or not all(_belongs(name, field_names) for name, _ in row.fields):
        return None
    g.kept_form_taken = True
    data = MultiDict([(name, value) for name, value in row.fields])
    db.session.delete(row)
    record("auth.form_restored", "Put back text kept from an ended session", actor=current_user, obj=current_user)
    db.session.commit()
    mark_waiting(current_user)
    flash("You were signed out before this was saved. We have put back what you typed: check it, then save.", "info")
    return data


def mark_waiting(user: User) -> None:
    """Note in the cookie whether the person has kept text waiting (at sign-in, and after each is put back)."""
    waiting = db.session.scalar(
        select(KeptForm.id).where(KeptForm.user_id == user.id, KeptForm.expires_at > clock.now()).limit(1)
    )
    if waiting is None:
        session.pop(WAITING_KEY, None)
    else:
        session[WAITING_KEY] = True


def purge_expired(partnership_id: int) -> int:
    """Delete the partnership's people's kept text past its expiry; returns how many went."""
    people = select(User.id).where(User.partnership_id == partnership_id)
    result = db.session.execute(
        delete(KeptForm).where(KeptForm.expires_at <= clock.now(), KeptForm.user_id.in_(people))
    )
    return int(result.rowcount or 0)
