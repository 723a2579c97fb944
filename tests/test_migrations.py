"""Migrations: numbered, one head, the head file agrees, models match, and every downgrade works."""

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from dhr.extensions import db
from tests.conftest import _throwaway_postgres, _throwaway_sqlite, make_test_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _scripts() -> ScriptDirectory:
    from alembic.config import Config

    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_single_head():
    assert len(_scripts().get_heads()) == 1


def test_head_file_names_the_head():
    assert (MIGRATIONS / ".current-alembic-head").read_text().strip() == _scripts().get_current_head()


def test_files_are_numbered_in_sequence_and_named_by_revision():
    revisions = list(reversed(list(_scripts().walk_revisions())))
    for number, script in enumerate(revisions, start=1):
        stem = Path(script.path).stem
        assert re.fullmatch(r"\d{4}_[a-z0-9_]+", stem), stem
        assert int(stem[:4]) == number, f"{stem} should be number {number:04d}"
        assert script.revision == stem
        assert "def downgrade" in Path(script.path).read_text()
        assert "pass" not in Path(script.path).read_text().split("def downgrade", 1)[1].split("\n")[1], stem


def test_models_match_migrations(app, db):
    """Upgrading from empty (done by the app fixture) leaves no difference from the models."""
    with app.app_context(), db.connection.begin_nested():
        from dhr.search.engine import include_object

        options = {"compare_type": True, "include_object": include_object}
        context = MigrationContext.configure(db.connection, opts=options)
        differences = compare_metadata(context, db_metadata())
    assert differences == []


def db_metadata():
    import dhr.model_registry  # noqa: F401 - registers every table

    return db.metadata


@pytest.fixture(params=["downgrade-and-upgrade"])
def scratch_database(request, pytestconfig):
    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url:
        yield url


