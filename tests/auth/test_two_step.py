"""Two-step verification (battery B): who must use it, set-up with a server-drawn QR code, TOTP codes that work
once, recovery codes, throttling, the ten-minute wait, and an administrator's audited reset."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.auth import two_step
from dhr.auth.models import RecoveryCode, User, UserSession
from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.permissions import Role
from dhr.reviews.models import ReviewRole
from tests.conftest import csrf_token, start_session_cookie
from tests.factories import PASSWORD, create_agency, create_partnership, create_review, create_user

EMAIL = "casey@example.test"


@pytest.fixture
def enforced(app, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_STEP_REQUIRED", True)


@pytest.fixture
def people(db):
    def _make():
        partnership = create_partnership()
        agency = create_agency(partnership)
        coordinator = create_user(partnership, Role.COORDINATOR, email=EMAIL, name="Casey Jones")
        admin = create_user(partnership, Role.ADMIN, email="admin@example.test", name="Ada Admin")
        chair = create_user(partnership, email="chair@example.test", name="Chi Chair")
        contributor = create_user(partnership, email="police@example.test", name="Pat Police", agency=agency)
        board = create_user(partnership, Role.BOARD_MEMBER, email="board@example.test", name="Bo Board")
        create_review(
            partnership,
            coordinator=coordinator,
            chair=chair,
            members=[(contributor, ReviewRole.AGENCY_CONTRIBUTOR, agency)],
        )
        return {
            "partnership": partnership.id,
            **{u.email.split("@")[0]: u.id for u in (coordinator, admin, chair, contributor, board)},
        }

    return db.run(_make)


def _password(client, email=EMAIL):
    return client.post("/sign-in", data={"csrf_token": csrf_token(client), "email": email, "password": PASSWORD})


def _code(client, code, path="/sign-in/two-step"):
    return client.post(path, data={"csrf_token": csrf_token(client), "code": code})


def _secret(db, user_id) -> str:
    return db.scalar(select(User.totp_secret).where(User.id == user_id))


def _shown_key(html: str) -> str:
    """The key the set-up page shows for typing into an app, as the app would read it."""
    return re.search(r'id="setup-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def _set_up(client, db, user_id, frozen_clock, email=EMAIL) -> list[str]:
    """Sign in with the password, set up the app, and return the recovery codes shown."""
    assert _password(client, email).headers["Location"] == "/sign-in/set-up-two-step"
    key = _shown_key(client.get("/sign-in/set-up-two-step").get_data(as_text=True))
    code = pyotp.TOTP(key).at(frozen_clock())
    page = _code(client, code, "/sign-in/set-up-two-step")
    assert page.status_code == 200
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page.get_data(as_text=True))


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_a_coordinator_sets_up_at_first_sign_in_and_is_then_signed_in(client, people, enforced, frozen_clock, db):
    response = _password(client)
    assert response.headers["Location"] == "/sign-in/set-up-two-step"
    assert not _signed_in(client)

    page = client.get("/sign-in/set-up-two-step").get_data(as_text=True)
    secret = _shown_key(page)
    assert _secret(db, people["casey"]) is None  # not in the database until its first code confirms it
    assert "<svg" in page
    assert 'role="img"' in page
    assert two_step.spaced(secret) in page
    assert client.get("/sign-in/set-up-two-step").get_data(as_text=True).count(two_step.spaced(secret)) == 1

    wrong = _code(client, "000000", "/sign-in/set-up-two-step")
    assert "Enter the code your authenticator app shows now" in wrong.get_data(as_text=True)
    assert _shown_key(wrong.get_data(as_text=True)) == secret  # the same key, so the app already set up works

    page = _code(client, pyotp.TOTP(secret).at(frozen_clock()), "/sign-in/set-up-two-step")
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page.get_data(as_text=True))
    assert len(set(codes)) == len(codes) == 10
    assert _signed_in(client)
    assert db.scalar(select(UserSession.second_step)) == "totp"
    assert db.scalar(select(RecoveryCode.code_hash).limit(1)) not in codes  # only hashes are kept
    assert "auth.two_step_set_up" in set(db.scalars(select(AuditEvent.action)))


def test_the_code_is_needed_at_every_sign_in_and_works_only_once(client, app, people, enforced, frozen_clock, db):
    _set_up(client, db, people["casey"], frozen_clock)
    frozen_clock.advance(seconds=60)
    code = pyotp.TOTP(_secret(db, people["casey"])).at(frozen_clock())

    second = app.test_client()
    assert _password(second).headers["Location"] == "/sign-in/two-step"
    assert not _signed_in(second)
    assert _code(second, code).status_code == 302
    assert _signed_in(second)

    third = app.test_client()
    _password(third)
    replay = _code(third, code)
    assert replay.status_code == 200
    assert "Enter a correct security code" in replay.get_data(as_text=True)
    assert not _signed_in(third)


def test_a_phone_clock_one_step_out_is_allowed_and_two_steps_out_is_not(
    client, app, people, enforced, frozen_clock, db
):
    _set_up(client, db, people["casey"], frozen_clock)
    totp = pyotp.TOTP(_secret(db, people["casey"]))
    frozen_clock.advance(minutes=5)
    far = app.test_client()
    _password(far)
    assert _code(far, totp.at(frozen_clock() + timedelta(seconds=65))).status_code == 200
    near = app.test_client()
    _password(near)
    assert _code(near, totp.at(frozen_clock() + timedelta(seconds=30))).status_code == 302


def test_a_recovery_code_signs_in_once(client, app, people, enforced, frozen_clock, db):
    codes = _set_up(client, db, people["casey"], frozen_clock)
    first = app.test_client()
    _password(first)
    assert _code(first, codes[0].upper().replace("-", " ")).status_code == 302
    assert db.scalar(select(UserSession.second_step).order_by(UserSession.id.desc()).limit(1)) == "recovery_code"
    again = app.test_client()
    _password(again)
    assert _code(again, codes[0]).status_code == 200
    assert not _signed_in(again)


def test_wrong_codes_are_throttled_per_person(client, people, enforced, frozen_clock, db):
    _set_up(client, db, people["casey"], frozen_clock)
    frozen_clock.advance(minutes=1)
    client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    _password(client)
    for _ in range(5):
        assert _code(client, "123456").status_code == 200
    right = pyotp.TOTP(_secret(db, people["casey"])).at(frozen_clock())
    assert _code(client, right).status_code == 429
    failures = db.scalars(select(AuditEvent.action).where(AuditEvent.action == "auth.two_step_failed"))
    assert len(failures) == 5


def test_the_second_step_must_follow_the_password_within_ten_minutes(client, people, enforced, frozen_clock, db):
    _set_up(client, db, people["casey"], frozen_clock)
    client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    frozen_clock.advance(minutes=1)
    _password(client)
    token = csrf_token(client)
    frozen_clock.advance(minutes=10, seconds=1)
    code = pyotp.TOTP(_secret(db, people["casey"])).at(frozen_clock())
    late = client.post("/sign-in/two-step", data={"csrf_token": token, "code": code})
    assert late.headers["Location"] == "/sign-in"
    assert not _signed_in(client)
    assert client.get("/sign-in/two-step").headers["Location"] == "/sign-in"  # no password step, no code page


@pytest.mark.parametrize(
    ("who", "must"),
    [("casey", True), ("admin", True), ("chair", True), ("police", False), ("board", False)],
)
def test_who_must_use_two_step_verification(db, people, who, must):
    assert db.run(lambda: two_step.required(_db.session.get(User, people[who]))) is must


def test_a_partnership_can_require_it_of_everyone(client, db, people, enforced):
    def _everyone():
        _db.session.get(Partnership, people["partnership"]).two_step_for_everyone = True

    assert _password(client, "police@example.test").headers["Location"] == "/"
    client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    db.run(_everyone)
    assert _password(client, "police@example.test").headers["Location"] == "/sign-in/set-up-two-step"


def test_the_admin_settings_page_turns_it_on_for_everyone(client, db, people, login_as):
    login_as(_db_user(db, people["admin"]))
    page = client.get("/admin/settings").get_data(as_text=True)
    fields = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    fields.update({"csrf_token": csrf_token(client), "review_label": "DARDR", "two_step_for_everyone": "y"})
    fields.pop("submit", None)
    assert client.post("/admin/settings", data=fields).status_code == 302
    assert db.scalar(select(Partnership.two_step_for_everyone).where(Partnership.id == people["partnership"]))


def _db_user(db, user_id):
    return db.run(lambda: _db.session.get(User, user_id))


def test_without_the_requirement_only_people_who_set_it_up_need_a_code(client, app, people, frozen_clock, db):
    assert _password(client).headers["Location"] == "/"  # TWO_STEP_REQUIRED is off in this test
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "Set up two-step verification" in page
    secret = _shown_key(page)
    shown = _code(client, pyotp.TOTP(secret).at(frozen_clock()), "/account/two-step")
    assert len(re.findall(r"<li><code>", shown.get_data(as_text=True))) == 10
    assert "Two-step verification is on" in client.get("/account/two-step").get_data(as_text=True)

    frozen_clock.advance(minutes=1)
    later = app.test_client()
    assert _password(later).headers["Location"] == "/sign-in/two-step"


def test_new_recovery_codes_replace_the_old_ones(client, app, people, enforced, frozen_clock, db):
    old = _set_up(client, db, people["casey"], frozen_clock)
    page = client.post("/account/recovery-codes", data={"csrf_token": csrf_token(client)})
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page.get_data(as_text=True))
    assert len(new) == 10
    assert not set(new) & set(old)
    other = app.test_client()
    _password(other)
    assert _code(other, old[1]).status_code == 200
    assert _code(other, new[1]).status_code == 302


def test_an_administrators_reset_is_audited_and_ends_the_persons_sessions(
    app, client, people, enforced, frozen_clock, db
):
    _set_up(client, db, people["casey"], frozen_clock)
    assert _signed_in(client)
    admin = app.test_client()
    start_session_cookie(admin, db, _db_user(db, people["admin"]))
    page = f"/admin/users/{people['casey']}"
    assert "Reset two-step verification" in admin.get(page).get_data(as_text=True)
    done = admin.post(f"{page}/reset-two-step", data={"csrf_token": csrf_token(admin)})
    assert done.status_code == 302

    assert not _signed_in(client)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "auth.two_step_reset"))
    assert event.data["sessions_ended"] == 1
    assert db.scalar(select(RecoveryCode.id).limit(1)) is None
    assert _password(app.test_client()).headers["Location"] == "/sign-in/set-up-two-step"


def test_another_partnerships_administrator_cannot_reset(app, people, db):
    def _other_admin():
        return create_user(create_partnership(prefix="OTH"), Role.ADMIN, email="oth@example.test")

    other = app.test_client()
    start_session_cookie(other, db, db.run(_other_admin))
    page = f"/admin/users/{people['casey']}/reset-two-step"
    assert other.get(page).status_code == 404
    assert other.post(page, data={"csrf_token": csrf_token(other)}).status_code == 404


@pytest.mark.parametrize("code", ["١٢٣٤٥٦", "１２３４５６", "12345６", "-" * 6, "x" * 500])
def test_odd_codes_are_wrong_codes_not_errors(client, people, enforced, frozen_clock, db, code):
    _set_up(client, db, people["casey"], frozen_clock)
    client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    frozen_clock.advance(minutes=1)
    _password(client)
    response = _code(client, code)
    assert response.status_code == 200
    assert "Enter a correct security code" in response.get_data(as_text=True)


def test_every_code_counts_before_it_is_checked(client, people, enforced, frozen_clock, db):
    """Right codes use the allowance too, so guesses sent at once cannot all pass the check before any counts."""
    _set_up(client, db, people["casey"], frozen_clock)
    for _ in range(5):
        client.post("/sign-out", data={"csrf_token": csrf_token(client)})
        frozen_clock.advance(seconds=31)
        _password(client)
        assert _code(client, pyotp.TOTP(_secret(db, people["casey"])).at(frozen_clock())).status_code == 302
    client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    frozen_clock.advance(seconds=31)
    _password(client)
    assert _code(client, pyotp.TOTP(_secret(db, people["casey"])).at(frozen_clock())).status_code == 429
