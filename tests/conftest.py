"""Fixtures: app, db (rollback per test), client, client_request, login_as, frozen clock.

The database leg is chosen with --db=sqlite (a temporary file) or --db=postgres (a throwaway
database on DATABASE_URL's server or 127.0.0.1:5432, dropped afterwards). Migrations build the
schema, so every run also proves the migrations on that engine.
"""

import contextlib
import os
import re
import secrets
import select
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import make_url

from config import TestConfig
from dhr import create_app
from dhr.core import clock
from dhr.extensions import db as _db
from dhr.extensions import limiter

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _sleep_without_an_absolute_deadline(seconds: float) -> None:
    """time.sleep by select(), whose timeout is relative."""
    select.select([], [], [], seconds)


if os.environ.get("FAKETIME"):
    # Under libfaketime (tools/test-at-dates.sh) with real monotonic time, Python's time.sleep asks
    # clock_nanosleep for an absolute monotonic deadline, which libfaketime shifts by the fake offset and the
    # kernel refuses (EINVAL). Faking monotonic time instead hangs thread waits (sem_clockwait is not wrapped).
    time.sleep = _sleep_without_an_absolute_deadline


def pytest_addoption(parser):
    parser.addoption("--db", choices=["sqlite", "postgres"], default="sqlite", help="database engine for the suite")


def pytest_report_header(config):
    return f"database leg: {config.getoption('--db')}"


def pytest_sessionfinish(session, exitstatus):
    """Under CI nothing may be skipped: a skip there hides a missing install step."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped:
        reporter.write_line(f"CI=true: {skipped} test(s) were skipped, which CI does not allow", red=True)
        session.exitstatus = 1


def _server_url() -> str:
    return os.environ.get("DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def _throwaway_postgres():
    """Create a uniquely named database on the server, yield its URL, then drop it."""
    import psycopg

    server = make_url(_server_url()).set(drivername="postgresql+psycopg")
    admin_dsn = server.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    name = f"dhr_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL is not reachable at {server.host or 'localhost'}:{server.port or 5432} ({exc})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message + "; the PostgreSQL leg is skipped on this machine")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def _throwaway_sqlite():
    folder = tempfile.mkdtemp(prefix="dhr-test-")
    try:
        yield f"sqlite:///{Path(folder) / 'test.sqlite'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def database_url(request):
    """A fresh, empty database for this test run."""
    maker = _throwaway_postgres if request.config.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url:
        yield url


def make_test_app(database_url: str, **overrides):
    """An app on the given database with test settings (CSRF stays on)."""

    class Settings(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    for key, value in overrides.items():
        setattr(Settings, key, value)  # before create_app, so engine options take effect
    return create_app(Settings)


@pytest.fixture(scope="session")
def app(database_url):
    """The application, with the schema built by running every migration."""
    app = make_test_app(database_url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()


class _BoundSession(FlaskSession):
    """Every request's session uses the test's one connection, so the whole test rolls back."""

    def get_bind(self, *args, **kwargs):
        return self.bind


def reset_rate_limits() -> None:
    """Empty the rate limiter's counters once its expiry thread has finished.

    limits' memory storage sweeps expired keys on a timer thread that reads the dicts reset()
    clears, so a reset mid-sweep raises KeyError in that thread and fails whichever test is running.
    """
    timer = getattr(limiter.storage, "timer", None)
    if timer is not None:
        timer.cancel()
        timer.join()
    limiter.reset()


class TestDatabase:
    """The test's connection, with helpers to look at the database between requests."""

    def __init__(self, app, connection):
        self.app = app
        self.connection = connection

    @contextlib.contextmanager
    def cell(self):
        """A savepoint for one access-matrix cell: whatever the request did is undone afterwards."""
        savepoint = self.connection.begin_nested()
        reset_rate_limits()
        try:
            yield
        finally:
            if savepoint.is_active:
                savepoint.rollback()

    def run(self, fn, *args, **kwargs):
        """Call fn inside a fresh app context and commit; returns its result."""
        with self.app.app_context():
            result = fn(*args, **kwargs)
            _db.session.commit()
            return result

    def scalar(self, statement):
        """One value from a query, in a fresh app context."""
        with self.app.app_context():
            return _db.session.scalar(statement)

    def scalars(self, statement) -> list:
        """All values from a query, in a fresh app context."""
        with self.app.app_context():
            return list(_db.session.scalars(statement))


