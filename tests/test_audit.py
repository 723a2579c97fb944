"""The audit log: append-only on both engines, one line per event, filterable, and read-only in the UI."""

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from dhr.audit.models import AuditEvent
from dhr.audit.services import record
from dhr.core.keyset import distinct_values
from dhr.extensions import db as _db
from dhr.permissions import Role
from tests.factories import create_partnership, create_user


def _one_event():
    partnership = create_partnership()
    return record("test.event", "Something happened", partnership_id=partnership.id)


@pytest.mark.parametrize(
    "statement",
    [
        lambda event_id: update(AuditEvent).where(AuditEvent.id == event_id).values(summary="rewritten"),
        lambda event_id: delete(AuditEvent).where(AuditEvent.id == event_id),
    ],
    ids=["update", "delete"],
)
def test_audit_events_cannot_be_changed_or_deleted(app, db, statement):
    event = db.run(_one_event)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), _db.session.begin_nested():
            _db.session.execute(statement(event.id))
        _db.session.rollback()
    assert db.scalar(select(AuditEvent.summary).where(AuditEvent.id == event.id)) == "Something happened"


def test_an_event_cannot_be_overwritten_by_replacing_its_row(app, db):
    """SQLite's REPLACE deletes the old row without firing delete triggers unless recursive triggers are on; on
    PostgreSQL the same attempt is an upsert, which the update trigger refuses."""
    event = db.run(_one_event)
    columns = [column.name for column in AuditEvent.__table__.columns]
    values = ", ".join("'rewritten'" if name == "summary" else name for name in columns)
    names = ", ".join(columns)
    if db.connection.dialect.name == "sqlite":
        overwrite = f"REPLACE INTO audit_events ({names}) SELECT {values} FROM audit_events WHERE id = :id"
    else:
        overwrite = (
            f"INSERT INTO audit_events ({names}) SELECT {values} FROM audit_events WHERE id = :id "
            "ON CONFLICT (id) DO UPDATE SET summary = excluded.summary"
        )
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), _db.session.begin_nested():
            _db.session.execute(text(overwrite), {"id": event.id})
        _db.session.rollback()
    assert db.scalar(select(AuditEvent.summary).where(AuditEvent.id == event.id)) == "Something happened"


def test_emptying_the_table_is_refused(app, db):
    """TRUNCATE on PostgreSQL; SQLite has none, and its whole-table DELETE is refused the same way."""
    db.run(_one_event)
    emptying = "TRUNCATE audit_events" if db.connection.dialect.name == "postgresql" else "DELETE FROM audit_events"
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), _db.session.begin_nested():
            _db.session.execute(text(emptying))
        _db.session.rollback()
    assert db.scalar(select(AuditEvent.id)) is not None


def test_summaries_are_one_line_whatever_is_typed(app, db):
    def _make():
        return record("test.event", "evil\r\nFAKE 2026 admin signed in\x1b[31m\u2028x", partnership_id=None)

    event = db.run(_make)
    assert "\n" not in event.summary
    assert "\r" not in event.summary
    assert "\x1b" not in event.summary
    assert event.summary.startswith("evil FAKE")


def test_the_log_is_filtered_by_user_action_and_date(client, db, login_as, frozen_clock):
    def _make():
        partnership = create_partnership()
        admin = create_user(partnership, Role.ADMIN, name="Admin Person")
        other = create_user(partnership, Role.COORDINATOR, name="Other Person")
        record("agency.created", "Old event by other", actor=other)
        return admin, other

    admin, other = db.run(_make)
    frozen_clock.advance(days=3)
    db.run(lambda: record("agency.updated", "New event by other", actor=other))
    login_as(admin)
    everything = client.get("/admin/audit-log").get_data(as_text=True)
    assert "Old event by other" in everything
    assert "New event by other" in everything
    by_action = client.get("/admin/audit-log?action=agency.updated").get_data(as_text=True)
    assert "New event by other" in by_action
    assert "Old event by other" not in by_action
    by_admin = client.get(f"/admin/audit-log?user={admin.id}").get_data(as_text=True)
    assert "Old event by other" not in by_admin
    assert "Admin Person viewed the audit log" in by_admin
    by_other = client.get(f"/admin/audit-log?user={other.id}").get_data(as_text=True)
    assert "Old event by other" in by_other
    assert "New event by other" in by_other
    assert "viewed the audit log" not in by_other
    until = client.get("/admin/audit-log?date_to=26&date_to=11&date_to=2026&action=").get_data(as_text=True)
    assert "Old event by other" in until
    assert "New event by other" not in until
    since = client.get("/admin/audit-log?date_from=27&date_from=11&date_from=2026").get_data(as_text=True)
    assert "New event by other" in since
    assert "Old event by other" not in since


