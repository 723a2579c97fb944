"""The user guide in the browser, with axe: the coordinator finds help from the footer and from the duty register's
heading, and lands on the section about the page."""

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser


def test_the_coordinator_reads_the_help_for_their_role_and_for_a_page(page):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.locator("footer").get_by_role("link", name="Help").click()
    title_starts(page, "Help")
    expect(page.locator("#your-roles")).to_contain_text("CSP coordinators")
    assert_accessible(page, "180-help-index")

    page.locator("#your-roles").get_by_role("link", name="CSP coordinators").click()
    title_starts(page, "Help for CSP coordinators")
    expect(page.get_by_role("heading", name="Recording a notification")).to_be_visible()
    assert_accessible(page, "181-help-coordinator")

    page.goto("/duties")
    page.get_by_role("link", name="Help with this page").click()
    title_starts(page, "Help for CSP coordinators")
    assert page.url.endswith("#the-duty-register-coordinators-board-members-and-duty-owners")
    expect(page.locator("#the-duty-register-coordinators-board-members-and-duty-owners")).to_be_in_viewport()
