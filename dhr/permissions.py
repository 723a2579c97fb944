"""Who may do what: one role -> permission table, one can() function, and the route gates.

Every view function carries a `dhr_gate` attribute set by exactly one of `public`, `signed_in`
or `requires(...)`. The app-wide gate in `enforce_gate` reads it before every request, and
tests/test_app_routes.py fails on any endpoint without one.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_login import current_user

from dhr.core.enums import LabelledEnum


class Role(LabelledEnum):
    """Partnership-level roles. Per-review roles are added on top by the reviews module."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    BOARD_MEMBER = "board_member"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"admin": "Administrator", "coordinator": "CSP coordinator", "board_member": "CSP board member"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"admin": "purple", "coordinator": "blue", "board_member": "turquoise"}


class Permission(StrEnum):
    """Verbs a user may be allowed."""

    MANAGE_PARTNERSHIP = "manage_partnership"
    MANAGE_AGENCIES = "manage_agencies"
    VIEW_AGENCIES = "view_agencies"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    VIEW_OUTBOX = "view_outbox"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_PARTNERSHIP,
            Permission.MANAGE_AGENCIES,
            Permission.VIEW_AGENCIES,
            Permission.MANAGE_USERS,
            Permission.VIEW_AUDIT,
            Permission.VIEW_OUTBOX,
        }
    ),
    Role.COORDINATOR: frozenset({Permission.VIEW_AGENCIES}),
    Role.BOARD_MEMBER: frozenset(),
}

PUBLIC = "public"
SIGNED_IN = "signed-in"


def permissions_for(user) -> frozenset[Permission]:
    """Every permission the user holds through their partnership roles."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    granted: set[Permission] = set()
    for role in user.role_set:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def can(user, permission: Permission | str) -> bool:
    """True when the user may exercise the permission. Used by gates, views and templates alike."""
    return Permission(permission) in permissions_for(user)


def _mark(view: Callable, gate) -> Callable:
    if hasattr(view, "dhr_gate"):
        raise RuntimeError(f"{view.__name__} already has a gate")
    view.dhr_gate = gate
    return view


def public(view: Callable) -> Callable:
    """Declare a view open to anyone, signed in or not."""
    return _mark(view, PUBLIC)


def signed_in(view: Callable) -> Callable:
    """Declare a view open to any signed-in, active user."""
    return _mark(view, SIGNED_IN)


def requires(permission: Permission) -> Callable[[Callable], Callable]:
    """Declare that a view needs a permission; anyone else gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapped, permission)

    return decorator


def gate_of(view: Callable | None):
    """The gate a view declared, or None."""
    return getattr(view, "dhr_gate", None)
