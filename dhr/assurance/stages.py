"""Enumerations for sign-off, submission and QA, and the development points' small workflow. Pure data."""

from dhr.core.enums import LabelledEnum


class SubmissionKind(LabelledEnum):
    """The first submission to the Home Office, or a resubmission after the QA panel asked for one."""

    FIRST = "first"
    RESUBMISSION = "resubmission"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"first": "First submission", "resubmission": "Resubmission"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"first": "turquoise", "resubmission": "orange"}


class SendMethod(LabelledEnum):
    """How the report went out."""

    SECURE_EMAIL = "secure_email"
    SECURE_PORTAL = "secure_portal"
    EMAIL = "email"
    POST = "post"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "secure_email": "Secure email",
            "secure_portal": "Secure portal or file transfer",
            "email": "Email",
            "post": "Post",
        }


class CopyRecipient(LabelledEnum):
    """Who receives a copy of the completed report by law."""

    COMMISSIONER = "commissioner"
    SECRETARY_OF_STATE = "secretary_of_state"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "commissioner": "Domestic Abuse Commissioner",
            "secretary_of_state": "Secretary of State",
        }


class QaOutcome(LabelledEnum):
    """What the QA panel's letter decided."""

    APPROVED = "approved"
    SUBJECT_TO_CHANGES = "approved_subject_to_changes"
    RESUBMISSION = "resubmission_required"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "approved": "Approved for publication",
            "approved_subject_to_changes": "Approved subject to changes",
            "resubmission_required": "Resubmission required",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"approved": "green", "approved_subject_to_changes": "yellow", "resubmission_required": "orange"}

    @property
    def approves(self) -> bool:
        """True when the letter lets the review be approved (at once, or once the changes are made)."""
        return self is not QaOutcome.RESUBMISSION


class PointStatus(LabelledEnum):
    """Where the response to one development point stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ADDRESSED = "addressed"
    NOT_ACCEPTED = "not_accepted"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"open": "Open", "in_progress": "In progress", "addressed": "Addressed", "not_accepted": "Not accepted"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"open": "grey", "in_progress": "blue", "addressed": "green", "not_accepted": "purple"}

    @property
    def closed(self) -> bool:
        """Addressed, or not accepted with a reason: nothing more to do before resubmission or approval."""
        return self in CLOSED


P = PointStatus
CLOSED = frozenset({P.ADDRESSED, P.NOT_ACCEPTED})
# Once work starts a point never goes back to "open"; a closed point can be reopened while the matrix is open.
POINT_TRANSITIONS: dict[PointStatus, frozenset[PointStatus]] = {
    P.OPEN: frozenset({P.IN_PROGRESS, P.ADDRESSED, P.NOT_ACCEPTED}),
    P.IN_PROGRESS: frozenset({P.ADDRESSED, P.NOT_ACCEPTED}),
    P.ADDRESSED: frozenset({P.IN_PROGRESS, P.NOT_ACCEPTED}),
    P.NOT_ACCEPTED: frozenset({P.IN_PROGRESS, P.ADDRESSED}),
}


class HoldKind(LabelledEnum):
    """Why an approved report is not published now."""

    DEFERRED = "deferred"
    WITHHELD = "withheld"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "deferred": "Deferred: published later",
            "withheld": "Withheld, with the Home Office's agreement",
        }
