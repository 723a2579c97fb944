"""User, role grants, server-side sessions and single-use account tokens."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import Role


class User(IdMixin, TimestampMixin, db.Model):
    """A person who signs in. Belongs to one partnership and optionally to one agency."""

    __tablename__ = "users"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until an invited user sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Supports every partnership (sees reviews across tenants, never identities). Granted from the command line.
    system_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    last_signed_in_at: Mapped[datetime | None]
    # Two-step verification (dhr/auth/two_step.py): the TOTP secret, set when enrolment starts and confirmed
    # when the first code matches; the last time step used, so a code is never accepted twice.
    # Deferred: only sign-in and the account pages read them, so lists of people never load a secret.
    totp_secret: Mapped[str | None] = mapped_column(String(64), deferred=True, deferred_group="two_step")
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(deferred=True, deferred_group="two_step")
    totp_last_step: Mapped[int | None] = mapped_column(deferred=True, deferred_group="two_step")

    partnership: Mapped[Partnership] = relationship()
    agency: Mapped[Agency | None] = relationship()
    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    # Set for the current request by the session loader; Flask-Login stores it in the cookie.
    session_token = None  # str, never stored: see dhr.auth.sessions

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def role_set(self) -> frozenset[Role]:
        """The partnership roles this user holds."""
        return frozenset(grant.role for grant in self.roles)

    @property
    def has_two_step(self) -> bool:
        """True once the person has set up an authenticator app."""
        return self.totp_confirmed_at is not None

    @property
    def has_password(self) -> bool:
        """False for an invited user who has not yet chosen a password."""
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    """A partnership-level role granted to a user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role", length=20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class SessionEndReason(LabelledEnum):
    """Why a server-side session stopped working."""

    SIGNED_OUT = "signed_out"
    IDLE = "idle"
    EXPIRED = "expired"
    DEACTIVATED = "deactivated"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an enum value
    ENDED_BY_ADMIN = "ended_by_admin"


class UserSession(IdMixin, db.Model):
    """A signed-in session. The cookie holds a random token; only its SHA-256 is stored here.

    The idle timer lives in the signed cookie, so reading pages never writes to the database.
    """

    __tablename__ = "user_sessions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[SessionEndReason | None] = mapped_column(
        enum_column(SessionEndReason, "session_end_reason", length=20)
    )
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    # How the second step was made at sign-in: "totp", "recovery_code", or nothing.
    second_step: Mapped[str | None] = mapped_column(String(40))

    user: Mapped[User] = relationship()


class TokenPurpose(LabelledEnum):
    """What a single-use account token lets its holder do."""

    INVITE = "invite"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an enum value


class AccountToken(IdMixin, db.Model):
    """A single-use, expiring token sent by email. Only its SHA-256 is stored."""

    __tablename__ = "account_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, "token_purpose", length=20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class KeptForm(IdMixin, db.Model):
    """What a person typed into a form after their session ended, kept to put back once they sign in again.

    Tied to the person and the page the form was on, used once, and gone after KEPT_FORM_TTL.
    """

    __tablename__ = "kept_forms"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    page: Mapped[str] = mapped_column(String(500))
    # [name, value] pairs in the order the browser sent them, so repeated names (checkboxes) survive.
    fields: Mapped[list[list[str]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class RecoveryCode(IdMixin, db.Model):
    """A single-use code that stands in for the authenticator app. Only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