def test_every_downgrade_works_and_upgrade_repeats(scratch_database):
    """Base -> head -> base -> head on a scratch database of this leg's engine."""
    app = make_test_app(scratch_database)
    with app.app_context():
        upgrade()
        assert "audit_events" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "outbox_messages" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_upgrading_prints_only_alembics_own_lines_and_nothing_when_quiet(scratch_database):
    """`flask db upgrade` as an operator runs it: nothing on stdout, and only Alembic's INFO lines (a wrapped revision
    summary would leave lines of its own); `-x quiet`, as `make run` passes, leaves nothing at all."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DHR_ENV": "development", "DATABASE_URL": scratch_database}

    def flask_db_upgrade(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=MIGRATIONS.parent)

    loud = flask_db_upgrade()
    assert loud.stdout == ""
    lines = loud.stderr.splitlines()
    assert sum("Running upgrade" in line for line in lines) == len(list(_scripts().walk_revisions()))
    assert [line for line in lines if not line.startswith("INFO  [alembic.")] == []
    quiet = flask_db_upgrade("-x", "quiet")
    assert (quiet.stdout, quiet.stderr) == ("", "")


def test_the_registry_lists_every_table():
    """Alembic sees what dhr.model_registry imports: a model left out would be missed by autogenerate."""
    from dhr.model_registry import ALL_MODELS

    association_tables = {
        "chronology_entry_people",
        "recommendation_themes",
        "objective_recommendations",
        "objective_actions",
    }
    assert {model.__tablename__ for model in ALL_MODELS} | association_tables == set(db.metadata.tables)


def test_the_sign_in_migrations_go_down_and_up_again_over_data(scratch_database):
    """0036-0038 (kept forms, two-step verification, single sign-on) must downgrade without rebuilding the tables
    everything else references, which fails their foreign keys once there is data, and upgrade again."""
    from sqlalchemy import func, select

    from dhr.auth.models import User
    from tests.factories import create_agency, create_partnership, create_user

    app = make_test_app(scratch_database)
    with app.app_context():
        upgrade()
        partnership = create_partnership()
        create_user(partnership, agency=create_agency(partnership))
        db.session.commit()
        db.session.remove()
        downgrade(revision="0035_export_jobs")
        assert "identity_providers" not in inspect(db.engine).get_table_names()
        assert "totp_secret" not in {column["name"] for column in inspect(db.engine).get_columns("users")}
        upgrade()
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        db.session.remove()  # give the connection back before the pool closes, or it is left for the collector
        db.engine.dispose()


def test_this_issues_migrations_go_down_and_up_again_over_the_demo_partnership(scratch_database):
    """0046-0049 rebuild tables other rows refer to (recommendations, family engagements, clock rules): over the
    whole demo partnership they go down and up again and keep every row (SQLite's batch copies run with foreign keys
    off, then checked)."""
    from sqlalchemy import func, select

    from dhr.actions.models import Action
    from dhr.family.models import FamilyEngagement
    from dhr.recommendations.models import Recommendation
    from dhr.seed import seed_demo

    app = make_test_app(scratch_database)
    tables = (Recommendation, Action, FamilyEngagement)
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        before = [db.session.scalar(select(func.count()).select_from(t)) for t in tables]
        assert all(before), before
        db.session.remove()
        downgrade(revision="0045_list_indexes")
        assert "equality_judgements" not in inspect(db.engine).get_table_names()
        upgrade()
        assert [db.session.scalar(select(func.count()).select_from(t)) for t in tables] == before
        db.session.remove()
        db.engine.dispose()


def test_the_organisations_migration_makes_one_organisation_per_name_and_kind(scratch_database):
    """0039 gives every agency an organisation, shared by agencies of the same name and kind in any partnership,
    and the agencies keep their ids through the downgrade and upgrade."""
    from sqlalchemy import select

    from dhr.agencies.models import Agency, AgencyKind, Organisation
    from tests.factories import create_agency, create_partnership

    app = make_test_app(scratch_database)
    with app.app_context():
        upgrade()
        westminster, camden = create_partnership(), create_partnership()
        ids = [
            create_agency(westminster, code="MPS", name="Metropolitan Police Service").id,
            create_agency(camden, code="MET", name="metropolitan  police service").id,
            create_agency(camden, code="MPS-X", name="Metropolitan Police Service", kind=AgencyKind.OTHER).id,
            create_agency(camden, code="LAS", name="London Ambulance Service", kind=AgencyKind.HEALTH).id,
        ]
        db.session.commit()
        db.session.remove()
        downgrade(revision="0038_single_sign_on")
        assert "organisations" not in inspect(db.engine).get_table_names()
        assert "organisation_id" not in {column["name"] for column in inspect(db.engine).get_columns("agencies")}
        upgrade()
        agencies = {agency.id: agency for agency in db.session.scalars(select(Agency))}
        assert sorted(agencies) == sorted(ids)
        police, camden_police, other, ambulance = (agencies[agency_id].organisation for agency_id in ids)
        assert police is camden_police
        assert police.name == "Metropolitan Police Service"
        assert len({police.id, other.id, ambulance.id}) == 3
        assert other.kind == AgencyKind.OTHER
        assert ambulance.kind == AgencyKind.HEALTH
        assert len(db.session.scalars(select(Organisation)).all()) == 3
        db.session.remove()
        db.engine.dispose()


def test_the_memberships_migration_keeps_each_persons_partnership_agency_and_roles(scratch_database):
    """0040 gives every user one membership with their agency and roles, and each session its partnership; the
    downgrade puts one partnership's agency and roles back on the user: the one they last worked in."""
    from types import SimpleNamespace

    from sqlalchemy import select, text

    from dhr.auth.models import Membership, MembershipRole, User
    from dhr.auth.sessions import start_session
    from dhr.permissions import Role
    from tests.factories import create_agency, create_partnership, create_user

    app = make_test_app(scratch_database)
    with app.app_context():
        upgrade()
        westminster, camden = create_partnership(), create_partnership()
        police, fire = create_agency(westminster), create_agency(camden)
        single = create_user(westminster, Role.COORDINATOR, Role.ADMIN, agency=police, email="one@example.test")
        dual = create_user(westminster, agency=police, email="two@example.test")
        dual.memberships.append(
            Membership(partnership_id=camden.id, agency_id=fire.id, roles=[MembershipRole(role=Role.BOARD_MEMBER)])
        )
        dual.last_partnership_id = camden.id
        start_session(single, remote_addr=None, user_agent=None)
        ids = {"single": single.id, "dual": dual.id}
        westminster, camden = SimpleNamespace(id=westminster.id), SimpleNamespace(id=camden.id)
        police, fire = SimpleNamespace(id=police.id), SimpleNamespace(id=fire.id)
        db.session.commit()
        db.session.remove()

        downgrade(revision="0039_organisations")
        assert "memberships" not in inspect(db.engine).get_table_names()
        rows = db.session.execute(text("SELECT id, partnership_id, agency_id FROM users ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [
            (ids["single"], westminster.id, police.id),
            (ids["dual"], camden.id, fire.id),  # where they last worked
        ]
        roles = db.session.execute(text("SELECT user_id, role FROM user_roles ORDER BY user_id, role")).all()
        assert [tuple(row) for row in roles] == [
            (ids["single"], "admin"),
            (ids["single"], "coordinator"),
            (ids["dual"], "board_member"),
        ]
        db.session.remove()

        upgrade()
        people = {user.id: user for user in db.session.scalars(select(User))}
        single, dual = people[ids["single"]], people[ids["dual"]]
        assert [(m.partnership_id, m.agency_id, m.role_set) for m in single.memberships] == [
            (westminster.id, police.id, frozenset({Role.COORDINATOR, Role.ADMIN}))
        ]
        assert [(m.partnership_id, m.agency_id, m.role_set) for m in dual.memberships] == [
            (camden.id, fire.id, frozenset({Role.BOARD_MEMBER}))
        ]
        assert db.session.scalar(text("SELECT partnership_id FROM user_sessions")) == westminster.id
        db.session.remove()
        db.engine.dispose()
