"""Who may do what: one role -> permission table, one can() function, and the route gates.

Every view function carries a `dhr_gate` attribute set by exactly one of `public`, `signed_in`
or `requires(...)`. The app-wide gate in `enforce_gate` reads it before every request, and
tests/test_app_routes.py fails on any endpoint without one.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from dhr.core.enums import LabelledEnum

if TYPE_CHECKING:
    from dhr.reviews.models import Review


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


class ReviewRole(LabelledEnum):
    """What a member does on one review."""

    COORDINATOR = "coordinator"
    CHAIR = "chair"
    AUTHOR = "author"
    PANEL_MEMBER = "panel_member"
    AGENCY_CONTRIBUTOR = "agency_contributor"
    OBSERVER = "observer"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "coordinator": "Coordinator",
            "chair": "Independent chair",
            "author": "Overview report author",
            "panel_member": "Panel member",
            "agency_contributor": "Agency contributor",
            "observer": "Observer",
        }

    @property
    def needs_agency(self) -> bool:
        """Panel members and agency contributors represent an agency."""
        return self in (ReviewRole.PANEL_MEMBER, ReviewRole.AGENCY_CONTRIBUTOR)


class Permission(StrEnum):
    """Verbs a user may be allowed. The review verbs are checked against a particular review."""

    MANAGE_PARTNERSHIP = "manage_partnership"
    MANAGE_AGENCIES = "manage_agencies"
    VIEW_AGENCIES = "view_agencies"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    VIEW_OUTBOX = "view_outbox"
    CREATE_REVIEW = "create_review"
    VIEW_STATISTICS = "view_statistics"
    MANAGE_CLOCK_RULES = "manage_clock_rules"
    VIEW_ACTION_TRACKER = "view_action_tracker"
    MANAGE_THEMES = "manage_themes"
    VIEW_DUTIES = "view_duties"
    MANAGE_DUTIES = "manage_duties"
    # The organisations shared by every partnership: only a system administrator corrects them.
    MANAGE_ORGANISATIONS = "manage_organisations"
    # Adding someone who already has an account to any partnership.
    MANAGE_MEMBERSHIPS = "manage_memberships"
    # Review verbs
    VIEW_REVIEW = "view_review"
    VIEW_IDENTITIES = "view_identities"
    EDIT_REVIEW = "edit_review"
    CHANGE_STAGE = "change_stage"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_PEOPLE = "manage_people"
    VIEW_CORRESPONDENCE = "view_correspondence"
    RECORD_CORRESPONDENCE = "record_correspondence"
    VIEW_CLOCKS = "view_clocks"
    MANAGE_EVIDENCE = "manage_evidence"
    REVIEW_EVIDENCE = "review_evidence"
    VIEW_CHRONOLOGY = "view_chronology"
    CONTRIBUTE_EVIDENCE = "contribute_evidence"
    MANAGE_TERMS = "manage_terms"
    VIEW_MEETINGS = "view_meetings"
    MANAGE_MEETINGS = "manage_meetings"
    VIEW_FAMILY = "view_family"
    MANAGE_FAMILY = "manage_family"
    VIEW_DRAFT = "view_draft"
    EDIT_DRAFT = "edit_draft"
    COMMENT_DRAFT = "comment_draft"
    VIEW_ASSURANCE = "view_assurance"
    RESPOND_QA = "respond_qa"
    VIEW_ACTIONS = "view_actions"
    MANAGE_RECOMMENDATIONS = "manage_recommendations"
    APPROVE_ACTIONS = "approve_actions"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_PARTNERSHIP,
            Permission.MANAGE_AGENCIES,
            Permission.VIEW_AGENCIES,
            Permission.MANAGE_USERS,
            Permission.VIEW_AUDIT,
            Permission.VIEW_OUTBOX,
            Permission.VIEW_STATISTICS,
            Permission.MANAGE_CLOCK_RULES,
            Permission.MANAGE_THEMES,
            Permission.VIEW_DUTIES,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Permission.VIEW_AGENCIES,
            Permission.CREATE_REVIEW,
            Permission.VIEW_STATISTICS,
            Permission.VIEW_ACTION_TRACKER,
            Permission.MANAGE_THEMES,
            Permission.VIEW_DUTIES,
            Permission.MANAGE_DUTIES,
        }
    ),
    # The board holds the partnership to account for its action plans.
    Role.BOARD_MEMBER: frozenset({Permission.VIEW_STATISTICS, Permission.VIEW_ACTION_TRACKER, Permission.VIEW_DUTIES}),
}

P = Permission
# What each member role may do on the review it belongs to.
REVIEW_ROLE_PERMISSIONS: dict[ReviewRole, frozenset[Permission]] = {
    ReviewRole.COORDINATOR: frozenset(
        {
            P.VIEW_REVIEW,
            P.VIEW_IDENTITIES,
            P.EDIT_REVIEW,
            P.CHANGE_STAGE,
            P.MANAGE_MEMBERS,
            P.MANAGE_PEOPLE,
            P.VIEW_CORRESPONDENCE,
            P.RECORD_CORRESPONDENCE,
            P.VIEW_CLOCKS,
            P.MANAGE_EVIDENCE,
            P.REVIEW_EVIDENCE,
            P.VIEW_CHRONOLOGY,
            P.MANAGE_TERMS,
            P.VIEW_MEETINGS,
            P.MANAGE_MEETINGS,
            P.VIEW_FAMILY,
            P.MANAGE_FAMILY,
            P.VIEW_DRAFT,
            P.COMMENT_DRAFT,
            P.VIEW_ASSURANCE,
            P.RESPOND_QA,
            P.VIEW_ACTIONS,
            P.MANAGE_RECOMMENDATIONS,
            P.APPROVE_ACTIONS,
        }
    ),
    # The chair leads the panel, keeps the family log and, with the author, writes the report.
    ReviewRole.CHAIR: frozenset(
        {
            P.VIEW_REVIEW,
            P.VIEW_IDENTITIES,
            P.MANAGE_PEOPLE,
            P.VIEW_CORRESPONDENCE,
            P.RECORD_CORRESPONDENCE,
            P.VIEW_CLOCKS,
            P.REVIEW_EVIDENCE,
            P.VIEW_CHRONOLOGY,
            P.MANAGE_TERMS,
            P.VIEW_MEETINGS,
            P.MANAGE_MEETINGS,
            P.VIEW_FAMILY,
            P.MANAGE_FAMILY,
            P.VIEW_DRAFT,
            P.EDIT_DRAFT,
            P.COMMENT_DRAFT,
            P.VIEW_ASSURANCE,
            P.RESPOND_QA,
            P.VIEW_ACTIONS,
            P.MANAGE_RECOMMENDATIONS,
        }
    ),
    ReviewRole.AUTHOR: frozenset(
        {
            P.VIEW_REVIEW,
            P.VIEW_IDENTITIES,
            P.VIEW_CORRESPONDENCE,
            P.VIEW_CLOCKS,
            P.VIEW_CHRONOLOGY,
            P.VIEW_MEETINGS,
            P.VIEW_FAMILY,
            P.VIEW_DRAFT,
            P.EDIT_DRAFT,
            P.COMMENT_DRAFT,
            P.VIEW_ASSURANCE,
            P.RESPOND_QA,
            P.VIEW_ACTIONS,
            P.MANAGE_RECOMMENDATIONS,
        }
    ),
    # Panel members read and comment on the pseudonymised draft and see the QA feedback they help answer.
    ReviewRole.PANEL_MEMBER: frozenset(
        {
            P.VIEW_REVIEW,
            P.VIEW_CLOCKS,
            P.VIEW_CHRONOLOGY,
            P.VIEW_MEETINGS,
            P.VIEW_DRAFT,
            P.COMMENT_DRAFT,
            P.VIEW_ASSURANCE,
            P.VIEW_ACTIONS,
        }
    ),
    # Contributors work only on their own agency's request and actions: evidence.access and actions.access check
    # the agency.
    ReviewRole.AGENCY_CONTRIBUTOR: frozenset({P.VIEW_REVIEW, P.CONTRIBUTE_EVIDENCE}),
    # Observers follow the panel's work and read the pseudonymised draft, without taking part.
    ReviewRole.OBSERVER: frozenset({P.VIEW_REVIEW, P.VIEW_CLOCKS, P.VIEW_MEETINGS, P.VIEW_DRAFT, P.VIEW_ACTIONS}),
}
# What partnership roles give on every review of the partnership, without membership.
PARTNERSHIP_REVIEW_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COORDINATOR: REVIEW_ROLE_PERMISSIONS[ReviewRole.COORDINATOR],
    Role.ADMIN: frozenset({P.VIEW_REVIEW, P.VIEW_CLOCKS}),
    Role.BOARD_MEMBER: frozenset(),
}
# What system administration gives beyond the person's partnership roles: the data every partnership shares.
SYSTEM_ADMIN_PERMISSIONS = frozenset({Permission.MANAGE_ORGANISATIONS, Permission.MANAGE_MEMBERSHIPS})
# A system admin supports every partnership: they can see reviews, never identities or content edits.
SYSTEM_ADMIN_REVIEW_PERMISSIONS = frozenset({P.VIEW_REVIEW, P.VIEW_CLOCKS})
# Who opens every review of the partnership, read off the table above rather than restated.
ROLES_SEEING_EVERY_REVIEW = frozenset(
    role for role, granted in PARTNERSHIP_REVIEW_PERMISSIONS.items() if Permission.VIEW_REVIEW in granted
)

PUBLIC = "public"
SIGNED_IN = "signed-in"
# What a view declares: PUBLIC, SIGNED_IN, a permission, or ("review", permission).
Gate = str | Permission | tuple[str, Permission]
Params = ParamSpec("Params")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def sees_every_review(user: Any) -> bool:
    """True when a partnership role (or system administration) opens every review of the partnership: the roles
    whose partnership-wide review permissions include viewing a review."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.system_admin or bool(user.role_set & ROLES_SEEING_EVERY_REVIEW)


