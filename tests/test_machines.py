"""Every module's state machine through one harness: each (from, to) pair is allowed exactly when its table says,
a move that needs a reason refuses without one, and an allowed move sets the status and writes its history row."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

import dhr
from dhr.core.errors import DomainError
from dhr.core.workflow import Machine, TransitionError
from dhr.extensions import db as _db


def _machines() -> dict[str, Machine]:
    found = {}
    for package in pkgutil.iter_modules(dhr.__path__):
        if not package.ispkg:
            continue
        try:
            module = importlib.import_module(f"dhr.{package.name}.workflow")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if isinstance(value, Machine):
                found[f"{package.name}.{name}"] = value
    return found


MACHINES = _machines()
PAIRS = [
    (key, current, target)
    for key, machine in MACHINES.items()
    for current in [None, *machine.states]
    if current is not None or None in machine.table
    for target in machine.states
]


def test_every_status_table_is_a_machine_in_a_workflow_module():
    assert sorted(MACHINES) == [
        "actions.MACHINE",
        "assurance.MACHINE",
        "duties.MACHINE",
        "evidence.MACHINE",
        "family.COMMENT",
        "family.CONSENT",
        "meetings.MACHINE",
        "reviews.MACHINE",
        "terms.PROCESS",
        "terms.VERSION",
    ]


@pytest.mark.parametrize("key", sorted(MACHINES))
def test_every_table_names_only_its_own_states(key):
    machine = MACHINES[key]
    for current, targets in machine.table.items():
        assert current is None or isinstance(current, machine.states)
        assert all(isinstance(target, machine.states) for target in targets)
    for pair in machine.needs_reason:
        assert machine.allows(*pair), f"{key}: {pair} needs a reason but is not a move"


def _subject(machine: Machine, current):
    """A transient object of the machine's model at `current`: nothing is flushed, so nothing needs its parents."""
    if machine.history is None:
        return SimpleNamespace(**{machine.attr: current})
    owner = sa.inspect(machine.history).relationships[machine.owner].mapper.class_
    subject = owner()
    setattr(subject, machine.attr, current)
    return subject


@pytest.mark.parametrize(("key", "current", "target"), PAIRS, ids=lambda v: getattr(v, "value", v))
def test_each_pair_moves_exactly_when_the_table_allows(app, db, key, current, target):
    machine = MACHINES[key]
    with app.app_context(), _db.session.no_autoflush:
        subject = _subject(machine, current)
        if machine.returns_to is not None:
            setattr(subject, machine.returns_to[1], None)
        allowed = target in machine.table.get(current, ())
        if not allowed:
            with pytest.raises(TransitionError) as refused:
                machine.move(subject, target, actor=None, reason="Because")
            assert refused.value.field == machine.field
            assert getattr(subject, machine.attr) is current
            return
        if machine.needs_a_reason(current, target):
            with pytest.raises(DomainError, match="Enter") as refused:
                machine.move(subject, target, actor=None, reason="   ")
            assert refused.value.field == "reason"
        row = machine.move(subject, target, actor=None, reason="Because")
        assert getattr(subject, machine.attr) is target
        if machine.history is None:
            assert row is None
        else:
            before, after = machine.columns
            assert (getattr(row, before), getattr(row, after), getattr(row, machine.owner)) == (
                current,
                target,
                subject,
            )
            if machine.history_reason:
                assert row.reason == "Because"
        _db.session.rollback()


def test_a_paused_review_may_return_only_to_where_it_was_paused_from_or_be_withdrawn():
    from dhr.reviews.stages import ReviewStage as S
    from dhr.reviews.workflow import MACHINE

    paused = SimpleNamespace(stage=S.PAUSED, paused_from_stage=S.EVIDENCE)
    back = [target for target in S if MACHINE.allows(S.PAUSED, target, paused)]
    assert back == [S.EVIDENCE, S.WITHDRAWN]
