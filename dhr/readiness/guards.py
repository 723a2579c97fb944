"""The readiness guard: a report goes to the Home Office only when every check passes or is overridden."""

from dhr.readiness.services import blocking


def ready_for_quality_assurance(review) -> str | None:
    """What the readiness checker still fails without an override, or None."""
    failing = blocking(review)
    if failing:
        more = f" and {len(failing) - 1} more" if len(failing) > 1 else ""
        return f"The readiness checker fails without an override: {failing[0]}{more}"
    return None


def readiness_outstanding(review) -> str | None:
    """Work the move to CSP sign-off would skip: readiness checks that still fail with no override. A warning, not
    a refusal (the board may sign off a report the chair is still finishing), so the move needs a reason."""
    from dhr.reviews.stages import ReviewStage

    if review.stage is not ReviewStage.FAMILY_SIGHT:
        return None
    failing = blocking(review)
    if not failing:
        return None
    more = f" and {len(failing) - 1} more" if len(failing) > 1 else ""
    return f"Readiness checks still fail: {failing[0]}{more}"
