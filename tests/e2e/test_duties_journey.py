"""The duty register in a real browser: the coordinator reads the register and the calendar, opens an overdue
occurrence, adds evidence and records it met (late); the board reads the strategy. 0 axe violations."""

import pytest
from playwright.sync_api import expect

from dhr.core.dates import london_today
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser


def test_register_calendar_and_marking_an_occurrence_met_with_evidence(page):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    expect(page.locator("#overdue-duties")).to_be_visible()
    page.get_by_role("link", name="Duties", exact=True).click()
    assert_accessible(page, "120-duty-register")
    expect(page.locator("#register tbody tr")).to_have_count(17)
    page.get_by_text("Filter the register").click()
    page.get_by_label("Frequency").select_option("quarterly")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#register tbody tr")).to_have_count(1)
    page.get_by_role("navigation", name="Duty register sections").get_by_role("link", name="Calendar").click()
    assert_accessible(page, "121-duty-calendar")

    page.goto("/duties")
    # D08's latest data return is the one the demo always leaves overdue, whatever the day.
    page.locator("#register a", has_text="D08").click()
    assert_accessible(page, "122-duty")
    page.locator("tbody tr", has_text="Overdue").first.get_by_role("link").click()
    assert page.locator("#occurrence-status").inner_text() == "Overdue"
    page.get_by_role("link", name="Add evidence").click()
    page.locator("#file").set_input_files(
        files=[{"name": "scrutiny-minutes.txt", "mimeType": "text/plain", "buffer": b"Scrutiny committee minutes"}]
    )
    page.get_by_label("What it shows (optional)").fill("Minutes of the scrutiny committee")
    assert_accessible(page, "123-duty-evidence")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("link", name="scrutiny-minutes.txt")).to_be_visible()
    page.get_by_role("link", name="Record as met").click()
    page.get_by_role("button", name="Record as met").click()
    title_starts(page, "Error:")
    assert_accessible(page, "124-duty-met-errors")
    today = london_today()
    page.locator("#met_on-day").fill(str(today.day))
    page.locator("#met_on-month").fill(str(today.month))
    page.locator("#met_on-year").fill(str(today.year))
    page.get_by_role("button", name="Record as met").click()
    assert page.locator("#occurrence-status").inner_text() == "Met late"
    assert_accessible(page, "125-duty-occurrence")


def test_the_board_reads_the_strategy_and_a_delivery_group(page):
    sign_in(page, "board@swp.example", DEMO_PASSWORD)
    page.goto("/strategy")
    assert_accessible(page, "126-strategy")
    page.get_by_role("link", name="Victim").click()
    expect(page.get_by_role("heading", name="Objective 2: Bespoke support against domestic violence")).to_be_visible()
    assert_accessible(page, "127-delivery-group")
