"""Security headers on every response, for every kind of page (battery D3, D4, D5)."""

import re

import pytest

from dhr.permissions import Role
from tests.factories import create_partnership, create_user

PAGES = [
    "/",
    "/sign-in",
    "/health",
    "/accessibility",
    "/admin/users",
    "/agencies",
    "/admin/audit-log",
    "/admin/outbox",
    "/admin/settings",
    "/account",
    "/no-such-page",
    "/admin/users/999999",
]


@pytest.fixture
def admin_client(client, db, login_as):
    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    return client


def _assert_headers(response, authenticated_page=True):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_\-]{16,}'", csp)
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Server" not in headers
    if authenticated_page:
        assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", PAGES)
def test_headers_on_every_page(admin_client, path):
    _assert_headers(admin_client.get(path))


def test_headers_on_static_files_without_no_store(client):
    response = client.get("/static/does-not-exist.css")
    _assert_headers(response, authenticated_page=False)


def test_every_inline_script_carries_this_responses_nonce(admin_client):
    response = admin_client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.get_data(as_text=True))
    assert scripts
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts)


def test_nonce_changes_on_every_response(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_only_in_production(app):
    from dhr import create_app
    from dhr.extensions import db as _db
    from tests.conftest import make_test_app

    assert "Strict-Transport-Security" not in app.test_client().get("/health").headers
    prod = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], HSTS=True)
    try:
        assert prod.test_client().get("/sign-in").headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains"
        )
    finally:
        # The sign-in page reads the database (the single sign-on choices), so this app's pool holds a connection:
        # close it, or the collector finds it open at the end of the run and PostgreSQL's driver warns.
        with prod.app_context():
            _db.engine.dispose()
    assert create_app  # the factory itself is what production uses


def test_trace_and_unknown_methods_are_refused(client):
    assert client.open("/sign-in", method="TRACE").status_code == 405
    assert client.delete("/").status_code == 405


@pytest.mark.parametrize(
    "path", ["/.git/HEAD", "/static/../config.py", "/config.py", "/console", "/instance/dhr.sqlite"]
)
def test_no_source_or_debug_paths(client, path):
    assert client.get(path).status_code == 404
