"""The action-plan journey in a real browser: the police contributor adds a progress update and evidence and
reports the action done; the coordinator approves it. 0 axe violations on every page."""

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
# Mrs AA's review (13) is in action-plan monitoring; its action R1.1 (id 5) is the police's, on track.
ACTION = "/reviews/13/actions/5"


def test_contributor_updates_adds_evidence_and_asks_for_completion_then_coordinator_approves(new_page):
    police = new_page()
    sign_in(police, "police@swp.example", DEMO_PASSWORD)
    assert police.goto(ACTION).status == 200
    assert "Action R1.1" in police.locator("h1").inner_text()
    assert_accessible(police, "110-action")

    police.get_by_role("link", name="Add a progress update").click()
    police.get_by_role("button", name="Add update").click()
    assert police.title().startswith("Error:")
    assert_accessible(police, "111-action-update-errors")
    police.get_by_label("What has happened since the last update?").fill("Audit of 120 DASH outcomes finished.")
    police.get_by_label("On track").check()
    police.get_by_role("button", name="Add update").click()
    assert "Update added" in police.locator(".govuk-notification-banner").inner_text()

    police.get_by_role("link", name="Report it done").click()
    expect(police.get_by_text("Add at least one piece of evidence").first).to_be_visible()
    police.get_by_role("link", name="Add evidence").click()
    police.locator("#file").set_input_files(
        files=[{"name": "dash-audit.csv", "mimeType": "text/csv", "buffer": b"Month,Sent to GP\nJan,38\nFeb,41\n"}]
    )
    police.get_by_label("What it shows (optional)").fill("Audit results by month")
    assert_accessible(police, "112-action-evidence")
    police.get_by_role("button", name="Add evidence").click()
    assert "Evidence added" in police.locator(".govuk-notification-banner").inner_text()
    expect(police.get_by_role("link", name="dash-audit.csv")).to_be_visible()

    police.get_by_role("link", name="Report it done").click()
    police.get_by_label("Outcome").fill("95% of DASH outcomes now reach the GP within 48 hours.")
    assert_accessible(police, "113-action-report-done")
    police.get_by_role("button", name="Ask for completion to be approved").click()
    assert "Completion requested" in police.locator(".govuk-notification-banner").inner_text()
    assert police.locator("#action-status").inner_text() == "Awaiting approval"

    coordinator = new_page()
    sign_in(coordinator, "coordinator@swp.example", DEMO_PASSWORD)
    coordinator.goto("/reviews/13/action-plan")
    assert_accessible(coordinator, "114-action-plan")
    coordinator.get_by_role("link", name="R1.1").click()
    coordinator.get_by_role("link", name="Approve or return the completion").click()
    expect(coordinator.get_by_text("95% of DASH outcomes now reach the GP within 48 hours.")).to_be_visible()
    assert_accessible(coordinator, "115-approve-completion")
    coordinator.get_by_label("Yes, approve the completion").check()
    coordinator.get_by_role("button", name="Save decision").click()
    assert coordinator.locator("#action-status").inner_text() == "Completed"
    assert "approved by Priya Shah" in coordinator.locator(".govuk-summary-list").inner_text()
