"""Shared set-up for review tests: a partnership, a coordinator and a notifying agency."""

from datetime import date

import pytest

from dhr.agencies.models import AgencyKind
from dhr.permissions import Role
from tests.factories import create_agency, create_partnership, create_user


@pytest.fixture
def office(db, client, login_as, frozen_clock):
    """A signed-in coordinator at 'SWT' on 25 November 2026."""

    def _make():
        partnership = create_partnership(name="Safer Test Partnership", prefix="SWT")
        police = create_agency(partnership, code="MPS", kind=AgencyKind.POLICE, name="Test Police")
        health = create_agency(partnership, code="NHS", kind=AgencyKind.HEALTH, name="Test Health")
        coordinator = create_user(partnership, Role.COORDINATOR, name="Cora Ordinator")
        chair = create_user(partnership, name="Chair Person")
        panel = create_user(partnership, agency=health, name="Panel Person")
        no_agency = create_user(partnership, name="Floating Person")
        return {
            "partnership": partnership,
            "police": police,
            "health": health,
            "coordinator": coordinator,
            "chair": chair,
            "panel": panel,
            "no_agency": no_agency,
        }

    world = db.run(_make)
    login_as(world["coordinator"])
    return world


def day(d: date) -> list[str]:
    """A date as the three GOV.UK date-input values."""
    return [str(d.day), str(d.month), str(d.year)]
