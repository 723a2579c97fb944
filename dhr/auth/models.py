"""User, memberships and their role grants, server-side sessions and single-use account tokens."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import Role


class _InView:
    """A person's attribute that belongs to their membership of the partnership in view (dhr.auth.membership).

    Reading it on the class raises: it is not a column, so a query must go through Membership instead.
    """

    def __init__(self, writable: bool = False) -> None:
        self.writable = writable

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, user: "User | None", owner: type) -> Any:
        if user is None:
            raise AttributeError(f"User.{self.name} depends on the partnership in view: query through Membership")
        membership = user.membership
        return getattr(membership, self.name) if membership is not None else None

    def __set__(self, user: "User", value: Any) -> None:
        membership = user.membership
        if not self.writable or membership is None:
            raise AttributeError(f"{self.name} is set on a membership, not on a person")
        setattr(membership, self.name, value)


class User(IdMixin, TimestampMixin, db.Model):
    """A person who signs in: one account, with a membership in each partnership they work for."""

    __tablename__ = "users"

    # The partnership the person last worked in, where their next sign-in lands.
    last_partnership_id: Mapped[int] = mapped_column("partnership_id", ForeignKey("partnerships.id"), index=True)
    # users.agency_id from before memberships (0040): empty since. Kept because SQLite cannot drop a column named in
    # a foreign key; the downgrade fills it again from the memberships.
    retired_agency_id: Mapped[int | None] = mapped_column(
        "agency_id", ForeignKey("agencies.id"), index=True, deferred=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until an invited user sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # The account as a whole; a membership can be ended in one partnership and kept in another.
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

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="Membership.id"
    )

    # Read from the membership of the partnership in view: the signed-in person's current one, so everyone shown on
    # a page appears as they are in that partnership.
    partnership_id = _InView()
    partnership = _InView()
    agency_id = _InView(writable=True)
    agency = _InView(writable=True)

    # Set for the current request by the session loader; Flask-Login stores it in the cookie.
    session_token = None  # str, never stored: see dhr.auth.sessions

    def __init__(self, **kwargs: Any) -> None:
        """Accepts partnership(_id), agency(_id) and roles for the person's first membership."""
        place = {
            key: kwargs.pop(key)
            for key in ("partnership", "partnership_id", "agency", "agency_id", "roles")
            if key in kwargs
        }
        super().__init__(**kwargs)
        if place:
            partnership = place.get("partnership")
            partnership_id = partnership.id if partnership is not None else place.get("partnership_id")
            self.last_partnership_id = partnership_id
            agency = place.get("agency")
            membership = Membership(
                partnership_id=partnership_id,
                agency_id=agency.id if agency is not None else place.get("agency_id"),
                roles=list(place.get("roles", [])),
            )
            if partnership is not None:
                membership.partnership = partnership
            if agency is not None:
                membership.agency = agency
            self.memberships.append(membership)

    @property
    def membership(self) -> "Membership | None":
        """The person's membership of the partnership in view, or None if they have none there."""
        from dhr.auth.membership import partnership_in_view

        wanted = partnership_in_view()
        if wanted is None:
            wanted = self.last_partnership_id
        return self.membership_in(wanted)

    def membership_in(self, partnership_id: int | None) -> "Membership | None":
        """The person's membership of that partnership, if any."""
        return next((m for m in self.memberships if m.partnership_id == partnership_id), None)

    def works_in(self, partnership_id: int | None) -> bool:
        """True when the account is active and so is the person's membership of that partnership."""
        membership = self.membership_in(partnership_id)
        return self.active and membership is not None and membership.active

    def agency_id_in(self, partnership_id: int | None) -> int | None:
        """The person's agency in that partnership, if they have one there."""
        membership = self.membership_in(partnership_id)
        return membership.agency_id if membership is not None else None

    @property
    def active_memberships(self) -> list["Membership"]:
        """The partnerships the person may work in now."""
        return [m for m in self.memberships if m.active] if self.active else []

    @property
    def roles(self) -> list["MembershipRole"]:
        """The person's role grants in the partnership in view."""
        membership = self.membership
        return membership.roles if membership is not None else []

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_active(self) -> bool:
        membership = self.membership
        return self.active and membership is not None and membership.active

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def role_set(self) -> frozenset[Role]:
        """The partnership roles this user holds in the partnership in view."""
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


class Membership(IdMixin, TimestampMixin, db.Model):
    """A person's place in one partnership: their agency there, their roles there, and whether it is active."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "partnership_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    user: Mapped[User] = relationship(back_populates="memberships")
    partnership: Mapped[Partnership] = relationship()
    agency: Mapped[Agency | None] = relationship()
    roles: Mapped[list["MembershipRole"]] = relationship(
        back_populates="membership", cascade="all, delete-orphan", lazy="selectin", order_by="MembershipRole.role"
    )

    @property
    def role_set(self) -> frozenset[Role]:
        """The roles held in this partnership."""
        return frozenset(grant.role for grant in self.roles)

    def __repr__(self) -> str:
        return f"<Membership {self.user_id} in {self.partnership_id}>"


class MembershipRole(db.Model):
    """A partnership-level role granted to a person in one partnership."""

    __tablename__ = "membership_roles"

    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role", length=20), primary_key=True)

    membership: Mapped[Membership] = relationship(back_populates="roles")


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
    # The partnership this session works in; the person switches it from the header.
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"))

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
