"""Recommendation and theme pages in a real browser, with axe: the monitored review's four recommendations, the
draft review's repeat of an earlier one, writing a recommendation with the check for similar ones, and errors."""

import re

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser

# Demo ids: review 13 (Mrs AA, action-plan monitoring) has four recommendations with actions of every
# status; review 8 (Adult Q, drafting) has two, and its R2 repeats review 15's (Adult EE) R1.
PAGES = [
    ("coordinator@swp.example", "/reviews/13/recommendations", "130-recommendations-monitored"),
    ("chair@swp.example", "/reviews/8/recommendations", "131-recommendations-repeat"),
    ("chair@swp.example", "/reviews/8/recommendations/new", "132-add-recommendation"),
    ("coordinator@swp.example", "/themes", "133-themes"),
    ("coordinator@swp.example", "/themes/new", "134-add-theme"),
]


@pytest.mark.parametrize(("email", "path", "name"), PAGES, ids=[name for _, _, name in PAGES])
def test_recommendation_and_theme_pages_are_accessible(page, email, path, name):
    sign_in(page, email, DEMO_PASSWORD)
    assert page.goto(path).status == 200
    assert_accessible(page, name)


def test_the_repeat_on_the_draft_review_shows_what_became_of_the_earlier_one(page, demo_reference):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto("/reviews/8/recommendations")
    summary = page.get_by_text(f"Similar to {demo_reference('Adult EE')} R1, completed")
    expect(summary).to_be_visible()
    page.get_by_role("link", name="Change recommendation 2").click()
    expect(page.get_by_role("heading", name="Similar recommendations from other reviews")).to_be_visible()
    assert_accessible(page, "135-change-recommendation")


def test_checking_for_similar_ones_keeps_what_was_typed_and_errors_are_accessible(page, demo_reference):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto("/reviews/8/recommendations/new")
    text = "Police officers must share the outcomes of DASH risk assessments with GP practices."
    page.get_by_label("Recommendation", exact=True).fill(text)
    page.get_by_label("Information sharing").check()
    page.get_by_role("button", name="Check for similar recommendations").click()
    assert page.get_by_label("Recommendation", exact=True).input_value() == text
    assert page.get_by_label("Information sharing").is_checked()
    expect(page.get_by_text(f"Similar to {demo_reference('Adult EE')} R1")).to_be_visible()
    expect(page).not_to_have_title(re.compile("^Error:"))
    assert_accessible(page, "136-similar-recommendations")
    page.get_by_label("National").check()
    page.get_by_label("One agency").check()
    page.get_by_role("button", name="Save recommendation").click()
    title_starts(page, "Error:")
    assert page.get_by_label("Recommendation", exact=True).input_value() == text
    assert page.get_by_role("link", name="Select the government department a national recommendation is for").count()
    assert_accessible(page, "137-recommendation-errors")
    page.get_by_label("Home Office").check()
    page.get_by_role("button", name="Save recommendation").click()
    assert page.url.endswith("/reviews/8/recommendations#r3"), page.url
    expect(page.get_by_role("heading", name="Recommendation 3")).to_be_visible()
