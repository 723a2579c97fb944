"""A review at set-up with a chair, two panel members and a contributor, on 25 November 2026."""

from datetime import date

import pytest

from dhr.agencies.models import AgencyKind
from dhr.permissions import ReviewRole, Role
from dhr.reviews import services
from dhr.reviews.models import DeathCategory, Decision
from tests.factories import create_agency, create_partnership, create_review, create_user


def build_set_up_review() -> dict:
    """Everything as ids and users; the review has just been commissioned."""
    partnership = create_partnership(name="Panel Partnership", prefix="PNL")
    police = create_agency(partnership, code="POL", kind=AgencyKind.POLICE, name="Test Police")
    refuge = create_agency(partnership, code="DAS", kind=AgencyKind.DOMESTIC_ABUSE, name="Test Refuge")
    coordinator = create_user(partnership, Role.COORDINATOR, name="Cora Ordinator")
    people = {
        "chair": create_user(partnership, name="Chris Chair"),
        "police": create_user(partnership, agency=police, name="Pat Police"),
        "refuge": create_user(partnership, agency=refuge, name="Rhea Refuge"),
        "contributor": create_user(partnership, agency=police, name="Con Tributor"),
    }
    review = create_review(
        partnership,
        coordinator=coordinator,
        agency=police,
        notified_on=date(2026, 10, 1),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=date(2026, 9, 28),
    )
    services.record_decision(
        review,
        decision=Decision.COMMISSION,
        decided_on=date(2026, 10, 20),
        decision_maker="Group",
        rationale="Met",
        actor=coordinator,
    )
    roles = {
        "chair": (ReviewRole.CHAIR, None),
        "police": (ReviewRole.PANEL_MEMBER, police),
        "refuge": (ReviewRole.PANEL_MEMBER, refuge),
        "contributor": (ReviewRole.AGENCY_CONTRIBUTOR, police),
    }
    members = {
        key: services.add_member(review, user=people[key], role=role, agency=agency, actor=coordinator).id
        for key, (role, agency) in roles.items()
    }
    return {"review": review.id, "coordinator": coordinator, "users": people, "members": members}


@pytest.fixture
def panel_world(db, frozen_clock):
    """The set-up review, built and committed."""
    return db.run(build_set_up_review)