@pytest.fixture
def db(app):
    """Roll back everything the test did, including commits made by the app."""
    with app.app_context():
        connection = _db.engine.connect()
    transaction = connection.begin()
    original = _db.session
    _db.session = _db._make_scoped_session(
        {
            "class_": _BoundSession,
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
            "expire_on_commit": False,
        }
    )
    reset_rate_limits()
    try:
        yield TestDatabase(app, connection)
    finally:
        with app.app_context():
            _db.session.remove()
        _db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app, db):
    """A test client whose requests run against the rolled-back test database."""
    return app.test_client()


@pytest.fixture
def new_client(app, db):
    """Make further independent clients (another browser), for multi-user tests."""
    return app.test_client


class FrozenClock:
    """A controllable clock patched over dhr.core.clock.now."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **kwargs) -> None:
        """Move time forward, e.g. advance(minutes=31)."""
        self.current += timedelta(**kwargs)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Freeze time at 10:00 UTC on 25 November 2026; tests move it with .advance()."""
    fake = FrozenClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", fake)
    return fake


def start_session_cookie(test_client, db: TestDatabase, user) -> str:
    """Sign a client in as a user without the form: a real server-side session, set in the cookie."""
    from dhr.auth.models import User
    from dhr.auth.sessions import start_session

    def _start():
        return start_session(_db.session.get(User, user.id), remote_addr="127.0.0.1", user_agent="pytest")

    token = db.run(_start)
    with test_client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
        session["seen"] = clock.now().timestamp()
    return token


@pytest.fixture
def login_as(client, db):
    """login_as(user) signs the default client in; login_as(user, other_client) signs in another one."""

    def _login(user, test_client=None):
        return start_session_cookie(test_client or client, db, user)

    return _login


def csrf_token(test_client) -> str:
    """A CSRF token for the client's session, read from a page that carries one."""
    for path in ("/account", "/sign-in"):
        response = test_client.get(path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError("no page offered a CSRF token")


def check_page(html: str, service_name: str = "DHR Case Manager") -> BeautifulSoup:
    """Structural checks every rendered page must pass (N1): one h1, title pattern, unique ids, CSRF on POST forms."""
    page = BeautifulSoup(html, "html.parser")
    assert page.html is not None
    assert page.html.get("lang") == "en", "html lang must be en"
    h1s = page.find_all("h1")
    assert len(h1s) == 1, f"expected exactly one h1, found {len(h1s)}"
    title = page.title.get_text(" ", strip=True)
    heading = " ".join(h1s[0].get_text(" ", strip=True).split())
    bare_title = title.removeprefix("Error: ")
    assert bare_title.startswith(heading) or heading.startswith(bare_title.split(" – ")[0]), (title, heading)
    assert title.endswith(service_name), title
    ids = [tag["id"] for tag in page.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in page.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), "POST form without a CSRF token"
    for field in page.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit"}:
            continue
        has_label = field.get("id") and page.find("label", attrs={"for": field["id"]})
        assert has_label or field.get("aria-label"), f"unlabelled field {field.get('name')}"
    return page


@pytest.fixture
def client_request(client):
    """get/post by URL with an expected status; returns the parsed page after the N1 checks."""

    class ClientRequest:
        def get(self, url: str, expected_status: int = 200, follow_redirects: bool = False) -> BeautifulSoup:
            response = client.get(url, follow_redirects=follow_redirects)
            assert response.status_code == expected_status, (url, response.status_code)
            return check_page(response.get_data(as_text=True))

        def post(self, url: str, data: dict | None = None, expected_status: int = 302, expected_redirect=None):
            payload = {"csrf_token": csrf_token(client), **(data or {})}
            response = client.post(url, data=payload)
            assert response.status_code == expected_status, (url, response.status_code)
            if expected_redirect is not None:
                assert response.headers["Location"] == expected_redirect
            if response.status_code == 200:
                return check_page(response.get_data(as_text=True))
            return response

    return ClientRequest()
