"""The help pages, one per role: who each is for, the words in the guide's headings that put a section on it, and
which of them belong to the signed-in person."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from dhr.extensions import db
from dhr.permissions import ReviewRole, Role
from dhr.reviews.models import Review, ReviewMember


@dataclass(frozen=True)
class RolePage:
    """One role's help page."""

    slug: str
    name: str
    heading: str
    summary: str
    # A guide section goes on this page when its heading says one of these words ("Coordinators: agency evidence").
    named_by: re.Pattern[str]
    roles: frozenset[Role | ReviewRole] = frozenset()

    def is_named_in(self, heading: str) -> bool:
        """True when a heading of the guide names this page's role."""
        return bool(self.named_by.search(heading))


def _words(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b{word}s?\b" for word in words), re.IGNORECASE)


EVERYONE = "everyone"

ROLE_PAGES = (
    RolePage(
        EVERYONE,
        "Everyone",
        "Help for everyone",
        "Signing in, your account, working for more than one partnership, notifications, emails and the calendar.",
        _words("everyone"),
    ),
    RolePage(
        "coordinator",
        "CSP coordinators",
        "Help for CSP coordinators",
        "Running the partnership's reviews, from the notification of a death to the action plan.",
        _words("coordinator"),
        frozenset({Role.COORDINATOR, ReviewRole.COORDINATOR}),
    ),
    RolePage(
        "chair-and-author",
        "Independent chairs and report authors",
        "Help for independent chairs and report authors",
        "Writing the report, the family log, panel meetings and the terms of reference.",
        _words("chair", "author"),
        frozenset({ReviewRole.CHAIR, ReviewRole.AUTHOR}),
    ),
    RolePage(
        "agency-contributor",
        "Agency contributors",
        "Help for agency contributors",
        "Your agency's chronology, IMR and actions, and the duties your agency owns.",
        _words("agency contributor", "action owner", "duty owner"),
        frozenset({ReviewRole.AGENCY_CONTRIBUTOR}),
    ),
    RolePage(
        "panel-member",
        "Panel members and observers",
        "Help for panel members and observers",
        "Reading and commenting on the draft report, your declarations and the panel's meetings.",
        _words("panel member", "observer"),
        frozenset({ReviewRole.PANEL_MEMBER, ReviewRole.OBSERVER}),
    ),
    RolePage(
        "board-member",
        "CSP board members",
        "Help for CSP board members",
        "The action tracker, the board report, the duty register and the partnership's statistics.",
        _words("board member"),
        frozenset({Role.BOARD_MEMBER}),
    ),
    RolePage(
        "administrator",
        "Administrators",
        "Help for administrators",
        "Users, agencies, how people sign in, the partnership's settings, clock rules and the audit log.",
        _words("administrator"),
        frozenset({Role.ADMIN}),
    ),
)
BY_SLUG = {page.slug: page for page in ROLE_PAGES}


def slugs_named_in(heading: str) -> frozenset[str]:
    """The pages whose role a heading of the guide names."""
    return frozenset(page.slug for page in ROLE_PAGES if page.is_named_in(heading))


def own_slugs(user) -> frozenset[str]:
    """The pages for the person's partnership roles and the roles they hold on any review of the partnership they
    are working in (everyone's page is always theirs)."""
    held: set[Role | ReviewRole] = set(user.role_set)
    held |= set(
        db.session.scalars(
            select(ReviewMember.role)
            .join(Review, Review.id == ReviewMember.review_id)
            .where(ReviewMember.user_id == user.id, Review.partnership_id == user.partnership_id)
            .distinct()
        )
    )
    own = {page.slug for page in ROLE_PAGES if page.roles & held}
    if user.system_admin:
        own.add("administrator")
    return frozenset({EVERYONE, *own})
