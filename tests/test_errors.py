"""GOV.UK error pages for every error class; no traceback, SQL or path ever leaks (battery I)."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.permissions import Role
from tests.conftest import check_page, csrf_token
from tests.factories import create_agency, create_partnership, create_user

LEAKS = ("Traceback", 'File "', "sqlalchemy", "SELECT ", "/work/", "site-packages", "werkzeug")


def _assert_clean(response, status, heading):
    html = response.get_data(as_text=True)
    assert response.status_code == status
    page = check_page(html)
    assert page.h1.get_text(strip=True) == heading
    assert not [leak for leak in LEAKS if leak in html]
    return html


def test_404(client):
    _assert_clean(client.get("/no-such-page"), 404, "Page not found")


def test_405(client):
    _assert_clean(client.put("/sign-in"), 405, "Page not found")


def test_403_is_friendly_and_audited(client, db, login_as):
    user = db.run(lambda: create_user(create_partnership(), Role.BOARD_MEMBER))
    login_as(user)
    _assert_clean(client.get("/admin/users"), 403, "You do not have permission to see this page")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert event.actor_id == user.id
    assert "/admin/users" in event.summary


def test_413(app, client):
    response = client.post("/sign-in", data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    _assert_clean(response, 413, "The file or form you sent is too large")


def test_429_sign_in_page_explains_what_to_do(client):
    for _ in range(10):
        client.post("/sign-in", data={"csrf_token": csrf_token(client), "email": "a@example.test", "password": "b"})
    html = _assert_clean(
        client.post("/sign-in", data={"csrf_token": csrf_token(client), "email": "a@example.test", "password": "b"}),
        429,
        "You have tried too many times",
    )
    assert "Wait 5 minutes" in html


def test_500_shows_an_incident_reference_and_rolls_back(app, client, db, login_as, monkeypatch, caplog):
    from dhr.agencies import services

    admin = db.run(lambda: create_user(create_partnership(), Role.ADMIN))
    login_as(admin)

    def explode(agency, *args, **kwargs):
        from dhr.extensions import db as _db

        _db.session.add(
            Agency(partnership_id=agency.partnership_id, code="HALF", name="Half-written", kind=agency.kind)
        )
        _db.session.flush()
        raise KeyError("simulated failure with a secret-canary value")

    agency = db.run(lambda: create_agency(_partnership_of(admin)))
    monkeypatch.setattr(services, "update_agency", explode)
    response = client.post(
        f"/agencies/{agency.id}/edit",
        data={"csrf_token": csrf_token(client), "name": "X", "code": "ABC", "kind": "police"},
    )
    html = _assert_clean(response, 500, "Sorry, there is a problem with the service")
    assert "secret-canary" not in html
    incident = html.split("incident reference <strong>")[1].split("<")[0]
    assert f"incident {incident}" in caplog.text
    assert db.scalar(select(Agency).where(Agency.code == "HALF")) is None


def _partnership_of(user):
    from dhr.auth.models import User
    from dhr.extensions import db as _db

    return _db.session.get(User, user.id).partnership


def test_database_unavailable_gives_503(client, db, login_as, monkeypatch):
    from dhr.dashboard import views

    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))

    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT secret", {}, Exception("connection refused"))

    monkeypatch.setattr(views, "_admin_summary", unreachable)
    _assert_clean(client.get("/"), 503, "Sorry, the service is unavailable")


def test_health_reports_the_database(client):
    assert client.get("/health").get_json() == {"status": "ok", "database": "ok"}


def test_csrf_failure_shows_what_was_typed_except_passwords(client, db, login_as):
    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    response = client.post(
        "/agencies/new",
        data={
            "csrf_token": "expired-or-forged",
            "name": "Typed Agency Name",
            "code": "TYPED",
            "kind": "police",
            "password": "never-shown",
        },
    )
    html = _assert_clean(response, 400, "Your form could not be sent")
    assert "Typed Agency Name" in html
    assert "TYPED" in html
    assert "never-shown" not in html
    assert 'href="/agencies/new"' in html


def test_csrf_missing_token_is_refused_on_every_post(client, db, login_as):
    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    assert client.post("/agencies/new", data={"name": "A", "code": "B", "kind": "police"}).status_code == 400


def test_csrf_token_from_another_session_is_refused(app, client, db, login_as):
    admin = db.run(lambda: create_user(create_partnership(), Role.ADMIN))
    login_as(admin)
    other = app.test_client()
    login_as(admin, other)
    foreign_token = csrf_token(other)
    response = client.post(
        "/agencies/new", data={"csrf_token": foreign_token, "name": "A", "code": "B", "kind": "police"}
    )
    assert response.status_code == 400


def test_expired_csrf_token_is_refused(client, db, login_as, monkeypatch):
    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    token = csrf_token(client)
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 13 * 3600)
    response = client.post("/agencies/new", data={"csrf_token": token, "name": "A", "code": "B", "kind": "police"})
    assert response.status_code == 400
    assert "Your form could not be sent" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", [400, 403, 404, 409, 413, 429, 500, 503])
def test_every_error_template_renders(app, status):
    from dhr.errors import _render

    with app.test_request_context("/"):
        html, code = _render(status)
    assert code == status
    check_page(html)
