"""Recording and withdrawing overrides of failing readiness checks."""

from dhr.audit.services import record
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.readiness.checks import NEVER_OVERRIDDEN, TITLES, active_overrides, run_checks
from dhr.readiness.models import ReadinessOverride


class ReadinessError(DomainError):
    """The override cannot be recorded; the message says why."""


def override(review, key: str, *, reason: str, actor) -> ReadinessOverride:
    """Let a failing check stand, with the coordinator's reason; a passing or overridden check cannot be."""
    if key not in TITLES:
        raise ReadinessError("There is no such check")
    result = next(r for r in run_checks(review) if r.key == key)
    if result.outcome.passed:
        raise ReadinessError("This check passes: there is nothing to override")
    if key in NEVER_OVERRIDDEN:
        raise ReadinessError(
            "The leak scan cannot be overridden: replace each real name, alias or date of birth with the person's "
            "token or pseudonym"
        )
    if result.override is not None:
        raise ReadinessError("This check is already overridden")
    if result.lapsed is not None:  # an override of an earlier finding gives way to this one
        result.lapsed.withdrawn_at, result.lapsed.withdrawn_by_id = clock.now(), actor.id
    row = ReadinessOverride(
        review_id=review.id, check_key=key, reason=reason, detail=result.outcome.detail, recorded_by_id=actor.id
    )
    record(
        "readiness.overridden",
        f"{review.reference}: '{TITLES[key]}' overridden",
        actor=actor,
        added=row,
        review_id=review.id,
        data={"check": key},
    )
    return row


def withdraw(review, key: str, *, actor) -> None:
    """Withdraw the override in force on a check; the row stays as history."""
    row = active_overrides(review).get(key)
    if row is None:
        raise ReadinessError("This check has no override to withdraw")
    row.withdrawn_at, row.withdrawn_by_id = clock.now(), actor.id
    db.session.flush()
    record(
        "readiness.override_withdrawn",
        f"{review.reference}: override of '{TITLES[key]}' withdrawn",
        actor=actor,
        obj=row,
        review_id=review.id,
        data={"check": key},
    )


def blocking(review) -> list[str]:
    """Titles of the checks that fail with no override: each stops submission to the Home Office."""
    return [result.title for result in run_checks(review) if not result.satisfied]
