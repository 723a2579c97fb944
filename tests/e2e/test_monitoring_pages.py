"""Action monitoring in a real browser, with axe: the tracker (with filters, errors and an export), an agency's
actions, the theme dashboard and the board report for the coordinator and the board; an agency contributor's own
actions from the dashboard. The demo's action plans are on reviews 13 (monitored) and 15 (closed)."""

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser

PAGES = [
    ("coordinator@swp.example", "/actions", "100-action-tracker"),
    ("coordinator@swp.example", "/actions?status=overdue&submit=Filter", "101-action-tracker-overdue"),
    ("coordinator@swp.example", "/actions/themes", "102-action-themes"),
    ("coordinator@swp.example", "/actions/board-report", "103-board-report"),
    ("board@swp.example", "/actions", "104-action-tracker-board"),
    ("police@swp.example", "/actions/agency", "105-agency-actions-police"),
]


@pytest.mark.parametrize(("email", "path", "name"), PAGES, ids=[name for _, _, name in PAGES])
def test_monitoring_pages_are_accessible(page, email, path, name):
    sign_in(page, email, DEMO_PASSWORD)
    assert page.goto(path).status == 200
    assert_accessible(page, name)


def test_the_tracker_filters_keep_their_values_and_explain_bad_dates(page):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.goto("/actions")
    form = page.locator("#tracker-filters")
    form.get_by_label("Status").select_option("completed")
    form.get_by_role("group", name="Target date from").get_by_label("Day").fill("31")
    form.get_by_role("group", name="Target date from").get_by_label("Month").fill("2")
    form.get_by_role("group", name="Target date from").get_by_label("Year").fill("2026")
    form.get_by_role("button", name="Filter").click()
    title_starts(page, "Error: Action tracker")
    expect(page.get_by_role("link", name="Target date from must be a real date")).to_be_visible()
    assert form.get_by_label("Status").input_value() == "completed"
    assert form.get_by_role("group", name="Target date from").get_by_label("Day").input_value() == "31"
    assert "Completed" in page.locator("#tracker tbody").inner_text()
    assert_accessible(page, "106-action-tracker-errors")
    with page.expect_download() as download:
        page.goto("/actions")
        page.get_by_role("link", name="CSV file of the actions").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_an_agency_page_and_the_board_report_download(page):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.goto("/actions")
    page.locator('#tracker tbody a[href*="/actions/agency/"]').first.click()
    assert page.locator("h1").inner_text().endswith(": actions")
    assert_accessible(page, "107-one-agency-actions")
    page.goto("/actions/board-report")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the board report").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.goto("/actions/board-report")
    assert "The last board report was produced on" in page.locator("#last-report").inner_text()


def test_a_contributor_reaches_their_actions_from_the_dashboard(page):
    sign_in(page, "police@swp.example", DEMO_PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="See your agency's actions").click()
    assert page.locator("h1").inner_text() == "Your agency's actions"
    expect(page.get_by_role("link", name="Action tracker")).to_have_count(0)
    assert_accessible(page, "108-agency-actions-from-dashboard")
