"""A coordinator's day without friction, in a real browser with axe: the search box, then the bulk work on a review
(every request sent at once, several members added at once)."""

import re

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_search_box_finds_work_across_reviews_and_each_reader_sees_only_theirs(page, new_page, demo_reference):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.get_by_label("Search reviews").fill("DASH")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for ‘DASH’")
    results = page.locator("#search-results > li")
    expect(results.first).to_be_visible()
    coordinator_sees = results.count()
    assert_accessible(page, "190-search-results")
    page.locator("#search-results a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "Page not found" not in page.title()

    # The ambulance service's contributor is on no review with a DASH assessment: the same words find nothing.
    other = new_page()
    sign_in(other, "ambulance@swp.example", DEMO_PASSWORD)
    other.goto("/search?q=DASH")
    expect(other.locator("#search-count")).to_contain_text("Nothing you can see matches")
    assert coordinator_sees > 0

    page.get_by_label("Search reviews").fill(demo_reference("Ms J"))
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#search-results > li").first).to_contain_text(demo_reference("Ms J"))


def test_every_request_is_sent_at_once_and_several_members_added_at_once(page, demo_reference):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.goto("/")
    page.get_by_role("link", name=demo_reference("Ms J")).first.click()
    page.get_by_role("link", name="Agency evidence").click()
    page.get_by_role("button", name="Send the request not yet sent").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(re.compile(r"Requests sent to 1 agency: London Ambulance Service"))
    assert_accessible(page, "191-requests-sent")

    page.get_by_role("link", name="Members").click()
    boxes = page.locator("input[name=users]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("Observer").check()
    page.get_by_role("button", name="Add to review").click()
    added = page.locator(".govuk-notification-banner--success")
    expect(added).to_contain_text(re.compile(r" and .* added as observer"))
    assert_accessible(page, "192-members-added")
