"""Review lifecycle in a real browser: notify, commission, pause, resume; every page checked with axe."""

import pytest
from playwright.sync_api import expect

from dhr.core.dates import london_today
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser


def _fill_date(page, field_id: str, when) -> None:
    page.locator(f"#{field_id}-day").fill(str(when.day))
    page.locator(f"#{field_id}-month").fill(str(when.month))
    page.locator(f"#{field_id}-year").fill(str(when.year))


def test_notify_commission_pause_resume(page):
    today = london_today()
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    assert_accessible(page, "30-dashboard-coordinator")

    page.get_by_role("link", name="Record a notification").click()
    page.get_by_role("button", name="Save notification").click()
    title_starts(page, "Error:")
    assert_accessible(page, "31-notification-errors")

    _fill_date(page, "notified_on", today)
    page.get_by_label("Notifying agency").select_option(label="Metropolitan Police Service (MPS)")
    page.get_by_label("Intimate partner homicide").check()
    page.get_by_label("Place of death").fill("Westminster")
    page.get_by_label("Summary of the circumstances").fill("Found at home by a neighbour.")
    page.get_by_role("button", name="Save notification").click()
    assert "Notification recorded as SWP-DARDR-" in page.locator(".govuk-notification-banner").inner_text()
    reference = page.get_by_role("heading", level=1).inner_text()
    expect(page.get_by_text("Decision whether to hold a review").first).to_be_visible()
    assert_accessible(page, "32-new-review")

    page.get_by_role("link", name="Record the decision", exact=True).click()
    page.get_by_label("Commission a review", exact=True).check()
    _fill_date(page, "decided_on", today)
    page.get_by_label("Who made the decision").fill("DARDR decision group")
    page.get_by_label("Rationale").fill("The criteria in the statutory guidance are met.")
    assert_accessible(page, "33-record-decision")
    page.get_by_role("button", name="Record decision").click()
    assert page.locator(".govuk-caption-l .govuk-tag").inner_text() == "Set-up"
    expect(page.get_by_text("Met on time").first).to_be_visible()

    page.get_by_role("link", name="Pause review").click()
    page.get_by_label("Criminal trial").check()
    _fill_date(page, "effective_on", today)
    page.get_by_label("Details").fill("Trial listed for March.")
    assert_accessible(page, "34-pause-review")
    page.get_by_role("button", name="Pause review").click()
    assert page.locator(".govuk-caption-l .govuk-tag").inner_text() == "Paused"
    expect(page.get_by_text("Criminal trial").first).to_be_visible()
    assert_accessible(page, "35-paused-review")

    page.get_by_role("link", name="Resume review").click()
    _fill_date(page, "effective_on", today)
    page.get_by_role("button", name="Resume review").click()
    assert page.locator(".govuk-caption-l .govuk-tag").inner_text() == "Set-up"
    assert f"{reference} resumed at Set-up" in page.locator(".govuk-notification-banner").inner_text()


@pytest.mark.parametrize(
    ("email", "path", "name"),
    [
        ("coordinator@swp.example", "/reviews/6", "36-review-paused-demo"),
        ("coordinator@swp.example", "/reviews/10", "37-review-submitted"),
        ("coordinator@swp.example", "/reviews/5/people", "38-people"),
        ("coordinator@swp.example", "/reviews/5/members", "39-members"),
        ("coordinator@swp.example", "/reviews/10/correspondence", "40-correspondence"),
        ("coordinator@swp.example", "/reviews/10/correspondence/new", "41-record-correspondence"),
        ("coordinator@swp.example", "/reviews/8/stage", "42-change-stage"),
        ("coordinator@swp.example", "/statistics", "43-statistics"),
        ("admin@swp.example", "/admin/clock-rules", "44-clock-rules"),
        ("panel@swp.example", "/", "45-dashboard-panel-member"),
        ("panel@swp.example", "/reviews/5/people", "46-people-pseudonyms-only"),
        ("police@swp.example", "/reviews/5", "47-review-agency-contributor"),
    ],
)
def test_review_pages_are_accessible(page, email, path, name):
    sign_in(page, email, DEMO_PASSWORD)
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page, name)


def test_on_a_narrow_screen_the_stage_tag_stays_inside_the_caption(page, demo_reference):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.get_by_role("link", name=demo_reference("Adult Q")).first.click()
    caption = page.locator(".dhr-review-caption").first
    tag = caption.locator(".govuk-tag")
    heading = page.get_by_role("heading", level=1)
    caption_box, tag_box, heading_box = caption.bounding_box(), tag.bounding_box(), heading.bounding_box()
    assert tag_box["y"] + tag_box["height"] <= caption_box["y"] + caption_box["height"] + 0.5
    assert caption_box["y"] + caption_box["height"] <= heading_box["y"]
