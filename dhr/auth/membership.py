"""Which partnership is in view, and the queries and verbs of people across partnerships.

A person has one account and a membership in each partnership they work for. Everything a request shows is
scoped to one partnership: the signed-in person's current one, kept on their session. Their own roles and agency,
and those of everyone else on the page, are read from the memberships of that partnership.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_app_context
from sqlalchemy import ColumnElement, select

# For work outside a request (jobs, commands): the partnership it is done for.
_working_in: ContextVar[int | None] = ContextVar("dhr_working_in", default=None)
# The request's partnership, on flask.g: set when the signed-in person is loaded.
G_KEY = "dhr_partnership_id"


def partnership_in_view() -> int | None:
    """The partnership the current request or job works in, or None outside both."""
    if has_app_context() and g.get(G_KEY) is not None:
        return g.get(G_KEY)
    return _working_in.get()


def view_partnership(partnership_id: int | None) -> None:
    """Put a partnership in view for the rest of the request."""
    g.setdefault(G_KEY, None)
    setattr(g, G_KEY, partnership_id)


@contextmanager
def working_in(partnership_id: int) -> Iterator[None]:
    """Do a job's work for one partnership: people are read as they are there."""
    token = _working_in.set(partnership_id)
    previous = g.pop(G_KEY, None) if has_app_context() else None
    try:
        yield
    finally:
        _working_in.reset(token)
        if has_app_context():
            setattr(g, G_KEY, previous)


def members_of(partnership_id: int, *, active: bool | None = None) -> ColumnElement[bool]:
    """A WHERE clause for User: people with a membership of the partnership (only active ones, if asked)."""
    from dhr.auth.models import Membership, User

    query = select(Membership.user_id).where(Membership.partnership_id == partnership_id)
    if active is not None:
        query = query.where(Membership.active.is_(active))
    return User.id.in_(query)


def in_agency(agency_id: int) -> ColumnElement[bool]:
    """A WHERE clause for User: people whose membership names this agency (agencies belong to one partnership)."""
    from dhr.auth.models import Membership, User

    return User.id.in_(select(Membership.user_id).where(Membership.agency_id == agency_id))


def with_role(partnership_id: int, role) -> ColumnElement[bool]:
    """A WHERE clause for User: people holding the role in the partnership, with the membership active."""
    from dhr.auth.models import Membership, MembershipRole, User

    return User.id.in_(
        select(Membership.user_id)
        .join(MembershipRole, MembershipRole.membership_id == Membership.id)
        .where(Membership.partnership_id == partnership_id, Membership.active.is_(True), MembershipRole.role == role)
    )


def starting_partnership(user) -> int | None:
    """Where a new session starts: the partnership the person last worked in, else their first active one."""
    memberships = user.active_memberships
    last = next((m for m in memberships if m.partnership_id == user.last_partnership_id), None)
    chosen = last or (memberships[0] if memberships else None)
    return chosen.partnership_id if chosen is not None else None


def may_work_in(user, partnership_id: int | None) -> bool:
    """True when the person has an active membership of the partnership."""
    return any(m.partnership_id == partnership_id for m in user.active_memberships)


def current_membership_label(user) -> str:
    """The name of the partnership the person works in now."""
    membership = user.membership
    return membership.partnership.name if membership is not None else ""
