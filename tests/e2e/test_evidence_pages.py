"""Agency evidence pages in a real browser, with axe (the full import journey arrives with spreadsheet import)."""

import re

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser


def write_signed_off_imr(page, name: str) -> None:
    """Use the IMR form: author, one section, and the senior manager's sign-off."""
    page.get_by_role("link", name="Write the IMR").click()
    page.get_by_label("IMR author's name").fill("Ann Author")
    page.get_by_label("IMR author's role").fill("Practice lead")
    page.get_by_label("Analysis", exact=True).fill("Risk was assessed at each contact but not shared.")
    page.get_by_label("Senior manager's name").fill("Pat Senior")
    page.get_by_label("Senior manager's role").fill("Head of Safeguarding")
    page.locator("#sign_off_on-day").fill("1")
    page.locator("#sign_off_on-month").fill("11")
    page.locator("#sign_off_on-year").fill("2026")
    page.get_by_label("I confirm a senior manager").check()
    assert_accessible(page, name)
    page.get_by_role("button", name="Save IMR").click()
    assert "IMR saved as version 1" in page.locator(".govuk-notification-banner").inner_text()


def test_contributor_adds_an_entry_and_submits(page, new_page):
    sign_in(page, "police@swp.example", DEMO_PASSWORD)
    expect(page.locator("#agency-requests")).to_be_visible()
    assert_accessible(page, "50-dashboard-agency-contributor")
    page.locator("#agency-requests a").first.click()
    assert_accessible(page, "51-agency-request")
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Date").fill("31/2/2026")
    page.get_by_label("What happened").fill("Officers attended after a 999 call.")
    page.get_by_role("button", name="Save entry").click()
    title_starts(page, "Error:")
    assert page.get_by_label("What happened").input_value() == "Officers attended after a 999 call."
    assert_accessible(page, "52-entry-errors")
    page.get_by_label("Date").fill("c. March 2026")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_text("c. March 2026").first).to_be_visible()
    write_signed_off_imr(page, "53a-imr-form")
    page.get_by_role("button", name="Submit chronology").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Submitted. Jo Whitfield")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("been told.")

    # The chair hears of it: the header's unread count, the inbox, and the request one click away.
    chair = new_page()
    sign_in(chair, "chair@swp.example", DEMO_PASSWORD)
    expect(chair.locator(".dhr-count")).to_be_visible()
    chair.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(chair.get_by_role("heading", name="Notifications")).to_be_visible()
    assert_accessible(chair, "142-notifications-chair")
    chair.get_by_role("link", name=re.compile(r"Metropolitan Police Service submitted its evidence")).first.click()
    expect(chair.get_by_role("button", name="Accept")).to_be_visible()
    chair.get_by_role("button", name="Accept").click()
    expect(chair.locator(".govuk-notification-banner")).to_contain_text("chronology accepted.")


@pytest.mark.parametrize(
    ("email", "path", "name"),
    [
        ("coordinator@swp.example", "/reviews/5/agencies", "53-agency-matrix"),
        ("coordinator@swp.example", "/reviews/5/agencies/add", "54-add-agency-to-matrix"),
        ("chair@swp.example", "/reviews/8/chronology", "55-combined-chronology"),
        ("panel@swp.example", "/reviews/8/chronology", "56-combined-chronology-panel"),
    ],
)
def test_evidence_pages_are_accessible(page, email, path, name):
    sign_in(page, email, DEMO_PASSWORD)
    assert page.goto(path).status == 200
    assert_accessible(page, name)


BAD_SHEET = (
    b"CNWL chronology\n\nDate of contact,Organisation,Summary,People involved\n"
    b"03/01/2026,Westminster BCU,Officers attended a disturbance,Ms J\n"
    b"31/02/2026,Westminster BCU,Follow-up visit,Ms J\n"
    b"05/01/2026,Westminster BCU,,\n"
)
GOOD_SHEET = (
    b"CNWL chronology\n\nDate of contact,Organisation,Summary,People involved\n"
    b"03/01/2026,Westminster BCU,Officers attended a disturbance,Ms J\n"
    b"28/02/2026,Westminster BCU,Follow-up visit,Ms J\n"
    b"05/01/2026,Westminster BCU,Call to check welfare,\n"
)


def _upload(page, data: bytes) -> None:
    page.get_by_role("link", name="Import a spreadsheet").click()
    page.locator("#file").set_input_files(files=[{"name": "cnwl.csv", "mimeType": "text/csv", "buffer": data}])
    page.get_by_role("button", name="Upload").click()


def test_contributor_imports_fixes_errors_submits_and_the_chair_accepts(new_page, demo_reference):
    contributor = new_page()
    sign_in(contributor, "health@swp.example", DEMO_PASSWORD)  # the mental health trust's open request
    contributor.goto("/")
    contributor.locator("#agency-requests a", has_text=demo_reference("Ms J")).click()
    request_url = contributor.url

    _upload(contributor, BAD_SHEET)
    assert contributor.get_by_label("Date", exact=True).input_value() == "Date of contact"
    contributor.get_by_role("button", name="Check the rows").click()
    assert "2 rows need fixing. Nothing has been imported." in contributor.locator(".govuk-error-summary").inner_text()
    expect(contributor.get_by_text("Date: 31/2/2026 is not a real date")).to_be_visible()
    expect(contributor.get_by_text("What happened is empty")).to_be_visible()
    assert_accessible(contributor, "57-import-errors")

    contributor.goto(request_url)
    _upload(contributor, GOOD_SHEET)
    contributor.get_by_role("button", name="Check the rows").click()
    expect(contributor.get_by_text("All 3 rows can be imported")).to_be_visible()
    expect(contributor.locator("#dates-read")).to_contain_text("28 February 2026")  # how each date was read
    assert_accessible(contributor, "58-import-ready")
    contributor.get_by_role("button", name="Import 3 rows").click()
    assert "3 rows imported" in contributor.locator(".govuk-notification-banner").inner_text()
    expect(contributor.get_by_text("Officers attended a disturbance")).to_be_visible()
    write_signed_off_imr(contributor, "58a-short-report-imr")
    contributor.get_by_role("button", name="Submit chronology").click()
    expect(contributor.get_by_text("Submitted").first).to_be_visible()

    chair = new_page()
    sign_in(chair, "chair@swp.example", DEMO_PASSWORD)
    chair.goto(request_url)
    assert_accessible(chair, "59-chair-reviews-submission")
    chair.get_by_role("button", name="Accept").click()
    assert "chronology accepted" in chair.locator(".govuk-notification-banner").inner_text()
    chair.goto(request_url.split("/evidence/")[0] + "/chronology")
    expect(chair.get_by_text("Officers attended a disturbance")).to_be_visible()
    assert_accessible(chair, "60-combined-chronology-after-import")
