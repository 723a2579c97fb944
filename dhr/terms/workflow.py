"""The terms' two tables: a version goes from draft to agreed (services.agree, which checks what agreeing needs),
and a parallel process moves through its statuses (move_process), each move with a history row."""

from typing import Any

from dhr.core.workflow import Machine
from dhr.terms.models import ParallelProcess, ParallelProcessChange
from dhr.terms.stages import PROCESS_TRANSITIONS, TERMS_TRANSITIONS, ProcessStatus, TermsStatus

# An agreed version is the record of its agreement (agreed_on, agreed_by, agreed_at), so it keeps no history rows.
VERSION = Machine(
    name="terms",
    states=TermsStatus,
    table=TERMS_TRANSITIONS,
    history=None,
    owner="version",
    refusal="A version that is {current} cannot be {target}",
)
PROCESS = Machine(
    name="terms.process",
    states=ProcessStatus,
    # A new process may start at any status.
    table={None: frozenset(ProcessStatus), **PROCESS_TRANSITIONS},
    history=ParallelProcessChange,
    owner="process",
    refusal="A process that is {current} cannot become {target}",
    history_reason=False,
)


def move_process(process: ParallelProcess, target: ProcessStatus, *, actor: Any) -> ParallelProcessChange:
    """Move the process to `target` with a history row; add_process and update_process write the audit event."""
    change: ParallelProcessChange = PROCESS.move(process, target, actor=actor)
    return change
