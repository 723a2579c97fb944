"""The calendar and its feed in a real browser, with axe."""

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_chair_reads_the_month_and_makes_a_feed_address(page):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Calendar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calendar:")
    assert_accessible(page, "143-calendar-chair")
    page.get_by_role("link", name="Next month").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calendar:")
    page.get_by_role("link", name="Add this calendar to Outlook").click()
    page.get_by_role("button", name="Make a feed address").click()
    expect(page.locator("#feed-address")).to_contain_text("/calendar/feed/")
    assert_accessible(page, "144-calendar-feed")
    address = page.locator("#feed-address").inner_text()
    feed = page.request.get(address)
    assert feed.status == 200
    assert feed.text().startswith("BEGIN:VCALENDAR")
