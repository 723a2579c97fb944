"""A small world for family tests: a partnership, a coordinator, a chair, and a review with its victim."""

from datetime import date

import pytest

from dhr.permissions import ReviewRole, Role
from dhr.reviews import services as reviews
from dhr.reviews.models import DeathCategory, PersonRole
from tests.factories import create_agency, create_partnership, create_review, create_user


def make_office() -> dict:
    """Create the world inside the current app context; returns the objects."""
    partnership = create_partnership(prefix="FTP")
    police = create_agency(partnership, code="MPS")
    coordinator = create_user(partnership, Role.COORDINATOR, name="Cora Ordinator")
    chair = create_user(partnership, name="Chair Person")
    review = create_review(
        partnership,
        coordinator=coordinator,
        agency=police,
        notified_on=date(2026, 6, 1),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=date(2026, 5, 28),
        place_of_death="A borough",
        police_force_area="A force",
        victim="Adult A",
        real_name="Maria Lennox",
    )
    victim = review.victim
    sister = reviews.add_person(
        review,
        actor=coordinator,
        role=PersonRole.FAMILY_MEMBER,
        pseudonym="Sister A",
        real_name="Rosa Lennox",
        aliases="",
        date_of_birth=None,
        living=True,
        relationship_to_victim="Sister",
    )
    reviews.add_member(review, user=chair, role=ReviewRole.CHAIR, agency=None, actor=coordinator)
    return {
        "partnership": partnership,
        "coordinator": coordinator,
        "chair": chair,
        "review": review,
        "victim": victim,
        "sister": sister,
    }


@pytest.fixture
def office(db, frozen_clock):
    """The world committed to the test database (ids usable from any request); the clock is 25 November 2026."""
    return db.run(make_office)
