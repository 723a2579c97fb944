"""User administration: invite, edit roles and agency, deactivate and reactivate. Every change is audited."""

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from dhr.audit.services import diff, record
from dhr.auth.membership import members_of
from dhr.auth.models import AccountToken, Membership, MembershipRole, SessionEndReason, User
from dhr.auth.services import find_user_by_email, send_invitation
from dhr.auth.sessions import end_all_sessions, end_sessions_in
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.mail.services import send_mail
from dhr.permissions import Role


class AccountError(DomainError):
    """A rule about accounts was broken; the message is fit to show the user."""


def users_for(partnership_id: int) -> list[User]:
    """The partnership's users, active first, then by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(members_of(partnership_id))
            .options(selectinload(User.memberships).selectinload(Membership.agency))
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
        user.roles.append(MembershipRole(role=role))


def invite_user(*, partnership, email: str, name: str, agency, roles: set[Role], actor: User) -> User:
    """Create an account without a password and email its holder an invitation; someone who already has an account
    (in another partnership) is added to this one instead, keeping their one sign-in."""
    email = email.strip().lower()
    existing = find_user_by_email(email)
    if existing is not None:
        return add_existing_person(existing, partnership=partnership, agency=agency, roles=roles, actor=actor)
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


def add_existing_person(user: User, *, partnership, agency, roles: set[Role], actor: User) -> User:
    """Give a person who already has an account a membership of this partnership, with an agency and roles here."""
    if user.membership_in(partnership.id) is not None:
        raise AccountError(f"{user.email} is already a user in {partnership.name}")
    if not user.active:
        raise AccountError(f"The account for {user.email} has been closed. Ask a system administrator to reopen it")
    membership = Membership(partnership_id=partnership.id, agency_id=agency.id if agency else None, active=True)
    membership.roles = [MembershipRole(role=role) for role in sorted(roles)]
    user.memberships.append(membership)
    db.session.flush()
    record(
        "user.added_to_partnership",
        f"{actor.name} added {user.name}, who already had an account, to {partnership.name}",
        actor=actor,
        obj=user,
        partnership_id=partnership.id,
        data={"roles": sorted(r.value for r in roles), "agency": agency.code if agency else None},
    )
    send_mail(
        to=user.email,
        subject=f"You have been added to {partnership.name} on DHR Case Manager",
        body=(
            f"Dear {user.name},\n\n{actor.name} has added you to {partnership.name} on DHR Case Manager. "
            "Sign in as usual: choose the partnership to work in from the top of any page.\n"
        ),
        category="invitation",
        partnership_id=partnership.id,
        user_id=user.id,
    )
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
    """Deactivate or reactivate a person in the partnership in view; returns sessions ended.

    Someone who works for other partnerships too keeps their account there: only their sessions working in this
    partnership end. For everyone else the account closes too, and every session ends at once.
    """
    if actor.id == user.id and not active:
        raise AccountError("You cannot deactivate your own account")
    membership = user.membership
    if membership is None or user.is_active == active:
        return 0
    membership.active = active
    elsewhere = [m for m in user.memberships if m.active and m is not membership]
    ended = 0
    if active:
        user.active = True
    elif elsewhere:
        ended = end_sessions_in(user, membership.partnership_id, SessionEndReason.DEACTIVATED)
    else:
        user.active = False
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
