"""Nothing typed is lost to a timeout: a form sent after the session ended is kept, server-side and tied to
its author, and put back into the same page's form when they sign in again and land on that page.

Every POST form carries the page it was shown on (PAGE_FIELD, added by the form_wrapper macro), because many
forms post to an action URL that has no page of its own. Forms of passwords, codes and secrets leave it out
(keep=False), and fields named like secrets are never kept whatever the form.
"""

import re

from flask import current_app, flash, g, has_request_context, request, session
from flask_wtf.csrf import validate_csrf
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

from dhr.audit.services import record
from dhr.auth.membership import members_of
from dhr.auth.models import KeptForm, User
from dhr.auth.sessions import marked_person
from dhr.core import clock
from dhr.core.safe_paths import local_path
from dhr.extensions import db

PAGE_FIELD = "dhr_page"
# Sent by the timeout script when time runs out: keep the text, never act on it.
TIMED_OUT_FIELD = "dhr_timed_out"
# The partnership the page showed, so a form from a tab left in another partnership is never acted on.
PARTNERSHIP_FIELD = "dhr_partnership"
_NOT_TYPED = {"csrf_token", PAGE_FIELD, TIMED_OUT_FIELD, PARTNERSHIP_FIELD, "submit"}
_SECRET = re.compile(r"password|secret|token", re.IGNORECASE)
_MAX_FIELDS = 500
# In the signed cookie: the page whose kept text is put back on the first visit after signing in.
WAITING_KEY = "kept"
# In the signed cookie for a few minutes after an idle sign-out: whose text a late form belongs to.
ENDED_KEY = "ended"
ENDED_GRACE_SECONDS = 300


def posted_page() -> str | None:
    """The page this POST's form was shown on, if it is a path on this site."""
    return local_path(request.form.get(PAGE_FIELD))


def keep_typed(user: User) -> str | None:
    """Keep this POST's typed fields for the user, replacing anything kept earlier for the same page.

    Returns the page to go back to, or None when there is nothing to keep: no page (a form that opted out),
    nothing typed (a sign-out button, say), or a forged request (the CSRF token must be genuine, so another
    site cannot plant text in someone's form).
    """
    page = posted_page()
    if page is None:
        return None
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return None
    fields = [
        [name, value]
        for name, value in request.form.items(multi=True)
        if name not in _NOT_TYPED and not _SECRET.search(name)
    ]
    if not any(value.strip() for _, value in fields):
        return None
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


def remember_ended(user: User) -> None:
    """After an idle sign-out, note in the cookie whose session it was, so a form sent from another tab in the
    next few minutes is kept for them rather than refused."""
    session[ENDED_KEY] = {"user": user.id, "at": clock.now().timestamp()}


def recently_ended() -> User | None:
    """The person whose session this browser ended moments ago, if any."""
    return marked_person(ENDED_KEY, ENDED_GRACE_SECONDS)


def page_now() -> str:
    """This request's path and query: the page a form is shown on."""
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def _belongs(name: str, field_names: set[str]) -> bool:
    """A sent name is one of the form's fields, or a part of one (a field list's "people-0")."""
    return name in field_names or name.split("-", 1)[0] in field_names


def kept_for_this_page(field_names: set[str]) -> MultiDict | None:
    """What the signed-in person typed into a form with these fields on this page, if kept; used once.

    Only the first GET of the page the person lands on after signing in shows kept text, so text typed hours
    ago never reappears over a colleague's later change; only the first form whose fields hold every kept name
    takes it.
    """
    from flask_login import current_user

    if not has_request_context() or request.method != "GET" or not current_user.is_authenticated:
        return None
    if g.get("kept_form_taken") or session.get(WAITING_KEY) != page_now():
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
    session.pop(WAITING_KEY, None)
    data = MultiDict([(name, value) for name, value in row.fields])
    db.session.delete(row)
    record("auth.form_restored", "Put back text kept from an ended session", actor=current_user, obj=current_user)
    db.session.commit()
    flash(
        "This was not saved: you were signed out, or had switched partnership in another tab. We have put back what "
        "you typed: check it, then save. If someone else changed this since, their change is not shown here.",
        "info",
    )
    return data


def mark_waiting(user: User, target: str | None = None) -> None:
    """At sign-in: the page whose kept text is put back when the person lands there: the page sign-in is going
    to, if text was kept for it (another tab may have kept text on another page since), else the newest."""
    pages = db.session.scalars(
        select(KeptForm.page)
        .where(KeptForm.user_id == user.id, KeptForm.expires_at > clock.now())
        .order_by(KeptForm.id.desc())
    ).all()
    page = target if target in pages else (pages[0] if pages else None)
    if page is None:
        session.pop(WAITING_KEY, None)
    else:
        session[WAITING_KEY] = page


def leave_waiting_page() -> None:
    """A signed-in GET of any other page: the chance to put the text back has passed."""
    if WAITING_KEY in session and session[WAITING_KEY] != page_now():
        session.pop(WAITING_KEY, None)


def purge_expired(partnership_id: int) -> int:
    """Delete the partnership's people's kept text past its expiry; returns how many went."""
    people = select(User.id).where(members_of(partnership_id))
    result = db.session.execute(
        delete(KeptForm).where(KeptForm.expires_at <= clock.now(), KeptForm.user_id.in_(people))
    )
    return int(result.rowcount or 0)
