"""Panel membership rules from domain.md §4.4, as checks the panel page shows.

Only the chair's declaration blocks anything (the guard in reviews.workflow); the rest are warnings,
because a panel is often completed after set-up.
"""

from dataclasses import dataclass

from dhr.agencies.models import AgencyKind
from dhr.permissions import ReviewRole

# The roles that sit on the panel and make declarations; contributors and observers do not.
PANEL_ROLES = (ReviewRole.CHAIR, ReviewRole.AUTHOR, ReviewRole.PANEL_MEMBER)


@dataclass(frozen=True)
class PanelCheck:
    """One rule, whether the review meets it, and what is missing when it does not."""

    label: str
    met: bool
    missing: str = ""
    blocking: bool = False


def panel_of(review) -> list:
    """The members who sit on the panel (chair, author, panel members), chair first."""
    order = {role: index for index, role in enumerate(PANEL_ROLES)}
    members = [m for m in review.members if m.role in order]
    return sorted(members, key=lambda m: (order[m.role], m.id))


def chairs_declared(review) -> bool:
    """There is a chair, and every chair has a dated declaration of independence."""
    chairs = [m for m in review.members if m.role is ReviewRole.CHAIR]
    return bool(chairs) and all(m.declared_independence for m in chairs)


def declarations_complete(review) -> bool:
    """Everyone on the panel has declared independence and signed the confidentiality agreement."""
    panel = panel_of(review)
    return bool(panel) and all(m.declared_independence and m.signed_confidentiality for m in panel)


def _names(members) -> str:
    return "Still needed from " + ", ".join(m.user.name for m in members)


def panel_checks(review) -> list[PanelCheck]:
    """Each §4.4 rule and whether the review's panel meets it."""
    panel = panel_of(review)
    chairs = [m for m in panel if m.role is ReviewRole.CHAIR]
    undeclared = [m for m in panel if not m.declared_independence]
    unsigned = [m for m in panel if not m.signed_confidentiality]
    specialist = [
        m
        for m in panel
        if m.role is ReviewRole.PANEL_MEMBER and m.agency is not None and m.agency.kind is AgencyKind.DOMESTIC_ABUSE
    ]
    if not chairs:
        chair_missing = "No independent chair has been appointed"
    else:
        chair_missing = _names(m for m in chairs if not m.declared_independence)
    nobody = "Nobody is on the panel yet"
    return [
        PanelCheck(
            "The independent chair has declared independence",
            chairs_declared(review),
            chair_missing,
            blocking=True,
        ),
        PanelCheck(
            "Every panel member has declared independence",
            bool(panel) and not undeclared,
            _names(undeclared) if panel else nobody,
        ),
        PanelCheck(
            "Every panel member has signed the confidentiality agreement",
            bool(panel) and not unsigned,
            _names(unsigned) if panel else nobody,
        ),
        PanelCheck(
            "A specialist domestic abuse service is represented",
            bool(specialist),
            "" if specialist else "Add a panel member from a specialist domestic abuse service",
        ),
    ]