def test_invalid_filters_explain_and_keep_what_was_typed(client, db, login_as):
    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    html = client.get("/admin/audit-log?date_from=31&date_from=2&date_from=2026&action=nonsense").get_data(as_text=True)
    assert "From must be a real date" in html
    assert 'value="31"' in html
    assert "Not a valid choice" in html or "not a valid choice" in html.lower()
    assert "0 events" in html


def test_viewing_the_log_is_itself_audited(client, db, login_as):
    admin = db.run(lambda: create_user(create_partnership(), Role.ADMIN))
    login_as(admin)
    client.get("/admin/audit-log?action=")
    assert db.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "audit.searched")) == admin.id


def test_another_partnerships_events_never_show(client, db, login_as):
    def _make():
        mine, theirs = create_partnership(), create_partnership()
        record("agency.created", "Their secret event", partnership_id=theirs.id)
        return create_user(mine, Role.ADMIN)

    login_as(db.run(_make))
    assert "Their secret event" not in client.get("/admin/audit-log").get_data(as_text=True)


def test_no_route_edits_audit_events(app):
    """The UI is read-only: the audit blueprint has a single GET route."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert [(r.endpoint, sorted(r.methods - {"HEAD", "OPTIONS"})) for r in rules] == [("audit.audit_log", ["GET"])]


@pytest.mark.parametrize(
    "query",
    [
        "date_to=31&date_to=12&date_to=9999",
        "date_from=1&date_from=1&date_from=99999999999999999999",
        "date_from=1&date_from=1",
        "date_from=x&date_from=y&date_from=z",
        "user=999999999999999999999",
        "page=-5",
        "page=99999999999",
    ],
)
def test_odd_filters_never_fail(client, db, login_as, query):
    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN)))
    assert client.get(f"/admin/audit-log?{query}").status_code == 200


def _links(html: str) -> dict[str, str]:
    import html as entities
    import re

    return {rel: entities.unescape(href) for href, rel in re.findall(r'href="([^"]+)" rel="(prev|next)"', html)}


def test_pages_follow_by_key_and_agree_with_pages_asked_for_by_number(client, db, login_as, frozen_clock):
    """Next and Previous carry the key their page starts at; the same page asked for by number alone is the same,
    and no event is skipped or shown twice, even where events share a second."""

    def _make():
        partnership = create_partnership()
        admin = create_user(partnership, Role.ADMIN)
        for n in range(130):
            if n % 3 == 0:
                frozen_clock.advance(seconds=1)  # three events in each second: the id breaks the ties
            record("test.event", f"Event number {n:03d}", partnership_id=partnership.id)
        return admin

    import re

    login_as(db.run(_make))
    summaries = lambda html: re.findall(r"Event number (\d{3})", html)  # noqa: E731
    first = client.get("/admin/audit-log?action=test.event").get_data(as_text=True)
    assert "Page 1 of 3" in first
    seen, html = [], first
    for number in (1, 2, 3):
        page = summaries(html)
        assert page == summaries(client.get(f"/admin/audit-log?action=test.event&page={number}").get_data(as_text=True))
        seen += page
        if number < 3:
            assert "from=" in _links(html)["next"]
            html = client.get(_links(html)["next"]).get_data(as_text=True)
    assert seen == [f"{n:03d}" for n in range(129, -1, -1)]
    back = client.get(_links(html)["prev"]).get_data(as_text=True)
    assert "Page 2 of 3" in back
    assert summaries(back) == seen[50:100]
    assert client.get("/admin/audit-log?action=test.event&page=2&from=not~a~key").status_code == 200


def test_the_filters_actions_are_every_distinct_action_of_the_partnership_in_order(app, db):
    def make() -> tuple[int, int]:
        mine, theirs = create_partnership(), create_partnership()
        for action in ("review.viewed", "a.first", "review.viewed", "z.last", "m.middle", "a.first"):
            record(action, "Something happened", partnership_id=mine.id)
        record("only.theirs", "Something happened", partnership_id=theirs.id)
        _db.session.commit()
        empty = create_partnership()
        _db.session.commit()
        return mine.id, empty.id

    mine, empty = db.run(make)
    expected = db.run(
        lambda: list(
            _db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.partnership_id == mine)
                .distinct()
                .order_by(AuditEvent.action)
            )
        )
    )
    assert "only.theirs" not in expected
    assert (
        db.run(lambda: distinct_values(_db.session, AuditEvent.action, AuditEvent.partnership_id == mine)) == expected
    )
    assert db.run(lambda: distinct_values(_db.session, AuditEvent.action, AuditEvent.partnership_id == empty)) == []
