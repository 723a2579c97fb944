"""Account verbs: sign in and out, invitations, password reset and password change.

Services take an explicit actor, write an audit event, and flush; the view commits.
"""

import secrets

from flask import current_app
from sqlalchemy import func, select, update

from dhr.audit.services import record
from dhr.auth.models import AccountToken, SessionEndReason, TokenPurpose, User
from dhr.auth.passwords import hash_password, verify_password
from dhr.auth.sessions import end_all_sessions, end_session, start_session, token_hash
from dhr.core import clock
from dhr.core.links import external_url
from dhr.extensions import db
from dhr.mail.services import send_mail
from dhr.permissions import Role


def find_user_by_email(email: str) -> User | None:
    """The user with this email address, compared case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Unknown emails cost as much time as wrong passwords."""
    user = find_user_by_email(email)
    stored = user.password_hash if user is not None else None
    ok = verify_password(stored, password)
    if not ok or user is None or not user.active:
        record(
            "auth.sign_in_failed",
            "Sign-in failed",
            actor=user,
            actor_email=email[:254],
            data={"reason": "unknown_or_wrong" if (user is None or not ok) else "deactivated"},
        )
        return None
    return user


def may_use_password(user: User) -> bool:
    """False where a partnership the person works for turned password sign-in off; administrators keep theirs, so
    nobody is locked out by a provider's outage. Records the refusal."""
    memberships = user.active_memberships
    if user.system_admin or any(Role.ADMIN in m.role_set for m in memberships):
        return True
    # One sign-in opens every partnership the person works for, so each of them must still allow passwords.
    if memberships and all(m.partnership.password_sign_in for m in memberships):
        return True
    record(
        "auth.password_sign_in_refused",
        f"{user.name} tried a password where the partnership turned them off",
        actor=user,
        obj=user,
    )
    return False


def sign_in(user: User, *, remote_addr: str | None, user_agent: str | None, second_step: str | None = None) -> str:
    """Open a fresh server-side session for the user and return its token."""
    token = start_session(user, remote_addr=remote_addr, user_agent=user_agent, second_step=second_step)
    user.last_signed_in_at = clock.now()
    record("auth.signed_in", f"{user.name} signed in", actor=user, obj=user, data={"second_step": second_step})
    return token


def sign_out(user: User, token: str | None) -> None:
    """End the session so the cookie cannot be replayed."""
    end_session(token, SessionEndReason.SIGNED_OUT)
    record("auth.signed_out", f"{user.name} signed out", actor=user, obj=user)


def time_out(user: User, token: str | None) -> None:
    """End a session that has been idle too long."""
    end_session(token, SessionEndReason.IDLE)
    record("auth.session_timed_out", f"{user.name}'s session timed out", actor=user, obj=user)


def _issue_token(user: User, purpose: TokenPurpose) -> str:
    """A new single-use token; any earlier unused token for the same purpose stops working."""
    now = clock.now()
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    ttl = current_app.config["INVITE_TTL" if purpose is TokenPurpose.INVITE else "PASSWORD_RESET_TTL"]
    raw = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(user_id=user.id, purpose=purpose, token_hash=token_hash(raw), created_at=now, expires_at=now + ttl)
    )
    db.session.flush()
    return raw


def _link(endpoint: str, token: str) -> str:
    """An absolute link for an email, also when called from the command line (no request)."""
    return external_url(endpoint, token=token)


def _ttl_words(purpose: TokenPurpose) -> str:
    ttl = current_app.config["INVITE_TTL" if purpose is TokenPurpose.INVITE else "PASSWORD_RESET_TTL"]
    hours = int(ttl.total_seconds() // 3600)
    return f"{hours // 24} days" if hours >= 48 else ("1 hour" if hours == 1 else f"{hours} hours")


def send_password_reset(user: User, *, actor: User | None) -> None:
    """Email the user a single-use link to choose a new password."""
    raw = _issue_token(user, TokenPurpose.PASSWORD_RESET)
    send_mail(
        to=user.email,
        subject="Reset your DHR Case Manager password",
        body=(
            f"Dear {user.name},\n\nUse this link to choose a new password:\n\n"
            f"{_link('auth.reset_password', raw)}\n\n"
            f"The link works once and expires in {_ttl_words(TokenPurpose.PASSWORD_RESET)}. "
            "If you did not ask for this, you can ignore this email.\n"
        ),
        category="password_reset",
        partnership_id=user.partnership_id,
        user_id=user.id,
    )
    who = "by an administrator" if actor is not None and actor.id != user.id else "by the user"
    record("auth.password_reset_sent", f"Password reset link sent to {user.name} {who}", actor=actor, obj=user)


def request_password_reset(email: str) -> None:
    """Handle the forgotten-password form. Says nothing about whether the email is known."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        record(
            "auth.password_reset_unknown",
            "Password reset asked for an unknown or inactive account",
            actor_email=email[:254],
        )
        return
    send_password_reset(user, actor=user)


def send_invitation(user: User, *, actor: User) -> None:
    """Email an invited user a link to choose their first password."""
    raw = _issue_token(user, TokenPurpose.INVITE)
    send_mail(
        to=user.email,
        subject=f"You have been invited to DHR Case Manager for {user.partnership.name}",
        body=(
            f"Dear {user.name},\n\n{actor.name} has given you an account on DHR Case Manager "
            f"for {user.partnership.name}.\n\nUse this link to choose your password and sign in:\n\n"
            f"{_link('auth.accept_invite', raw)}\n\n"
            f"The link works once and expires in {_ttl_words(TokenPurpose.INVITE)}.\n"
        ),
        category="invitation",
        partnership_id=user.partnership_id,
        user_id=user.id,
    )
    record("user.invitation_sent", f"Invitation sent to {user.name}", actor=actor, obj=user)


def usable_token(raw: str, purpose: TokenPurpose) -> AccountToken | None:
    """The token row if the raw token is genuine, unused, unexpired and its user active."""
    if not raw or len(raw) > 100:
        return None
    row = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == token_hash(raw)))
    if row is None or row.purpose is not purpose or row.used_at is not None:
        return None
    if clock.now() >= row.expires_at or not row.user.active:
        return None
    return row


def set_password_from_token(row: AccountToken, password: str) -> User:
    """Use a token to set the password; the token is spent and every existing session ends."""
    user = row.user
    row.used_at = clock.now()
    user.password_hash = hash_password(password)
    end_all_sessions(user, SessionEndReason.PASSWORD_CHANGED)
    action = "user.invitation_accepted" if row.purpose is TokenPurpose.INVITE else "auth.password_reset"
    verb = "accepted their invitation" if row.purpose is TokenPurpose.INVITE else "reset their password"
    record(action, f"{user.name} {verb}", actor=user, obj=user)
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> bool:
    """Change a signed-in user's password; other sessions end. False if the current password is wrong."""
    if not verify_password(user.password_hash, current):
        record("auth.password_change_failed", f"{user.name} entered a wrong current password", actor=user, obj=user)
        return False
    user.password_hash = hash_password(new)
    end_all_sessions(user, SessionEndReason.PASSWORD_CHANGED)
    record("auth.password_changed", f"{user.name} changed their password", actor=user, obj=user)
    db.session.flush()
    return True
