"""Who sees and updates duties: the board and coordinators see the whole register, coordinators edit it, and a
user of an agency that owns a duty sees that duty and records its occurrences, and nothing else."""

from dhr.permissions import Permission, can


def owns(user, duty) -> bool:
    """True when the user works for the agency that owns the duty."""
    return bool(getattr(user, "agency_id", None)) and user.agency_id == duty.owner_agency_id


def may_view(user, duty) -> bool:
    """The partnership's register readers, and the owning agency's people."""
    if not getattr(user, "is_authenticated", False) or user.partnership_id != duty.partnership_id:
        return False
    return can(user, Permission.VIEW_DUTIES) or owns(user, duty)


def may_update(user, duty) -> bool:
    """Marking occurrences met, not applicable or in progress, and adding evidence."""
    return may_view(user, duty) and (can(user, Permission.MANAGE_DUTIES) or owns(user, duty))
