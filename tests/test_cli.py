"""`flask dhr ...` commands."""

import json

import pytest
from sqlalchemy import func, select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.commands import route_list
from dhr.seed import AGENCIES, DEMO_PASSWORD, PARTNERSHIP_NAME, USERS


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


def test_seed_demo_is_idempotent(runner, db):
    first = runner.invoke(args=["dhr", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert f"{len(AGENCIES)} agencies added" in first.output
    assert "admin@swp.example" in first.output
    second = runner.invoke(args=["dhr", "seed-demo"])
    assert "0 partnerships added, 0 agencies added, 0 users added" in second.output
    # Plus the invitee, the leaver, the second partnership's administrator and the system administrator.
    assert db.scalar(select(func.count()).select_from(User)) == len(USERS) + 4


def test_seed_demo_refuses_outside_development(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_SEED_ALLOWED", False)
    result = runner.invoke(args=["dhr", "seed-demo"])
    assert result.exit_code != 0
    assert "only for development" in result.output


def test_demo_password_meets_the_policy(app):
    from dhr.auth.passwords import password_problem

    with app.app_context():
        assert password_problem(DEMO_PASSWORD) is None


def test_seeded_agencies_include_the_responsible_authorities(runner, db):
    runner.invoke(args=["dhr", "seed-demo"])
    from dhr.partnerships.models import Partnership
    from dhr.seed import PARTNERSHIP_NAME

    westminster = db.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
    responsible = set(
        db.scalars(
            select(Agency.code).where(Agency.responsible_authority.is_(True), Agency.partnership_id == westminster)
        )
    )
    assert responsible == {"MPS", "MOPAC", "WCC", "LFB", "CLCG", "NPS", "CRC"}


def test_list_agencies_json(runner, db):
    runner.invoke(args=["dhr", "seed-demo"])
    result = runner.invoke(args=["dhr", "list-agencies", "--json"])
    rows = json.loads(result.output)
    assert len(rows) == len(AGENCIES)
    assert all(set(row) == {"code", "name", "kind"} for row in rows)
    assert {"code": "MPS", "name": "Metropolitan Police Service", "kind": "police"} in rows


def test_list_agencies_by_partnership_name(runner, db):
    runner.invoke(args=["dhr", "seed-demo"])
    assert runner.invoke(args=["dhr", "list-agencies", "--partnership", PARTNERSHIP_NAME]).exit_code == 0
    missing = runner.invoke(args=["dhr", "list-agencies", "--partnership", "Nowhere"])
    assert missing.exit_code != 0
    assert "No partnership called 'Nowhere'" in missing.output


def test_create_admin_prints_a_one_time_link_and_sets_no_password(runner, db):
    result = runner.invoke(
        args=[
            "dhr",
            "create-admin",
            "--email",
            "Boss@Example.test",
            "--name",
            "Boss Person",
            "--partnership",
            "New Partnership",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "/accept-invite/" in result.output
    user = db.scalar(select(User).where(User.email == "boss@example.test"))
    assert user.password_hash is None
    again = runner.invoke(
        args=["dhr", "create-admin", "--email", "boss@example.test", "--name", "B", "--partnership", "New Partnership"]
    )
    assert again.exit_code != 0


def test_save_routes_writes_the_snapshot(app, runner, monkeypatch, tmp_path):
    import dhr.commands

    target = tmp_path / "routes.json"
    monkeypatch.setattr(dhr.commands, "ROUTES_FILE", target)
    assert runner.invoke(args=["dhr", "save-routes"]).exit_code == 0
    assert json.loads(target.read_text()) == route_list(app)


def test_seed_shows_the_account_lifecycle(runner, db):
    from dhr.audit.models import AuditEvent
    from dhr.mail.models import MailStatus, OutboxMessage
    from dhr.seed import INVITED, LEAVER

    runner.invoke(args=["dhr", "seed-demo"])
    held = db.scalar(select(OutboxMessage).where(OutboxMessage.to_address == INVITED[0]))
    assert held.status is MailStatus.HELD
    assert "/accept-invite/" in held.body
    assert db.scalar(select(User.active).where(User.email == LEAVER[0])) is False
    assert {"user.invited", "user.invitation_sent", "user.deactivated"} <= set(db.scalars(select(AuditEvent.action)))
