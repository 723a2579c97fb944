"""Emailing notifications as each person chose: at once (the default), in a daily digest, or not at all; only
the reference, what happened and a link; the preferences page; sign-in mail that cannot be switched off."""

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.evidence import services as evidence
from dhr.evidence.models import AgencyInvolvement
from dhr.extensions import db as _db
from dhr.mail.models import MailChoice, MailPreference, OutboxMessage
from dhr.notifications.audiences import Category
from dhr.notifications.emails import send_digests, set_choices
from dhr.notifications.models import Notification
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_review_world)


def _user(world, persona: str) -> User:
    return _db.session.get(User, world["users"][persona].id)


def _submit(world, key="A"):
    involvement = _db.session.get(AgencyInvolvement, world["evidence"][key]["involvement"])
    evidence.submit(involvement, actor=_user(world, f"contributor_{key.lower()}"))


def _choose(world, persona: str, choice: MailChoice, category=Category.EVIDENCE):
    person = _user(world, persona)
    set_choices(person, {category: choice}, actor=person)


def _checked(page: str, name: str) -> str:
    import re

    inputs = re.findall(r"<input[^>]*>", page)
    (value,) = [re.search(r'value="([^"]+)"', i)[1] for i in inputs if f'name="{name}"' in i and "checked" in i]
    return value


def _mail_to(db, world, persona: str, category="evidence.submitted"):
    address = world["users"][persona].email
    return db.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address, OutboxMessage.category == category)
    )


def test_by_default_each_person_told_is_emailed_at_once_with_no_names(db, world):
    db.run(_submit, world)
    (message,) = _mail_to(db, world, "chair")
    reference = db.scalar(select(Notification.summary).where(Notification.kind == "evidence.submitted"))
    assert message.subject == reference
    assert message.body.startswith(reference)
    involvement = world["evidence"]["A"]["involvement"]
    assert f"http://localhost/reviews/{world['objects']['R1']['review']}/evidence/{involvement}" in message.body
    assert "/notifications/preferences" in message.body
    assert "CNRY" not in message.subject + message.body
    assert world["users"]["chair"].name not in message.body  # not even the reader's own name
    assert message.user_id == world["users"]["chair"].id


def test_a_digest_choice_waits_for_the_daily_digest_which_sends_each_once(db, world):
    db.run(_choose, world, "chair", MailChoice.DIGEST)
    db.run(_submit, world, "A")
    db.run(_submit, world, "B")
    assert _mail_to(db, world, "chair") == []
    assert len(_mail_to(db, world, "coordinator")) == 2  # the coordinator kept the default
    partnership = db.scalar(select(User.last_partnership_id).where(User.id == world["users"]["chair"].id))
    run = db.run(send_digests, partnership)
    assert (run.emails, run.notifications) == (1, 2)
    (digest,) = _mail_to(db, world, "chair", category="digest")
    assert digest.subject == "DHR Case Manager: 2 updates since your last digest"
    assert digest.body.count("submitted its evidence") == 2
    assert "CNRY" not in digest.body
    assert db.run(send_digests, partnership).emails == 0  # each notification in one digest only
    assert db.scalar(select(AuditEvent.summary).where(AuditEvent.action == "notification.digest_sent")) == (
        "Daily digests: 1 emails of 2 notifications"
    )


def test_off_still_tells_in_the_inbox_but_sends_no_email(db, world):
    db.run(_choose, world, "chair", MailChoice.OFF)
    db.run(_submit, world)
    assert _mail_to(db, world, "chair") == []
    chair = world["users"]["chair"].id
    assert db.scalar(select(Notification.id).where(Notification.user_id == chair)) is not None


def test_another_categorys_choice_does_not_apply(db, world):
    db.run(_choose, world, "chair", MailChoice.OFF, Category.MEETINGS)
    db.run(_submit, world)
    assert len(_mail_to(db, world, "chair")) == 1


def test_sign_in_mail_cannot_be_switched_off(db, world):
    from dhr.auth.services import request_password_reset

    def everything_off():
        person = _user(world, "chair")
        set_choices(person, dict.fromkeys(Category, MailChoice.OFF), actor=person)

    db.run(everything_off)
    db.run(request_password_reset, world["users"]["chair"].email)
    assert len(_mail_to(db, world, "chair", category="password_reset")) == 1


def test_the_preferences_page_saves_each_choice_and_audits_it(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["panel_member"])
    page = client.get("/notifications/preferences").get_data(as_text=True)
    for category in Category:
        assert category.label in page
    assert "cannot be switched off" in page
    data = {category.value: "immediate" for category in Category} | {"drafting": "digest", "meetings": "off"}
    response = client.post("/notifications/preferences", data=data | {"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    chosen = db.run(lambda: dict(_db.session.execute(select(MailPreference.category, MailPreference.choice)).all()))
    assert chosen == {"drafting": MailChoice.DIGEST, "meetings": MailChoice.OFF}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "notification.preferences_changed"))
    assert event.data == {"drafting": "digest", "meetings": "off"}
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert _checked(page, "drafting") == "digest"
    assert _checked(page, "meetings") == "off"
    assert _checked(page, "evidence") == "immediate"


def test_a_bad_choice_is_refused_with_a_message_and_keeps_the_rest(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["panel_member"])
    data = {category.value: "immediate" for category in Category} | {"drafting": "hourly", "meetings": "off"}
    response = client.post("/notifications/preferences", data=data | {"csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert db.scalar(select(MailPreference.id)) is None
    assert _checked(page, "meetings") == "off"  # what was typed is kept
    assert "Select how you hear of drafting by email" in page
