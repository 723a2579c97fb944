"""Email preferences and a prepared file in a real browser, with axe: the chair changes what is emailed, then
opens the file the demo prepared from their notification and downloads it."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dhr.exports.models import ExportJob
from dhr.extensions import db
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_chair_chooses_what_is_emailed(page):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Notifications").first.click()
    page.get_by_role("link", name="Choose which of these are emailed to you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email preferences")
    drafting = page.get_by_role("group", name="Drafting")
    expect(drafting.get_by_label("In a daily digest")).to_be_checked()  # the demo chair's choice
    assert_accessible(page, "145-email-preferences")
    page.get_by_role("group", name="Meetings").get_by_label("No emails").check()
    page.get_by_role("button", name="Save email preferences").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Email preferences saved")
    expect(page.get_by_role("group", name="Meetings").get_by_label("No emails")).to_be_checked()


def test_the_chair_opens_the_prepared_file_and_downloads_it(page, demo_app, live_server):
    with demo_app.app_context():
        job = db.session.scalar(select(ExportJob))
        address = f"{live_server}/reviews/{job.review_id}/exports/{job.id}"
        rows = job.rows_total
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto(address)
    expect(page.locator("#progress")).to_contain_text(f"{rows} of {rows} entries (100%)")
    assert_accessible(page, "146-export-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.endswith("-chronology.xlsx")
