"""The idle-timeout warning in a real browser, on the page's own clock (Playwright's fake timers): it opens two
minutes before sign-out, passes axe, "Stay signed in" keeps the session, and when time runs out the typed text
comes back instead of being lost."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.reviews.queries import review_of_victim
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
TYPED = "Chased the Home Office about the six-month delay; typed while the phone rang"


@pytest.fixture
def letter_page(demo_app) -> str:
    with demo_app.app_context():
        partnership_id = db.session.scalar(select(Partnership.id).where(Partnership.reference_prefix == "SWP"))
        return f"/reviews/{review_of_victim(partnership_id, 'Adult Q').id}/correspondence/new"


def test_the_timeout_warning_keeps_the_session_and_then_the_typed_text(page, letter_page):
    page.clock.install()
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    page.goto(letter_page)
    page.get_by_label("Summary").fill(TYPED)
    warning = page.get_by_role("dialog")
    expect(warning).to_be_hidden()

    page.clock.fast_forward("28:05")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("heading")).to_have_text("You are about to be signed out")
    expect(warning).to_contain_text("2 minutes")
    assert_accessible(page, "149-session-timeout-warning")

    with page.expect_response(lambda response: "/session/keep-alive" in response.url) as answer:
        warning.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    expect(warning).to_be_hidden()
    expect(page.get_by_label("Summary")).to_have_value(TYPED)

    # Nobody touches the page again: when time runs out the text goes to the server to be kept, not saved.
    with page.expect_navigation():
        page.clock.fast_forward("31:00")
    expect(page.get_by_text("We have put back what you typed")).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value(TYPED)
    assert_accessible(page, "150-typed-text-put-back")
