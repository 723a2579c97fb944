"""Nothing typed is lost to the idle timeout: a form sent after the session ended is kept for its author and put
back after they sign in again; the timeout warning's "Stay signed in" restarts the idle timer."""

import re

import pytest
from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.auth.models import KeptForm
from dhr.correspondence.models import CorrespondenceEntry
from dhr.duties.models import Duty
from dhr.duties.seed import seed_register
from dhr.extensions import db as _db
from dhr.jobs.daily import DAILY
from dhr.partnerships.models import Partnership
from dhr.permissions import Role
from dhr.reviews.models import Review
from tests.auth.test_sign_in import sign_in
from tests.conftest import csrf_token
from tests.factories import PASSWORD, create_partnership, create_review, create_user

TYPED = "Letter to the Home Office about the delay, typed for forty minutes"


@pytest.fixture
def world(db):
    def _make():
        partnership = create_partnership()
        coordinator = create_user(partnership, Role.COORDINATOR, email="casey@example.test", name="Casey Jones")
        create_user(partnership, Role.COORDINATOR, email="other@example.test", name="Olu Other")
        review = create_review(partnership, coordinator=coordinator)
        seed_register(partnership)
        duty = _db.session.scalar(select(Duty).where(Duty.partnership_id == partnership.id).limit(1))
        return {"review": review.id, "duty": duty.id}

    return db.run(_make)


def _page(world) -> str:
    return f"/reviews/{world['review']}/correspondence/new"


def _letter(client, world, **extra) -> dict:
    return {
        "csrf_token": csrf_token(client),
        "dhr_page": _page(world),
        "direction": "sent",
        "counterpart": "home_office",
        "subject": "delay",
        "method": "email",
        "occurred_on": ["1", "11", "2026"],
        "summary": TYPED,
        **extra,
    }


def _shown(html: str) -> bool:
    return TYPED in html and "We have put back what you typed" in html


def test_a_form_sent_after_the_idle_timeout_is_kept_and_put_back_after_sign_in(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    assert client.get(_page(world)).status_code == 200
    data = _letter(client, world)  # the token is read from a page, which must happen before the timeout
    frozen_clock.advance(minutes=31)

    sent = client.post(_page(world), data=data)

    assert sent.status_code == 302
    assert sent.headers["Location"].startswith("/sign-in?next=")
    assert "correspondence/new" in sent.headers["Location"]
    assert db.scalar(select(func.count()).select_from(CorrespondenceEntry)) == 0  # kept, not acted on
    assert "We have kept what you typed" in client.get(sent.headers["Location"]).get_data(as_text=True)

    credentials = {"csrf_token": csrf_token(client), "email": "casey@example.test", "password": PASSWORD}
    back = client.post(sent.headers["Location"], data=credentials)
    assert back.headers["Location"] == _page(world)
    assert _shown(client.get(_page(world)).get_data(as_text=True))
    assert not _shown(client.get(_page(world)).get_data(as_text=True))  # used once
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 0
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"auth.form_kept", "auth.form_restored"} <= actions


