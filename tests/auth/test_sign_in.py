"""Sign-in, throttling, enumeration, open redirects and the session lifecycle (battery B and C)."""

import re

import pytest
from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.auth.models import SessionEndReason, UserSession
from dhr.extensions import db as _db
from dhr.permissions import Role
from tests.conftest import csrf_token
from tests.factories import PASSWORD, create_partnership, create_user


@pytest.fixture
def person(db):
    def _make():
        partnership = create_partnership()
        return create_user(partnership, Role.COORDINATOR, email="casey@example.test", name="Casey Jones")

    return db.run(_make)


def sign_in(client, email, password, next_url=None):
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": csrf_token(client), "email": email, "password": password})


def _error_text(response) -> str:
    html = response.get_data(as_text=True)
    html = re.sub(r'name="csrf_token" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_correct_password_signs_in_and_redirects_to_dashboard(client, person):
    response = sign_in(client, "casey@example.test", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Welcome, Casey Jones" in client.get("/").get_data(as_text=True)


def test_email_is_matched_case_insensitively_and_trimmed(client, person):
    assert sign_in(client, "  CASEY@Example.TEST ", PASSWORD).status_code == 302


def test_password_is_matched_exactly(client, person):
    assert sign_in(client, "casey@example.test", PASSWORD.upper()).status_code == 200
    assert sign_in(client, "casey@example.test", PASSWORD + " ").status_code == 200


def test_unknown_email_and_wrong_password_give_identical_pages(client, person):
    wrong = sign_in(client, "casey@example.test", "not-my-password")
    unknown = sign_in(client, "nobody@example.test", "not-my-password")
    assert wrong.status_code == unknown.status_code == 200
    assert "Enter a correct email address and password" in wrong.get_data(as_text=True)
    assert _error_text(wrong).replace("casey@", "X@") == _error_text(unknown).replace("nobody@", "X@")


def test_deactivated_and_invited_accounts_get_the_same_message(client, db):
    def _make():
        partnership = create_partnership()
        create_user(partnership, email="gone@example.test", active=False)
        create_user(partnership, email="invited@example.test", password=None)

    db.run(_make)
    for email in ("gone@example.test", "invited@example.test"):
        response = sign_in(client, email, PASSWORD)
        assert response.status_code == 200
        assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_failed_form_keeps_the_email_but_never_the_password(client, person):
    html = sign_in(client, "casey@example.test", "wrong-password-here").get_data(as_text=True)
    assert 'value="casey@example.test"' in html
    assert "wrong-password-here" not in html


def test_eleventh_attempt_in_five_minutes_is_not_evaluated(client, person):
    for _ in range(10):
        assert sign_in(client, "casey@example.test", "wrong-password").status_code == 200
    blocked = sign_in(client, "casey@example.test", PASSWORD)
    assert blocked.status_code == 429
    text = blocked.get_data(as_text=True)
    assert "too many times" in text
    assert "reset your password" in text


def test_throttle_is_per_account(client, person, db):
    db.run(lambda: create_user(create_partnership(), email="other@example.test"))
    for _ in range(10):
        sign_in(client, "casey@example.test", "wrong-password")
    assert sign_in(client, "other@example.test", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_throttle(new_client, person):
    for _ in range(12):
        assert sign_in(new_client(), "casey@example.test", PASSWORD).status_code == 302


def test_sign_in_failures_and_successes_are_audited_without_the_password(client, person, db):
    sign_in(client, "casey@example.test", "wrong-password-canary")
    sign_in(client, "casey@example.test", PASSWORD)
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.id))
    assert [e.action for e in events][-2:] == ["auth.sign_in_failed", "auth.signed_in"]
    assert all("wrong-password-canary" not in str(e.data) + e.summary for e in events)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/x",
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d%0a/evil.example",
        "%2F%2Fevil.example",
        "/ /evil.example",
    ],
)
def test_next_cannot_redirect_off_site(client, person, target):
    response = sign_in(client, "casey@example.test", PASSWORD, next_url=target)
    assert response.headers["Location"] == "/"


def test_next_returns_to_the_page_asked_for(client, person):
    assert client.get("/account").headers["Location"] == "/sign-in?next=/account"
    response = sign_in(client, "casey@example.test", PASSWORD, next_url="/account")
    assert response.headers["Location"] == "/account"


