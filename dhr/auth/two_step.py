"""Two-step verification for password accounts: TOTP codes (RFC 6238) from an authenticator app, and single-use
recovery codes for when the phone is lost.

Who must use it is policy, decided here in one place: everyone who can see real names, every administrator, and
everyone in a partnership that requires it of all. Services take the actor, write an audit event, and flush.
"""

import hashlib
import re
import secrets

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, or_, select, update

from dhr.audit.services import record
from dhr.auth.models import RecoveryCode, SessionEndReason, User
from dhr.auth.sessions import end_all_sessions
from dhr.core import clock
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import REVIEW_ROLE_PERMISSIONS, Permission, Role

RECOVERY_CODES = 10
# Codes are read aloud and typed from paper: no 0/O or 1/I/l to confuse.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# The previous and next 30-second step too, for a phone clock a little out.
_DRIFT_STEPS = 1


def required(user: User) -> bool:
    """True if the person must use two-step verification to sign in: judged across every partnership they work
    for, since one sign-in opens them all."""
    if user.system_admin:
        return True
    memberships = user.active_memberships
    if any(membership.role_set & {Role.ADMIN, Role.COORDINATOR} for membership in memberships):
        return True
    asking = select(Partnership.id).where(
        Partnership.id.in_([membership.partnership_id for membership in memberships]),
        Partnership.two_step_for_everyone.is_(True),
    )
    if memberships and db.session.scalar(asking.limit(1)) is not None:
        return True
    from dhr.reviews.models import ReviewMember

    seeing = [role for role, allowed in REVIEW_ROLE_PERMISSIONS.items() if Permission.VIEW_IDENTITIES in allowed]
    member = db.session.scalar(
        select(ReviewMember.id).where(ReviewMember.user_id == user.id, ReviewMember.role.in_(seeing)).limit(1)
    )
    return member is not None


def enforced() -> bool:
    """False only where the deployment turned the requirement off (the demo, and tests that are not about it)."""
    return bool(current_app.config["TWO_STEP_REQUIRED"])


def must_verify(user: User) -> bool:
    """True if signing in takes a second step: set up already, or required of this person."""
    return user.has_two_step or (enforced() and required(user))


def new_secret() -> str:
    """A fresh TOTP secret for someone setting up. It lives in their own signed cookie until the first code
    confirms it, so nobody who merely knows the password can plant a secret they also hold."""
    return pyotp.random_base32()


def setup_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    issuer = current_app.config["SERVICE_NAME"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(text: str) -> str:
    """A QR code as inline SVG, drawn on the server: no script and no image request leaves the page."""
    return str(segno.make(text, error="m").svg_inline(scale=5, border=4, dark="#0b0c0c", light="#ffffff"))


def spaced(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


_SIX_DIGITS = re.compile(r"[0-9]{6}")


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is, within the allowed drift, or None."""
    code = _digits(code)
    if not _SIX_DIGITS.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret)
    step_now = totp.timecode(clock.now())
    for offset in range(-_DRIFT_STEPS, _DRIFT_STEPS + 1):
        if secrets.compare_digest(totp.generate_otp(step_now + offset), code):
            return step_now + offset
    return None


def _take_step(user: User, secret: str, code: str) -> bool:
    """Accept a TOTP code once. One conditional UPDATE moves the last step used forward, so a replay, or the same
    code sent twice at once, finds the step already taken."""
    step = _matching_step(secret, code)
    if step is None:
        return False
    taken = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def confirm_enrolment(user: User, secret: str, code: str) -> list[str] | None:
    """Finish setting up with the first code from the app; returns the new recovery codes, or None if it is wrong."""
    if not _take_step(user, secret, code):
        record("auth.two_step_setup_failed", f"{user.name} entered a wrong set-up code", actor=user, obj=user)
        return None
    user.totp_secret = secret
    user.totp_confirmed_at = clock.now()
    codes = _new_recovery_codes(user)
    record("auth.two_step_set_up", f"{user.name} set up two-step verification", actor=user, obj=user)
    db.session.flush()
    return codes


def _hash(code: str) -> str:
    return hashlib.sha256(_digits(code).lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    now = clock.now()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code), created_at=now) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    record("auth.recovery_codes_replaced", f"{user.name} made new recovery codes", actor=user, obj=user)
    db.session.flush()
    return codes


def recovery_codes_left(user: User) -> int:
    """How many of the person's recovery codes are unused."""
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


def verify(user: User, code: str) -> str | None:
    """Check the second step at sign-in: "totp" or "recovery_code" for how it was made, or None if wrong."""
    if user.has_two_step and _take_step(user, user.totp_secret or "", code):
        record("auth.two_step_passed", f"{user.name} passed two-step verification", actor=user, obj=user)
        return "totp"
    if user.has_two_step and len(_digits(code)) == 10:
        # Spent in one UPDATE, so two sign-ins racing with the same code cannot both use it.
        spent = db.session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _hash(code),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=clock.now())
        )
        if spent.rowcount == 1:
            record("auth.recovery_code_used", f"{user.name} signed in with a recovery code", actor=user, obj=user)
            return "recovery_code"
    record("auth.two_step_failed", f"{user.name} entered a wrong two-step code", actor=user, obj=user)
    return None


def reset(user: User, *, actor: User) -> int:
    """An administrator's reset for a lost phone: the app and recovery codes stop working and every session ends.

    The person sets up again at their next sign-in. Returns how many sessions ended.
    """
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    ended = end_all_sessions(user, SessionEndReason.ENDED_BY_ADMIN)
    record(
        "auth.two_step_reset",
        f"{actor.name} reset {user.name}'s two-step verification",
        actor=actor,
        obj=user,
        data={"sessions_ended": ended},
    )
    db.session.flush()
    return ended
