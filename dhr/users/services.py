"""User administration: invite, edit roles and agency, deactivate and reactivate. Every change is audited."""

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from dhr.audit.services import diff, record
from dhr.auth.models import AccountToken, SessionEndReason, User, UserRole
from dhr.auth.services import find_user_by_email, send_invitation
from dhr.auth.sessions import end_all_sessions
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.permissions import Role


class AccountError(DomainError):
    """A rule about accounts was broken; the message is fit to show the user."""


def users_for(partnership_id: int) -> list[User]:
    """The partnership's users, active first, then by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.partnership_id == partnership_id)
            .options(selectinload(User.agency))
            .order_by(User.active.desc(), User.name)
        )
    )


def _set_roles(user: User, roles: set[Role]) -> None:
    # Edit the grants in place: replacing the list would delete and re-insert identical primary keys.
    current = {grant.role: grant for grant in user.roles}
    for role, grant in current.items():
        if role not in roles:
            user.roles.remove(grant)
    for role in sorted(roles - current.keys()):
        user.roles.append(UserRole(role=role))


def invite_user(*, partnership, email: str, name: str, agency, roles: set[Role], actor: User) -> User:
    """Create an account without a password and email its holder an invitation."""
    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise AccountError(
            "This email address already has a DHR Case Manager account. If it should move to your partnership, "
            "contact support"
        )
    user = User(partnership=partnership, email=email, name=name, agency=agency, active=True)
    _set_roles(user, roles)
    record(
        "user.invited",
        f"{actor.name} invited {name}",
        actor=actor,
        added=user,
        data={"roles": sorted(r.value for r in roles), "agency": agency.code if agency else None},
    )
    send_invitation(user, actor=actor)
    return user


def _snapshot(user: User) -> dict:
    return {
        "name": user.name,
        "agency": user.agency.code if user.agency else None,
        "roles": sorted(r.value for r in user.role_set),
    }


def update_user(user: User, *, name: str, agency, roles: set[Role], actor: User) -> None:
    """Change a user's name, agency and partnership roles."""
    if actor.id == user.id and Role.ADMIN in user.role_set and Role.ADMIN not in roles:
        raise AccountError("You cannot remove your own administrator role")
    before = _snapshot(user)
    user.name = name
    user.agency = agency
    _set_roles(user, roles)
    record("user.updated", f"{actor.name} updated {name}", actor=actor, obj=user, data=diff(before, _snapshot(user)))
    db.session.flush()


def set_user_active(user: User, active: bool, *, actor: User) -> int:
    """Deactivate (ending every session at once) or reactivate a user; returns sessions ended."""
    if actor.id == user.id and not active:
        raise AccountError("You cannot deactivate your own account")
    if user.active == active:
        return 0
    user.active = active
    ended = 0
    if not active:
        ended = end_all_sessions(user, SessionEndReason.DEACTIVATED)
        # Links sent before deactivation must not come back to life on reactivation.
        db.session.execute(
            update(AccountToken)
            .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
            .values(used_at=clock.now())
        )
    action = "user.reactivated" if active else "user.deactivated"
    verb = "reactivated" if active else "deactivated"
    record(action, f"{actor.name} {verb} {user.name}", actor=actor, obj=user, data={"sessions_ended": ended})
    db.session.flush()
    return ended
