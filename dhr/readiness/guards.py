"""The readiness guard: a report goes to the Home Office only when every check passes or is overridden."""

from dhr.readiness.services import blocking


def ready_for_quality_assurance(review) -> str | None:
    """What the readiness checker still fails without an override, or None."""
    failing = blocking(review)
    if failing:
        more = f" and {len(failing) - 1} more" if len(failing) > 1 else ""
        return f"The readiness checker fails without an override: {failing[0]}{more}"
    return None
