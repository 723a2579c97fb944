"""Server-side sessions: revocable on sign-out, deactivation and password change, with idle and absolute limits."""

import hashlib
import secrets

from flask import current_app, g, has_request_context, session
from sqlalchemy import select, update

from dhr.auth.membership import may_work_in, starting_partnership, view_partnership
from dhr.auth.models import SessionEndReason, User, UserSession
from dhr.core import clock
from dhr.extensions import db

# The signed cookie's key for when the session last made a request (the idle timer).
IDLE_KEY = "seen"


def token_hash(raw: str) -> str:
    """SHA-256 of a token, which is what the database keeps."""
    return hashlib.sha256(raw.encode()).hexdigest()


def start_session(
    user: User, *, remote_addr: str | None, user_agent: str | None, second_step: str | None = None
) -> str:
    """Open a session for the user, in the partnership they last worked in, and return the raw token for the cookie."""
    raw = secrets.token_urlsafe(32)
    partnership_id = starting_partnership(user)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=token_hash(raw),
            created_at=clock.now(),
            remote_addr=remote_addr,
            user_agent=(user_agent or "")[:200] or None,
            second_step=second_step,
            partnership_id=partnership_id,
        )
    )
    db.session.flush()
    user.session_token = raw
    if has_request_context():
        view_partnership(partnership_id)
    return raw


def load_session_user(raw: str | None) -> User | None:
    """The user behind a session token, if the session is open, young enough and the user is active."""
    if not raw:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(raw)))
    if row is None or row.ended_at is not None:
        return None
    if clock.now() - row.created_at > current_app.config["SESSION_ABSOLUTE_TIMEOUT"]:
        _expire(row)
        return None
    user = row.user
    if not user.active:
        return None
    if not may_work_in(user, row.partnership_id):
        # Their membership there ended while signed in: carry on in another partnership, if they have one.
        row.partnership_id = starting_partnership(user)
        if row.partnership_id is None:
            return None
        db.session.commit()
    user.session_token = raw
    if has_request_context():
        view_partnership(row.partnership_id)
    return user


def switch_partnership(user: User, raw: str | None, partnership_id: int) -> bool:
    """Move the session to another of the person's partnerships; False if they may not work there."""
    if not raw or not may_work_in(user, partnership_id):
        return False
    db.session.execute(
        update(UserSession).where(UserSession.token_hash == token_hash(raw)).values(partnership_id=partnership_id)
    )
    user.last_partnership_id = partnership_id
    view_partnership(partnership_id)
    return True


def _expire(row: UserSession) -> None:
    """Close a session that reached the absolute limit, and say so in the audit log.

    Committed here because the request that found it is about to be redirected to sign in.
    """
    from dhr.audit.services import record

    row.ended_at, row.end_reason = clock.now(), SessionEndReason.EXPIRED
    if has_request_context():
        g.session_ended_user = row.user  # so a form sent now can still be kept for its author
    record("auth.session_expired", f"{row.user.name}'s session reached the 12-hour limit", actor=row.user, obj=row.user)
    db.session.commit()


def end_session(raw: str | None, reason: SessionEndReason) -> None:
    """Close one session so its cookie no longer works anywhere."""
    if not raw:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == token_hash(raw), UserSession.ended_at.is_(None))
        .values(ended_at=clock.now(), end_reason=reason)
    )


def end_all_sessions(user: User, reason: SessionEndReason) -> int:
    """Close every open session of a user; returns how many were open."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=clock.now(), end_reason=reason)
    )
    return result.rowcount or 0


def end_sessions_in(user: User, partnership_id: int, reason: SessionEndReason) -> int:
    """Close the user's open sessions working in one partnership; returns how many were open."""
    result = db.session.execute(
        update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.partnership_id == partnership_id,
            UserSession.ended_at.is_(None),
        )
        .values(ended_at=clock.now(), end_reason=reason)
    )
    return result.rowcount or 0


def open_session_count(user: User) -> int:
    """How many sessions the user has open: not ended and younger than the absolute limit."""
    since = clock.now() - current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    return len(
        db.session.scalars(
            select(UserSession.id).where(
                UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.created_at > since
            )
        ).all()
    )


def marked_person(key: str, within_seconds: float) -> User | None:
    """The active person a signed-cookie marker {"user": id, "at": timestamp} names, if set within the time allowed.

    The sign-in steps that span requests (the second step, linking an organisation account, a form sent just
    after a timeout) each keep one such marker.
    """
    marker = session.get(key)
    if not isinstance(marker, dict) or not isinstance(marker.get("user"), int):
        return None
    try:
        fresh = clock.now().timestamp() - float(marker.get("at", 0)) <= within_seconds
    except (TypeError, ValueError):
        return None
    user = db.session.get(User, marker["user"]) if fresh else None
    return user if user is not None and user.active else None
