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


@dataclass(frozen=True)
class Seat:
    """One person on the panel with every panel role they hold: a chair who also writes the report is one seat."""

    rows: tuple  # their memberships, chair first

    @property
    def member(self):
        """The membership their card and declaration link use (their first role's)."""
        return self.rows[0]

    @property
    def roles_label(self) -> str:
        """Their roles, as "Independent chair and overview report author"."""
        first, *others = dict.fromkeys(row.role.label for row in self.rows)
        return " and ".join([first, *(label[0].lower() + label[1:] for label in others)])

    def holds(self, role) -> bool:
        """Whether one of their memberships is in this role."""
        return any(row.role is role for row in self.rows)

    @property
    def declared(self):
        """The membership carrying their declaration of independence, or None."""
        return next((row for row in self.rows if row.declared_independence), None)

    @property
    def signed(self):
        """The membership carrying their signed confidentiality agreement, or None."""
        return next((row for row in self.rows if row.signed_confidentiality), None)


def seats(review) -> list[Seat]:
    """The panel one person a seat, chair first; a person declares once, whatever roles they hold."""
    by_person: dict[int, list] = {}
    for member in panel_of(review):
        by_person.setdefault(member.user_id, []).append(member)
    return [Seat(tuple(rows)) for rows in by_person.values()]


def chairs_declared(review) -> bool:
    """There is a chair, and every chair has a dated declaration of independence."""
    chairs = [m for m in review.members if m.role is ReviewRole.CHAIR]
    return bool(chairs) and all(m.declared_independence for m in chairs)


def declarations_complete(review) -> bool:
    """Everyone on the panel has declared independence and signed the confidentiality agreement."""
    panel = seats(review)
    return bool(panel) and all(seat.declared and seat.signed for seat in panel)


def _names(panel: list[Seat]) -> str:
    return "Still needed from " + ", ".join(seat.member.user.name for seat in panel)


def panel_checks(review) -> list[PanelCheck]:
    """Each §4.4 rule and whether the review's panel meets it."""
    panel = seats(review)
    chairs = [seat for seat in panel if seat.holds(ReviewRole.CHAIR)]
    undeclared = [seat for seat in panel if not seat.declared]
    unsigned = [seat for seat in panel if not seat.signed]
    specialist = [
        row
        for seat in panel
        for row in seat.rows
        if row.role is ReviewRole.PANEL_MEMBER
        and row.agency is not None
        and row.agency.kind is AgencyKind.DOMESTIC_ABUSE
    ]
    if not chairs:
        chair_missing = "No independent chair has been appointed"
    else:
        chair_missing = _names([seat for seat in chairs if not seat.declared])
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
