"""Agency evidence pages in a real browser, with axe (the full import journey arrives with spreadsheet import)."""

import pytest

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_contributor_adds_an_entry_and_submits(page):
    sign_in(page, "police@swp.example", DEMO_PASSWORD)
    assert page.locator("#agency-requests").is_visible()
    assert_accessible(page, "50-dashboard-agency-contributor")
    page.locator("#agency-requests a").first.click()
    assert_accessible(page, "51-agency-request")
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Date").fill("31/2/2026")
    page.get_by_label("What happened").fill("Officers attended after a 999 call.")
    page.get_by_role("button", name="Save entry").click()
    assert page.title().startswith("Error:")
    assert page.get_by_label("What happened").input_value() == "Officers attended after a 999 call."
    assert_accessible(page, "52-entry-errors")
    page.get_by_label("Date").fill("c. March 2026")
    page.get_by_role("button", name="Save entry").click()
    assert page.get_by_text("c. March 2026").first.is_visible()
    page.get_by_role("button", name="Submit chronology").click()
    assert page.get_by_text("Submitted. The coordinator and chair have been told.").is_visible()


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
