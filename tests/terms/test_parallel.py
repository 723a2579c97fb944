"""Parallel processes: recorded with a status, moved only through the transition table, with history rows."""

from datetime import date

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.reviews.models import Review
from dhr.terms import queries, services
from dhr.terms.models import ParallelProcess, ParallelProcessChange
from dhr.terms.stages import PROCESS_TRANSITIONS, ProcessKind, ProcessStatus

S = ProcessStatus
OUTCOME = "Adult B was convicted of murder and sentenced to life imprisonment"


def _fields(**overrides) -> dict:
    return {
        "kind": ProcessKind.CRIMINAL_TRIAL,
        "description": "",
        "status": S.SCHEDULED,
        "started_on": None,
        "next_date": date(2027, 3, 1),
        "concluded_on": None,
        "outcome": "",
        "notes": "",
    } | overrides


def _add(world, **overrides) -> ParallelProcess:
    return services.add_process(
        _db.session.get(Review, world["review"]), actor=world["coordinator"], **_fields(**overrides)
    )


def test_the_transition_table_is_as_written_down():
    """Written out by hand: concluded processes only reopen; not applicable ones can turn out to apply."""
    expected = {
        S.NOT_STARTED: {S.SCHEDULED, S.IN_PROGRESS, S.CONCLUDED, S.NOT_APPLICABLE},
        S.SCHEDULED: {S.NOT_STARTED, S.IN_PROGRESS, S.CONCLUDED, S.NOT_APPLICABLE},
        S.IN_PROGRESS: {S.SCHEDULED, S.CONCLUDED},
        S.CONCLUDED: {S.IN_PROGRESS},
        S.NOT_APPLICABLE: {S.NOT_STARTED, S.SCHEDULED, S.IN_PROGRESS},
    }
    assert {status: set(targets) for status, targets in PROCESS_TRANSITIONS.items()} == expected


def test_recording_and_moving_a_process_keeps_its_history(app, db, panel_world):
    world = panel_world

    def _lifecycle():
        process = _add(world, notes="CPS contact: case lawyer")
        review = _db.session.get(Review, world["review"])
        changed = services.update_process(
            process,
            review,
            actor=world["coordinator"],
            **_fields(
                status=S.IN_PROGRESS, started_on=date(2026, 11, 2), next_date=None, notes="CPS contact: case lawyer"
            ),
        )
        services.update_process(
            process,
            review,
            actor=world["coordinator"],
            **_fields(
                status=S.CONCLUDED,
                started_on=date(2026, 11, 2),
                next_date=None,
                concluded_on=date(2026, 11, 20),
                outcome=OUTCOME,
                notes="CPS contact: case lawyer",
            ),
        )
        return process.id, changed

    process_id, changed = db.run(_lifecycle)
    assert changed == ["started_on", "next_date", "status"]
    history = db.scalars(
        select(ParallelProcessChange)
        .where(ParallelProcessChange.process_id == process_id)
        .order_by(ParallelProcessChange.id)
    )
    assert [(c.from_status, c.to_status) for c in history] == [
        (None, S.SCHEDULED),
        (S.SCHEDULED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.CONCLUDED),
    ]
    events = db.scalars(select(AuditEvent).where(AuditEvent.action.like("terms.process%")).order_by(AuditEvent.id))
    assert [e.action for e in events] == ["terms.process_added", "terms.process_updated", "terms.process_updated"]
    assert all(OUTCOME not in str(e.data) + e.summary for e in events)  # field names only: outcomes are case detail
    with app.app_context():
        assert [p.status for p in queries.parallel_processes(_db.session.get(Review, world["review"]))] == [S.CONCLUDED]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"status": S.SCHEDULED, "next_date": None}, "next_date", "Enter the date it is scheduled for"),
        ({"status": S.CONCLUDED, "concluded_on": None}, "concluded_on", "Enter the date it concluded"),
        ({"kind": ProcessKind.OTHER, "description": " "}, "description", "Enter what the process is"),
        (
            {"status": S.CONCLUDED, "started_on": date(2026, 11, 2), "concluded_on": date(2026, 11, 1)},
            "concluded_on",
            "on or after the date it started",
        ),
    ],
)
def test_process_rules(app, db, panel_world, overrides, field, message):
    with pytest.raises(DomainError, match=message) as raised:
        db.run(_add, panel_world, **overrides)
    assert raised.value.field == field


def test_a_move_the_table_does_not_allow_is_refused(app, db, panel_world):
    world = panel_world
    with app.app_context():
        process = _add(world, status=S.CONCLUDED, concluded_on=date(2026, 11, 1), next_date=None)
        review = _db.session.get(Review, world["review"])
        with pytest.raises(DomainError, match="A process that is concluded cannot become not started"):
            services.update_process(
                process, review, actor=world["coordinator"], **_fields(status=S.NOT_STARTED, next_date=None)
            )
        assert process.status is S.CONCLUDED
        assert len(process.changes) == 1
        _db.session.rollback()
