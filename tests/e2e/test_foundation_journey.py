"""Foundation journeys in a real browser, every page checked with axe (WCAG 2.2 AA)."""

import re

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD, demo_logins
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser


def test_admin_journey_sign_in_dashboard_users_audit_sign_out(page):
    page.goto("/")
    assert page.url.endswith("/sign-in?next=/") or "/sign-in" in page.url
    assert_accessible(page, "01-sign-in")

    sign_in(page, "admin@swp.example", DEMO_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    expect(page.get_by_text("OFFICIAL-SENSITIVE").first).to_be_visible()
    assert "Safer Westminster Partnership" in page.locator(".govuk-generic-header").inner_text()
    assert_accessible(page, "02-dashboard-admin")

    page.get_by_role("link", name="Users", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Users"
    expect(page.get_by_role("link", name="Priya Shah")).to_be_visible()
    assert_accessible(page, "03-users")

    page.get_by_role("link", name="Audit log", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"
    expect(page.locator("table code", has_text="auth.signed_in").first).to_be_visible()
    assert_accessible(page, "04-audit-log")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/admin/users")
    assert "/sign-in" in page.url


def test_sign_in_error_state_is_accessible_and_focuses_the_summary(page):
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()
    title_starts(page, "Error: Sign in")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # waits for GOV.UK Frontend to move the focus, which it does once its script runs
    assert_accessible(page, "05-sign-in-errors")


def test_invite_form_errors_keep_what_was_typed(page):
    sign_in(page, "admin@swp.example", DEMO_PASSWORD)
    page.goto("/admin/users/invite")
    assert_accessible(page, "06-invite-user")
    page.get_by_label("Full name").fill("Morgan Reed")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_label("Full name").input_value() == "Morgan Reed"
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "07-invite-user-errors")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/agencies", "08-agencies"),
        ("/agencies/new", "09-add-agency"),
        ("/admin/settings", "10-settings"),
        ("/admin/outbox", "11-outbox"),
        ("/account", "12-account"),
        ("/account/change-password", "13-change-password"),
        ("/admin/users/2", "14-view-user"),
        ("/admin/users/2/edit", "15-edit-user"),
        ("/admin/users/2/deactivate", "16-deactivate-user"),
        ("/no-such-page", "17-not-found"),
    ],
)
def test_admin_pages_are_accessible(page, path, name):
    sign_in(page, "admin@swp.example", DEMO_PASSWORD)
    page.goto(path)
    assert_accessible(page, name)


@pytest.mark.parametrize(("email", "label"), demo_logins())
def test_every_demo_sign_in_works(page, email, label):
    sign_in(page, email, DEMO_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert re.search(r"Welcome, ", page.locator("main").inner_text())


def test_public_pages_are_accessible(page):
    page.goto("/forgot-password")
    assert_accessible(page, "18-forgot-password")
    page.goto("/accessibility")
    assert_accessible(page, "19-accessibility-statement")
    page.goto("/reset-password/expired-token")
    assert_accessible(page, "20-link-expired")


def test_board_member_is_refused_admin_pages_with_a_friendly_page(page):
    sign_in(page, "board@swp.example", DEMO_PASSWORD)
    response = page.goto("/admin/users")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have permission to see this page"
    assert_accessible(page, "21-forbidden")