def test_the_kept_text_saves_normally_once_put_back(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    data = _letter(client, world)
    frozen_clock.advance(minutes=31)
    client.post(_page(world), data=data)
    sign_in(client, "casey@example.test", PASSWORD)
    html = client.get(_page(world)).get_data(as_text=True)
    assert _shown(html)
    saved = client.post(_page(world), data=_letter(client, world))
    assert saved.status_code == 302, re.findall(r"Error:</span>([^<]*)", saved.get_data(as_text=True))
    assert db.scalar(select(CorrespondenceEntry.summary)) == TYPED


def test_kept_text_is_only_for_its_author_and_expires(client, app, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    data = _letter(client, world)
    frozen_clock.advance(minutes=31)
    client.post(_page(world), data=data)

    other = app.test_client()
    sign_in(other, "other@example.test", PASSWORD)
    assert not _shown(other.get(_page(world)).get_data(as_text=True))

    frozen_clock.advance(hours=24, minutes=1)
    sign_in(client, "casey@example.test", PASSWORD)
    assert not _shown(client.get(_page(world)).get_data(as_text=True))
    partnership_id = db.scalar(select(Review.partnership_id).where(Review.id == world["review"]))
    assert db.run(lambda: DAILY["expire-kept-forms"](_db.session.get(Partnership, partnership_id), None)) == {
        "kept form texts deleted": 1
    }
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 0


def test_a_form_sent_after_the_twelve_hour_limit_is_kept_too(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    for _ in range(28):  # active every 25 minutes until nearly 12 hours
        frozen_clock.advance(minutes=25)
        client.get("/")
    data = _letter(client, world)
    frozen_clock.advance(minutes=25)
    sent = client.post(_page(world), data=data)
    assert sent.headers["Location"].startswith("/sign-in?next=")
    sign_in(client, "casey@example.test", PASSWORD)
    assert _shown(client.get(_page(world)).get_data(as_text=True))


def test_a_forged_or_pageless_post_keeps_nothing(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    forged, pageless = (
        _letter(client, world, csrf_token="forged"),
        _letter(client, world, dhr_page="https://evil.example/x"),
    )
    frozen_clock.advance(minutes=31)
    assert client.post(_page(world), data=forged).status_code == 400
    client.post(_page(world), data=pageless)
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 0


def test_the_timeout_scripts_post_is_kept_not_acted_on_while_another_tab_kept_the_session(client, world, db):
    sign_in(client, "casey@example.test", PASSWORD)
    sent = client.post(_page(world), data=_letter(client, world, dhr_timed_out="1"))
    assert sent.status_code == 302
    assert sent.headers["Location"] == _page(world)
    assert db.scalar(select(func.count()).select_from(CorrespondenceEntry)) == 0
    assert _shown(client.get(_page(world)).get_data(as_text=True))


def test_an_edit_form_shows_the_kept_text_not_the_record(client, world, frozen_clock, db):
    page = f"/duties/{world['duty']}/edit"
    sign_in(client, "casey@example.test", PASSWORD)
    html = client.get(page).get_data(as_text=True)
    fields = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', html))
    # Only two fields sent: the rest of the form keeps what the record says, never blanks.
    data = {"csrf_token": csrf_token(client), "dhr_page": page, "notes": TYPED, "owner_officer": "Priya"}
    frozen_clock.advance(minutes=31)
    client.post(page, data=data)
    sign_in(client, "casey@example.test", PASSWORD)
    html = client.get(page).get_data(as_text=True)
    assert TYPED in html
    assert 'value="Priya"' in html
    assert fields["due_day"]
    assert re.search(rf'name="due_day"[^>]*value="{fields["due_day"]}"', html)
    assert db.scalar(select(Duty.notes).where(Duty.id == world["duty"])) != TYPED


def test_stay_signed_in_restarts_the_idle_timer(client, world, frozen_clock):
    sign_in(client, "casey@example.test", PASSWORD)
    token = csrf_token(client)
    frozen_clock.advance(minutes=28)
    assert client.post("/session/keep-alive", data={"csrf_token": token}).status_code == 204
    frozen_clock.advance(minutes=28)
    assert client.get("/").status_code == 200
    frozen_clock.advance(minutes=31)
    assert client.post("/session/keep-alive", data={"csrf_token": token}).status_code == 302


def test_signed_in_pages_carry_the_warning_and_its_script_under_the_nonce(client, world):
    assert 'id="dhr-timeout"' not in client.get("/sign-in").get_data(as_text=True)
    sign_in(client, "casey@example.test", PASSWORD)
    response = client.get("/")
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert 'data-idle-seconds="1800"' in html
    assert 'data-warn-seconds="120"' in html
    assert f'nonce="{nonce}" src="/static/js/session-timeout.js"' in html
    assert "<script>" not in html


def test_passwords_and_secrets_are_never_kept(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    token = csrf_token(client)
    frozen_clock.advance(minutes=31)
    # The change-password form leaves its page out, so nothing is kept; a forged page still keeps no secret.
    client.post("/account/change-password", data={"csrf_token": token, "current_password": PASSWORD, "password": "x"})
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 0
    sign_in(client, "casey@example.test", PASSWORD)
    token = csrf_token(client)
    frozen_clock.advance(minutes=31)
    data = {"csrf_token": token, "dhr_page": _page(world), "summary": TYPED, "password": PASSWORD, "client_secret": "s"}
    client.post(_page(world), data=data)
    kept = db.scalar(select(KeptForm.fields))
    assert kept == [["summary", TYPED]]


def test_a_post_with_nothing_typed_keeps_nothing(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    token = csrf_token(client)
    frozen_clock.advance(minutes=31)
    client.post("/sign-out", data={"csrf_token": token, "dhr_page": f"/duties/{world['duty']}/edit"})
    client.post(_page(world), data={"csrf_token": token, "dhr_page": _page(world), "summary": " ", "submit": "Save"})
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 0


def test_a_form_from_another_tab_after_the_timeout_is_still_kept(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    data = _letter(client, world)
    frozen_clock.advance(minutes=31)
    assert client.get("/").headers["Location"].startswith("/sign-in")  # one tab notices the timeout first
    frozen_clock.advance(seconds=20)
    sent = client.post(_page(world), data=data)  # the other tab's form, with the same cookie
    assert "correspondence/new" in sent.headers["Location"]
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 1
    frozen_clock.advance(minutes=6)
    client.post(_page(world), data=data)  # minutes later the browser no longer says whose session it was
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 1


def test_kept_text_comes_back_only_on_the_page_landed_on_after_sign_in(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    data = _letter(client, world)
    frozen_clock.advance(minutes=31)
    client.post(_page(world), data=data)
    sign_in(client, "casey@example.test", PASSWORD)
    assert client.get("/").status_code == 200  # somewhere else first: the moment has passed
    assert not _shown(client.get(_page(world)).get_data(as_text=True))


def test_an_unticked_box_comes_back_unticked(client, world, frozen_clock, db):
    page = f"/duties/{world['duty']}/edit"
    sign_in(client, "casey@example.test", PASSWORD)
    assert 'name="active" type="checkbox" value="y" checked' in client.get(page).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client), "dhr_page": page, "notes": TYPED}  # "active" unticked: not sent
    frozen_clock.advance(minutes=31)
    client.post(page, data=data)
    sign_in(client, "casey@example.test", PASSWORD)
    html = client.get(page).get_data(as_text=True)
    assert TYPED in html
    assert 'name="active" type="checkbox" value="y" checked' not in html


def test_with_two_tabs_timed_out_the_page_signed_in_to_gets_its_text(client, world, frozen_clock, db):
    duty_page = f"/duties/{world['duty']}/edit"
    sign_in(client, "casey@example.test", PASSWORD)
    letter = _letter(client, world)
    duty = {"csrf_token": letter["csrf_token"], "dhr_page": duty_page, "notes": "The other tab's notes"}
    frozen_clock.advance(minutes=31)
    first = client.post(_page(world), data=letter)  # tab 1 is told its text will come back
    client.post(duty_page, data=duty)  # tab 2, moments later
    credentials = {"csrf_token": csrf_token(client), "email": "casey@example.test", "password": PASSWORD}
    assert client.post(first.headers["Location"], data=credentials).headers["Location"] == _page(world)
    assert _shown(client.get(_page(world)).get_data(as_text=True))


def test_after_the_twelve_hour_limit_a_form_from_another_tab_is_kept_too(client, world, frozen_clock, db):
    sign_in(client, "casey@example.test", PASSWORD)
    for _ in range(28):
        frozen_clock.advance(minutes=25)
        client.get("/")
    data = _letter(client, world)
    frozen_clock.advance(minutes=25)
    assert client.get("/").status_code == 302  # another tab meets the limit first
    sent = client.post(_page(world), data=data)
    assert "correspondence/new" in sent.headers["Location"]
    assert db.scalar(select(func.count()).select_from(KeptForm)) == 1
