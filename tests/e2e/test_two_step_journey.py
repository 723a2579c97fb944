"""Two-step verification in a real browser, with axe: set up from the account page with the server-drawn QR code's
key, save the recovery codes, then sign in again with a recovery code. The person is reset afterwards, as the
demo is shared with the other journeys."""

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dhr.auth import two_step
from dhr.auth.models import User
from dhr.extensions import db
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser
EMAIL = "ambulance@swp.example"


@pytest.fixture
def reset_afterwards(demo_app):
    yield
    with demo_app.app_context():
        person = db.session.scalar(select(User).where(User.email == EMAIL))
        two_step.reset(person, actor=person)
        db.session.commit()


def test_set_up_two_step_verification_then_sign_in_with_a_recovery_code(page, reset_afterwards):
    sign_in(page, EMAIL, DEMO_PASSWORD)
    page.goto("/account")
    page.get_by_role("link", name="Set up two-step verification").click()
    title_starts(page, "Set up two-step verification")
    expect(page.get_by_role("img", name="QR code to add DHR Case Manager to your authenticator app")).to_be_visible()
    assert_accessible(page, "151-set-up-two-step")

    key = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", name="Two-step verification is set up")).to_be_visible()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "152-recovery-codes")
    page.get_by_role("button", name="I have saved my codes: continue").click()
    title_starts(page, "Your account")

    page.get_by_role("button", name="Sign out").first.click()
    sign_in(page, EMAIL, DEMO_PASSWORD)
    title_starts(page, "Enter your security code")
    assert_accessible(page, "153-enter-security-code")
    page.get_by_label("Security code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Enter your security code")
    assert "/sign-in" not in page.url


def test_an_administrator_sees_how_people_sign_in_and_the_councils_provider(page):
    sign_in(page, "admin@swp.example", DEMO_PASSWORD)
    page.goto("/admin/settings")
    page.get_by_role("link", name="How people sign in").click()
    title_starts(page, "How people sign in")
    expect(page.locator("#providers")).to_contain_text("Westminster City Council")
    assert_accessible(page, "154-how-people-sign-in")
    page.get_by_role("link", name="Westminster City Council").click()
    title_starts(page, "Change Westminster City Council")
    expect(page.locator("#redirect-uri")).to_contain_text("/sign-in/organisation/callback")
    expect(page.get_by_label("Client secret")).to_have_value("")  # the saved secret is never sent back
    assert_accessible(page, "155-sign-in-provider")


def test_the_organisation_sign_in_page_explains_an_unknown_domain(page):
    page.goto("/sign-in/organisation")
    assert_accessible(page, "156-sign-in-with-your-organisation")
    page.get_by_label("Work email address").fill("someone@no-provider.example")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("does not sign in to DHR Case Manager this way")
