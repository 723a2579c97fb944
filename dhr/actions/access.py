"""Who may see and update an action: the review's team through their review permissions, and the lead agency
through the action's named owner or the agency's contributors on that review. No other agency sees it."""

from dhr.permissions import PARTNERSHIP_REVIEW_PERMISSIONS, Permission, ReviewRole, can


def acts_for(user, action) -> bool:
    """True for the action's named owner and the lead agency's contributors on the review."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action.owner_id == user.id:
        # A named owner taken off the review no longer acts for its actions.
        return can(user, Permission.VIEW_REVIEW, action.review)
    return any(
        m.user_id == user.id and m.role is ReviewRole.AGENCY_CONTRIBUTOR and m.agency_id == action.lead_agency_id
        for m in action.review.members
    )


def may_view(user, action) -> bool:
    """The review's team (the action-plan permission) and the lead agency."""
    return can(user, Permission.VIEW_ACTIONS, action.review) or acts_for(user, action)


def may_update(user, action) -> bool:
    """Progress updates, evidence and asking for completion: the lead agency, or a coordinator for them."""
    return can(user, Permission.APPROVE_ACTIONS, action.review) or acts_for(user, action)


def sees_every_plan(user) -> bool:
    """True when a partnership role (the coordinator's) opens every review's action plan, so list pages can link
    each row without asking review by review."""
    roles = getattr(user, "role_set", ()) if getattr(user, "is_authenticated", False) else ()
    return any(Permission.VIEW_ACTIONS in PARTNERSHIP_REVIEW_PERMISSIONS[role] for role in roles)