def test_sign_in_starts_a_fresh_session(client, person):
    """Fixation: whatever the session held before sign-in is gone afterwards, and the token is new."""
    with client.session_transaction() as session:
        session["planted"] = "attacker"
        session["_user_id"] = "attacker-chosen-token"
    sign_in(client, "casey@example.test", PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] != "attacker-chosen-token"
        assert len(session["_user_id"]) >= 40


def test_session_cookie_is_httponly_and_samesite(client, person):
    sign_in(client, "casey@example.test", PASSWORD)
    cookie = client.get_cookie("dhr_session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_cookie_replayed_after_sign_out_does_not_work(app, client, person):
    sign_in(client, "casey@example.test", PASSWORD)
    stolen = client.get_cookie("dhr_session").value
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    attacker = app.test_client()
    attacker.set_cookie("dhr_session", stolen)
    replay = attacker.get("/")
    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/sign-in")


def test_sign_out_needs_post_with_csrf(client, person):
    sign_in(client, "casey@example.test", PASSWORD)
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 400
    assert client.get("/").status_code == 200


def test_idle_timeout_signs_out_after_30_minutes(client, person, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    frozen_clock.advance(minutes=29, seconds=59)
    assert client.get("/").status_code == 200
    frozen_clock.advance(minutes=30, seconds=1)
    response = client.get("/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "had not done anything for 30 minutes" in page
    assert db.scalar(select(UserSession.end_reason)) is SessionEndReason.IDLE


def test_activity_keeps_the_session_alive_until_the_absolute_limit(client, person, frozen_clock):
    sign_in(client, "casey@example.test", PASSWORD)
    for _ in range(23):  # 23 x 31 minutes apart would time out; 25 minutes apart keeps it alive
        frozen_clock.advance(minutes=25)
        assert client.get("/").status_code == 200
    frozen_clock.advance(minutes=25)  # 24 x 25 min = 10 hours
    assert client.get("/").status_code == 200
    for _ in range(4):
        frozen_clock.advance(minutes=25)
        client.get("/")
    frozen_clock.advance(minutes=21)  # past 12 hours since sign-in
    assert client.get("/").status_code == 302


def test_twelve_hour_absolute_limit_boundary(client, person, frozen_clock):
    sign_in(client, "casey@example.test", PASSWORD)
    for _ in range(28):
        frozen_clock.advance(minutes=25, seconds=42)  # 28 x 25m42s = 11h59m36s
        assert client.get("/").status_code == 200
    frozen_clock.advance(seconds=25)  # 12h00m01s
    assert client.get("/").status_code == 302


def test_deactivation_ends_sessions_at_once(app, client, person, db, login_as):
    admin = db.run(lambda: create_user(_db.session.get(type(person), person.id).partnership, Role.ADMIN))
    sign_in(client, "casey@example.test", PASSWORD)
    assert client.get("/").status_code == 200
    admin_client = app.test_client()
    login_as(admin, admin_client)
    response = admin_client.post(f"/admin/users/{person.id}/deactivate", data={"csrf_token": csrf_token(admin_client)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    reasons = db.scalars(select(UserSession.end_reason).where(UserSession.user_id == person.id))
    assert reasons == [SessionEndReason.DEACTIVATED]


def test_every_open_session_counts(client, new_client, person, db):
    for _ in range(3):
        sign_in(new_client(), "casey@example.test", PASSWORD)
    open_sessions = db.scalar(select(func.count()).select_from(UserSession).where(UserSession.ended_at.is_(None)))
    assert open_sessions == 3


def test_control_characters_are_refused_not_a_server_error(client, person):
    for email in ("a\x00b@example.test", "casey@example.test\x07"):
        response = sign_in(client, email, PASSWORD)
        assert response.status_code == 200
        assert "must not contain unusual control characters" in response.get_data(as_text=True)


def test_session_past_the_absolute_limit_is_closed_and_audited(client, person, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    for _ in range(30):
        frozen_clock.advance(minutes=25)
        client.get("/")
    assert db.scalar(select(UserSession.end_reason)) is SessionEndReason.EXPIRED
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "auth.session_expired")) is not None


def test_change_password_is_throttled(client, person, login_as):
    login_as(person)
    for _ in range(10):
        response = client.post(
            "/account/change-password",
            data={"csrf_token": csrf_token(client), "current_password": "wrong", "password": "velvet-harbour-comet-88"},
        )
        assert response.status_code == 200
    response = client.post(
        "/account/change-password",
        data={"csrf_token": csrf_token(client), "current_password": PASSWORD, "password": "velvet-harbour-comet-88"},
    )
    assert response.status_code == 429
