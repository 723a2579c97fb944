"""Working for two partnerships in a real browser, with axe: the demo chair switches from Westminster to Camden
from the header and back; a system administrator sees the organisations both share. The chair is put back in
Westminster afterwards, as the demo is shared with the other journeys."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dhr.agencies.seed import NEIGHBOUR
from dhr.auth.models import User
from dhr.extensions import db
from dhr.seed import DEMO_PASSWORD, PARTNERSHIP_NAME
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser
CHAIR = "chair@swp.example"


@pytest.fixture
def back_in_westminster_afterwards(demo_app):
    yield
    with demo_app.app_context():
        chair = db.session.scalar(select(User).where(User.email == CHAIR))
        westminster = next(m for m in chair.memberships if m.partnership.name == PARTNERSHIP_NAME)
        chair.last_partnership_id = westminster.partnership_id
        db.session.commit()


def test_the_chair_switches_partnership_from_the_header(page, back_in_westminster_afterwards):
    sign_in(page, CHAIR, DEMO_PASSWORD)
    expect(page.locator("header")).to_contain_text(PARTNERSHIP_NAME)
    page.get_by_role("link", name="Switch partnership").click()
    title_starts(page, "Switch partnership")
    assert_accessible(page, "157-switch-partnership")
    page.get_by_label(NEIGHBOUR[0]).check()
    page.get_by_role("button", name="Switch partnership").click()
    title_starts(page, "Dashboard")
    expect(page.locator("header")).to_contain_text(NEIGHBOUR[0])
    expect(page.locator("main")).not_to_contain_text("SWP-")  # none of Westminster's reviews
    assert_accessible(page, "158-dashboard-in-the-second-partnership")

    page.get_by_role("link", name="Switch partnership").click()
    page.get_by_label(PARTNERSHIP_NAME).check()
    page.get_by_role("button", name="Switch partnership").click()
    expect(page.locator("main")).to_contain_text("SWP-")


def test_a_system_administrator_sees_the_shared_organisations(page):
    sign_in(page, "support@dhr.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Organisations").click()
    title_starts(page, "Organisations")
    row = page.get_by_role("row").filter(has_text="Central and North West London NHS Foundation Trust")
    expect(row).to_contain_text("RV3")
    expect(row).to_contain_text("2")
    assert_accessible(page, "159-organisations")
    page.get_by_role("link", name="People").click()
    title_starts(page, "Add someone to a partnership")
    assert_accessible(page, "160-add-someone-to-a-partnership")
