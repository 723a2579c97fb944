"""The drafting journey in a real browser: the chair drafts with a person token and a chronology citation, a panel
member comments, the chair resolves the comment, and the readiness checker reports. 0 axe violations throughout."""

import re

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
REPORT = "/reviews/8/report/overview"  # Adult Q's review, at panel agreement in the demo data


def _token(page, pattern: str) -> str:
    return next(t for t in page.locator(".dhr-token-list code").all_inner_texts() if re.fullmatch(pattern, t))


def test_chair_drafts_panel_comments_chair_resolves_and_readiness_reports(page, new_page):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto(REPORT)
    assert_accessible(page, "70-report-overview")

    page.goto(f"{REPORT}/conclusions/edit")
    victim = next(
        code.inner_text()
        for code in page.locator(".dhr-token-list li").all()
        if "(victim)" in code.inner_text()
        for code in [code.locator("code")]
    )
    page.get_by_label("Text").fill("Typed before searching")
    page.get_by_label("Find a combined-chronology row").fill("MARAC")
    page.get_by_label("Find a combined-chronology row").press("Enter")  # finds, rather than saving the section
    expect(page.get_by_label("Text")).to_have_value("Typed before searching")
    citation = _token(page, r"\[\[entry:\d+\]\]")
    assert_accessible(page, "71-edit-section")
    page.get_by_label("Text").fill(
        f"{victim} was at high risk and agencies knew it {citation}.\n\nThe GP was not told of the MARAC."
    )
    page.get_by_role("button", name="Save section").click()
    assert "'Conclusions' saved" in page.locator(".govuk-notification-banner").inner_text()
    conclusions = page.locator("#section-conclusions")
    expect(conclusions.locator("#para-17\\.2")).to_be_visible()
    assert "Adult Q was at high risk" in conclusions.inner_text()
    assert "[[" not in conclusions.inner_text()
    cited = conclusions.get_by_role("link", name=re.compile(r"chronology: "))
    href = cited.get_attribute("href")
    assert re.search(r"/reviews/8/report/chronology/\d+$", href)

    page.goto(f"{REPORT}/lessons/edit")
    page.get_by_label("Text").fill(
        f"Agencies did not ask {victim} about coercive control.\n\nThe MARAC action plan was not shared with the GP."
    )
    page.get_by_role("button", name="Save section").click()
    assert "Adult Q about coercive control" in page.locator("#section-lessons").inner_text()

    panel = new_page()
    sign_in(panel, "panel@swp.example", DEMO_PASSWORD)
    panel.goto(f"{REPORT}/conclusions")
    assert "Edit this section" not in panel.content()
    panel.get_by_label("Paragraph (optional)").fill("17.9")
    panel.get_by_label("Comment").fill("Which agencies knew? Name them in this paragraph.")
    panel.get_by_role("button", name="Add comment").click()
    assert panel.title().startswith("Error:")
    assert panel.get_by_label("Comment").input_value() == "Which agencies knew? Name them in this paragraph."
    assert_accessible(panel, "72-comment-error")
    panel.get_by_label("Paragraph (optional)").fill("17.1")
    panel.get_by_role("button", name="Add comment").click()
    assert "Comment added" in panel.locator(".govuk-notification-banner").inner_text()
    panel.goto(href)
    assert "MARAC" in panel.locator("table").inner_text()
    assert_accessible(panel, "73-cited-chronology-row")

    page.goto(f"{REPORT}/conclusions")
    assert "Which agencies knew?" in page.content()
    assert_accessible(page, "74-section-comments")
    page.get_by_label(re.compile("How it was resolved")).first.fill("Named the police and the trust in 17.1")
    page.get_by_role("button", name=re.compile("^Resolve")).first.click()
    assert "Comment resolved" in page.locator(".govuk-notification-banner").inner_text()
    assert "Named the police and the trust in 17.1" in page.content()

    page.goto(REPORT)
    page.get_by_role("link", name="Check whether the report is ready for the Home Office").click()
    checks = page.locator(".govuk-task-list")
    assert "A tribute opens both reports" in checks.inner_text()
    assert checks.locator(".govuk-tag--green").count() >= 3
    assert checks.locator(".govuk-tag--red").count() >= 1  # e.g. section 6 is not written yet
    assert "Override this check" not in page.content()  # only the coordinator overrides
    assert_accessible(page, "75-readiness-checks")


def test_versions_can_be_saved_and_compared(page):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto(REPORT)
    page.get_by_label("What this version is for (optional)").fill("For panel meeting 4")
    page.get_by_role("button", name="Save as a new version").click()
    assert re.search(r"saved as v0\.\d", page.locator(".govuk-notification-banner").inner_text())
    page.get_by_role("link", name="Compare versions").click()
    page.locator("#old").select_option(label="v0.1")
    page.locator("#new").select_option(label="v0.2")
    page.get_by_role("button", name="Compare").click()
    assert page.locator("ins.dhr-ins").count() >= 1
    assert_accessible(page, "76-compare-versions")
