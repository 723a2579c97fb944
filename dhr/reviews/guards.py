"""The review's own preconditions of stage moves. Each returns what is missing, in words a coordinator can act on;
dhr/wiring.py lists them with the other packages' guards."""

from dhr.permissions import ReviewRole
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import entered_on

S = ReviewStage


def commissioned(review) -> str | None:
    """Set-up follows a decision to commission the review."""
    if not review.commissioned:
        return "Record a decision to commission the review before set-up"
    return None


def not_commissioned(review) -> str | None:
    """'Not commissioned' follows a decision not to."""
    if review.decision is None or review.commissioned:
        return "Record a decision not to commission the review first"
    return None


def _chairs(review) -> list:
    return [member for member in review.members if member.role is ReviewRole.CHAIR]


def chair_appointed(review) -> str | None:
    """Evidence gathering needs an independent chair."""
    if not _chairs(review):
        return "Appoint an independent chair before gathering evidence"
    return None


def chair_declared(review) -> str | None:
    """...who has declared their independence (nothing to declare until one is appointed)."""
    if not all(chair.declared_independence for chair in _chairs(review)):
        return "Record the chair's declaration of independence before gathering evidence"
    return None


def terms_agreed(review) -> str | None:
    """...and agreed terms of reference."""
    if review.terms_of_reference_agreed_on is None:
        return "Record when the terms of reference were agreed before gathering evidence"
    return None


def signed_off(review) -> str | None:
    """Submission to the Home Office follows the CSP's sign-off."""
    if review.signed_off_on is None:
        return "You cannot submit to the Home Office without a CSP sign-off record"
    return None


def approved(review) -> str | None:
    """Publication follows the QA panel's approval."""
    if entered_on(review, S.APPROVED) is None:
        return "You cannot publish without the Home Office QA panel's approval"
    return None
