"""Panel, terms of reference, meetings, family and Sign-off and QA pages in a real browser, with axe."""

import pytest

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser

# Demo ids: Adult Q's review is 8, at panel agreement; 5 is Ms J (terms v2 draft);
# 9 is at CSP sign-off, 10 submitted, 11 in revisions after a QA letter, 13 published and monitored.
PAGES = [
    ("coordinator@swp.example", "/reviews/8/panel", "80-panel"),
    ("coordinator@swp.example", "/reviews/5/terms-of-reference", "81-terms-of-reference"),
    ("coordinator@swp.example", "/reviews/5/terms-of-reference/versions/11", "82-terms-draft-v2"),
    ("coordinator@swp.example", "/reviews/8/meetings", "83-meetings"),
    ("coordinator@swp.example", "/reviews/8/meetings/8", "84-meeting"),
    ("coordinator@swp.example", "/reviews/8/meetings/new", "85-plan-meeting"),
    ("chair@swp.example", "/reviews/8/family", "86-family-log"),
    ("chair@swp.example", "/reviews/8/family/contacts/1", "87-family-contact"),
    ("chair@swp.example", "/reviews/8/family/tribute", "88-family-tribute"),
    ("coordinator@swp.example", "/reviews/9/assurance/sign-off", "89-record-sign-off"),
    ("coordinator@swp.example", "/reviews/11/assurance", "90-sign-off-and-qa"),
    ("coordinator@swp.example", "/reviews/11/assurance/qa-letters/1/points/1/response", "91-qa-response"),
    ("coordinator@swp.example", "/reviews/11/assurance/submission", "92-resubmission-with-readiness"),
    ("coordinator@swp.example", "/reviews/11/assurance/qa-letters/new", "93-record-qa-letter"),
    ("coordinator@swp.example", "/reviews/13/assurance", "94-published-review-qa"),
    ("coordinator@swp.example", "/reviews/8/readiness", "95-readiness-coordinator"),
]


@pytest.mark.parametrize(("email", "path", "name"), PAGES, ids=[name for _, _, name in PAGES])
def test_panel_family_and_qa_pages_are_accessible(page, email, path, name):
    sign_in(page, email, DEMO_PASSWORD)
    assert page.goto(path).status == 200
    assert_accessible(page, name)


def test_forms_keep_what_was_typed_and_show_accessible_errors(page):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto("/reviews/8/family/contacts/new")
    page.get_by_label("Relationship to the victim").fill("Cousin")
    page.get_by_role("button", name="Save contact").click()
    title_starts(page, "Error:")
    assert page.get_by_label("Relationship to the victim").input_value() == "Cousin"
    assert_accessible(page, "96-family-contact-errors")
    page.goto("/reviews/8/meetings/new")
    page.get_by_role("button", name="Save meeting").click()
    title_starts(page, "Error:")
    assert_accessible(page, "97-plan-meeting-errors")