def permissions_for(user: Any) -> frozenset[Permission]:
    """Every permission the user holds through their partnership roles and system administration."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    granted: set[Permission] = set(SYSTEM_ADMIN_PERMISSIONS) if user.system_admin else set()
    for role in user.role_set:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def review_permissions_for(user: Any, review: "Review | None") -> frozenset[Permission]:
    """Every permission the user holds on this review, through membership or partnership roles."""
    if review is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if review.partnership_id != user.partnership_id:
        return SYSTEM_ADMIN_REVIEW_PERMISSIONS if user.system_admin else frozenset()
    granted: set[Permission] = set(SYSTEM_ADMIN_REVIEW_PERMISSIONS) if user.system_admin else set()
    for role in user.role_set:
        granted |= PARTNERSHIP_REVIEW_PERMISSIONS[role]
    for role in review.roles_of(user):
        granted |= REVIEW_ROLE_PERMISSIONS[role]
    return frozenset(granted)


def can(user: Any, permission: Permission | str, review: "Review | None" = None) -> bool:
    """True when the user may exercise the permission (on the review, for review verbs).

    The one check used by gates, views and templates alike.
    """
    if review is not None:
        return Permission(permission) in review_permissions_for(user, review)
    return Permission(permission) in permissions_for(user)


def _mark(view: F, gate: Gate) -> F:
    if hasattr(view, "dhr_gate"):
        raise RuntimeError(f"{view.__name__} already has a gate")
    view.dhr_gate = gate  # type: ignore[attr-defined]  # a function takes attributes; Callable declares none
    return view


def public(view: F) -> F:
    """Declare a view open to anyone, signed in or not."""
    return _mark(view, PUBLIC)


def signed_in(view: F) -> F:
    """Declare a view open to any signed-in, active user."""
    return _mark(view, SIGNED_IN)


def requires(permission: Permission) -> Callable[[Callable[Params, R]], Callable[Params, R]]:
    """Declare that a view needs a permission; anyone else gets 403."""

    def decorator(view: Callable[Params, R]) -> Callable[Params, R]:
        @wraps(view)
        def wrapped(*args: Params.args, **kwargs: Params.kwargs) -> R:
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapped, permission)

    return decorator


def requires_review(permission: Permission) -> Callable[[Callable[Params, R]], Callable[Params, R]]:
    """Declare a review view: loads `review_id` into g.review, 404 unless the user may see it, 403 without permission.

    A review the user may not view does not exist for them: its reference and victim are sensitive.
    """

    def decorator(view: Callable[Params, R]) -> Callable[Params, R]:
        @wraps(view)
        def wrapped(*args: Params.args, **kwargs: Params.kwargs) -> R:
            from flask import g

            from dhr.extensions import db
            from dhr.reviews.models import Review

            review = db.session.get(Review, kwargs["review_id"])
            if review is None or not can(current_user, Permission.VIEW_REVIEW, review):
                abort(404)
            if not can(current_user, permission, review):
                abort(403)
            g.review = review
            return view(*args, **kwargs)

        return _mark(wrapped, ("review", permission))

    return decorator


def gate_of(view: Callable[..., Any] | None) -> Gate | None:
    """The gate a view declared, or None."""
    gate: Gate | None = getattr(view, "dhr_gate", None)
    return gate
