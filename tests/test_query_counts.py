"""Pages that list things must use a constant number of queries, however many rows there are."""

import contextlib

import pytest
from sqlalchemy import event

from dhr.audit.services import record
from dhr.permissions import Role
from tests.conftest import start_session_cookie
from tests.factories import create_agency, create_partnership, create_user


@contextlib.contextmanager
def count_queries(connection):
    statements = []

    def _count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", _count)


def _world(size: int):
    partnership = create_partnership()
    admin = create_user(partnership, Role.ADMIN)
    for n in range(size):
        agency = create_agency(partnership)
        user = create_user(partnership, Role.COORDINATOR, Role.BOARD_MEMBER, agency=agency)
        record("agency.created", f"event {n}", actor=user, obj=agency)
    return admin


def _queries_at_two_sizes(app, db, build, path: str, viewer=lambda built: built) -> list[int]:
    """How many queries `path` takes for the viewer of a world built at size 2 and at size 12."""
    counts = []
    for size in (2, 12):
        with db.cell():
            built = db.run(build, size)
            test_client = app.test_client()
            start_session_cookie(test_client, db, viewer(built))
            with count_queries(db.connection) as statements:
                assert test_client.get(path).status_code == 200
            counts.append(len(statements))
    return counts


@pytest.mark.parametrize("path", ["/admin/users", "/agencies", "/admin/audit-log", "/", "/admin/outbox"])
def test_list_pages_use_a_constant_number_of_queries(app, db, path):
    counts = _queries_at_two_sizes(app, db, _world, path)
    assert counts[0] == counts[1], f"{path}: {counts[0]} queries for 2 rows but {counts[1]} for 12"


def _shared_world(size: int):
    """`size` partnerships, each with an agency of one shared organisation and one of its own, and a person who
    works for all of them; a system administrator to look."""
    from dhr.auth.models import Membership

    person = None
    for n in range(size):
        partnership = create_partnership()
        create_agency(partnership, name="Shared police force")
        create_agency(partnership, name=f"Own council {n}")
        if person is None:
            person = create_user(partnership, Role.COORDINATOR)
        else:
            person.memberships.append(Membership(partnership_id=partnership.id))
    support = create_user(create_partnership())
    support.system_admin = True
    return support, person


@pytest.mark.parametrize("path", ["/admin/organisations", "/admin/people/add"])
def test_system_administration_pages_use_a_constant_number_of_queries(app, db, path):
    counts = _queries_at_two_sizes(app, db, _shared_world, path, viewer=lambda built: built[0])
    assert counts[0] == counts[1], f"{path}: {counts[0]} queries for 2 partnerships but {counts[1]} for 12"


def test_the_switch_page_uses_a_constant_number_of_queries(app, db):
    counts = _queries_at_two_sizes(app, db, _shared_world, "/switch-partnership", viewer=lambda built: built[1])
    assert counts[0] == counts[1], f"{counts[0]} queries for 2 partnerships but {counts[1]} for 12"
