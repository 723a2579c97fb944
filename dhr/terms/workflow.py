"""The terms' two tables: a version goes from draft to agreed (agree, which checks what agreeing needs), and a
parallel process moves through its statuses (move_process), each move with a history row."""

from datetime import date
from typing import Any

from sqlalchemy import select

from dhr.audit.services import record
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.core.workflow import Machine
from dhr.extensions import db
from dhr.templating import uk_date
from dhr.terms.models import ParallelProcess, ParallelProcessChange, TermsVersion
from dhr.terms.stages import PROCESS_TRANSITIONS, TERMS_TRANSITIONS, ProcessStatus, TermsStatus


class TermsError(DomainError):
    """A terms of reference rule was broken; the message is fit to show the user, next to `field` if it names one."""


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


def versions_of(review: Any) -> list[TermsVersion]:
    """Every version of the review's terms, oldest first."""
    return list(
        db.session.scalars(
            select(TermsVersion).where(TermsVersion.review_id == review.id).order_by(TermsVersion.number)
        )
    )


def frozen_message(version: TermsVersion) -> str:
    """Why an agreed version cannot change, and what to do instead."""
    return (
        f"{version.label} was agreed on {uk_date(version.agreed_on)} and cannot change. "
        "Start a new draft to change the terms of reference"
    )


def require_draft(version: TermsVersion) -> None:
    """Refuse any change to an agreed version."""
    if not version.is_draft:
        raise TermsError(frozen_message(version))


def agreement_problems(version: TermsVersion) -> list[str]:
    """What must be in a draft before the panel can agree it."""
    from dhr.terms.queries import unaccounted_agencies

    problems = []
    if version.scope_from is None or version.scope_to is None:
        problems.append("Enter the scope period: when it starts and when it ends")
    if not version.lines:
        problems.append("Add at least one key line of enquiry")
    missing = unaccounted_agencies(version)
    if missing:
        problems.append(
            "Include or exclude (with a reason) every agency in the agency matrix: " + ", ".join(sorted(missing))
        )
    return problems


def agree(version: TermsVersion, *, agreed_on: date, actor: Any) -> None:
    """The panel agreed the draft: it is frozen, and the review takes its date and scope period."""
    require_draft(version)
    review = version.review
    if agreed_on < review.notified_on:
        raise TermsError(
            f"The date must be on or after the partnership was notified ({review.notified_on:%d/%m/%Y})", "agreed_on"
        )
    earlier = [v.agreed_on for v in versions_of(review) if v.agreed_on is not None]
    if earlier and agreed_on < max(earlier):
        raise TermsError(f"The date must be on or after the previous version was agreed ({max(earlier):%d/%m/%Y})")
    problems = agreement_problems(version)
    if problems:
        raise TermsError(problems[0])
    VERSION.move(version, TermsStatus.AGREED, actor=actor)
    version.agreed_on = agreed_on
    version.agreed_by_id, version.agreed_at = actor.id, clock.now()
    # The review's own fields follow the latest agreed version (the evidence guard and chronology filter read them).
    review.terms_of_reference_agreed_on = agreed_on
    review.scope_from, review.scope_to = version.scope_from, version.scope_to
    record(
        "terms.agreed",
        f"{actor.name} recorded {version.label} of the terms of reference for {review.reference} as agreed",
        actor=actor,
        obj=version,
        review=review,
        data={"number": version.number, "agreed_on": agreed_on.isoformat()},
    )
    db.session.flush()
