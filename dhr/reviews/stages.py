"""Review stages, pause reasons and the transition table. Pure data: no Flask, no database."""

from dhr.core.enums import LabelledEnum


class ReviewStage(LabelledEnum):
    """Where a review is. Only workflow.transition() assigns it."""

    NOTIFIED = "notified"
    SCOPING = "scoping"
    DECISION = "decision"
    SET_UP = "set_up"
    EVIDENCE = "evidence_gathering"
    DRAFTING = "analysis_drafting"
    PANEL_AGREEMENT = "panel_agreement"
    FAMILY_SIGHT = "family_sight"
    CSP_SIGN_OFF = "csp_sign_off"
    SUBMITTED = "submitted"
    QA_FEEDBACK = "qa_feedback"
    REVISIONS = "revisions"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    MONITORING = "action_plan_monitoring"
    CLOSED = "closed"
    NOT_COMMISSIONED = "not_commissioned"
    WITHDRAWN = "withdrawn"
    PAUSED = "paused"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "notified": "Notified",
            "scoping": "Scoping",
            "decision": "Decision",
            "set_up": "Set-up",
            "evidence_gathering": "Evidence gathering",
            "analysis_drafting": "Analysis and drafting",
            "panel_agreement": "Panel agreement",
            "family_sight": "Family sight of draft",
            "csp_sign_off": "CSP sign-off",
            "submitted": "Submitted to the Home Office",
            "qa_feedback": "QA feedback",
            "revisions": "Revisions",
            "resubmitted": "Resubmitted",
            "approved": "Approved",
            "published": "Published",
            "action_plan_monitoring": "Action-plan monitoring",
            "closed": "Closed",
            "not_commissioned": "Not commissioned",
            "withdrawn": "Withdrawn",
            "paused": "Paused",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {
            "notified": "light-blue",
            "scoping": "light-blue",
            "decision": "light-blue",
            "set_up": "blue",
            "evidence_gathering": "blue",
            "analysis_drafting": "blue",
            "panel_agreement": "purple",
            "family_sight": "purple",
            "csp_sign_off": "purple",
            "submitted": "turquoise",
            "qa_feedback": "turquoise",
            "revisions": "orange",
            "resubmitted": "turquoise",
            "approved": "green",
            "published": "green",
            "action_plan_monitoring": "green",
            "closed": "grey",
            "not_commissioned": "grey",
            "withdrawn": "grey",
            "paused": "yellow",
        }


class PauseReason(LabelledEnum):
    """Why a review is paused."""

    CRIMINAL_TRIAL = "criminal_trial"
    INQUEST = "inquest"
    IOPC = "iopc_investigation"
    OTHER_REVIEW = "other_statutory_review"
    AWAITING_AGENCY = "awaiting_agency"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "criminal_trial": "Criminal trial",
            "inquest": "Inquest",
            "iopc_investigation": "IOPC investigation",
            "other_statutory_review": "Another statutory review",
            "awaiting_agency": "Awaiting an agency",
            "other": "Other",
        }


S = ReviewStage
TERMINAL = frozenset({S.CLOSED, S.NOT_COMMISSIONED, S.WITHDRAWN})
# The main line, in order: used for progress, task lists and statistics.
MAIN_LINE = (
    S.NOTIFIED,
    S.SCOPING,
    S.DECISION,
    S.SET_UP,
    S.EVIDENCE,
    S.DRAFTING,
    S.PANEL_AGREEMENT,
    S.FAMILY_SIGHT,
    S.CSP_SIGN_OFF,
    S.SUBMITTED,
    S.QA_FEEDBACK,
    S.REVISIONS,
    S.RESUBMITTED,
    S.APPROVED,
    S.PUBLISHED,
    S.MONITORING,
    S.CLOSED,
)

# Forward moves and the deliberate steps back (a draft that panel or family send back for more work).
# Pausing, resuming and withdrawing are added for every open stage below, not listed per stage.
_MOVES: dict[ReviewStage, tuple[ReviewStage, ...]] = {
    S.NOTIFIED: (S.SCOPING, S.DECISION),
    S.SCOPING: (S.DECISION,),
    S.DECISION: (S.SET_UP, S.NOT_COMMISSIONED),
    S.SET_UP: (S.EVIDENCE,),
    S.EVIDENCE: (S.DRAFTING,),
    S.DRAFTING: (S.PANEL_AGREEMENT,),
    S.PANEL_AGREEMENT: (S.FAMILY_SIGHT, S.DRAFTING),
    S.FAMILY_SIGHT: (S.CSP_SIGN_OFF, S.DRAFTING),
    S.CSP_SIGN_OFF: (S.SUBMITTED, S.DRAFTING),
    S.SUBMITTED: (S.QA_FEEDBACK,),
    S.QA_FEEDBACK: (S.REVISIONS, S.APPROVED),
    S.REVISIONS: (S.RESUBMITTED,),
    S.RESUBMITTED: (S.QA_FEEDBACK, S.APPROVED),
    # Straight to monitoring only when publication is withheld with the Home Office's agreement (a guard says so).
    S.APPROVED: (S.PUBLISHED, S.MONITORING),
    S.PUBLISHED: (S.MONITORING, S.CLOSED),
    S.MONITORING: (S.CLOSED,),
    # A decision not to hold a review can be reopened: the Home Office challenged it, or the Secretary of State
    # directed a review (DVCVA 2004 s9(2)).
    S.NOT_COMMISSIONED: (S.DECISION,),
}


def is_open(stage: ReviewStage) -> bool:
    """Open stages can be paused and withdrawn; terminal ones cannot change."""
    return stage not in TERMINAL and stage is not S.PAUSED


def allowed_targets(stage: ReviewStage) -> tuple[ReviewStage, ...]:
    """Every stage reachable from `stage` in one step (resuming from PAUSED is handled by the workflow)."""
    if stage in TERMINAL:
        return _MOVES.get(stage, ())
    if stage is S.PAUSED:
        return (S.WITHDRAWN,)
    return (*_MOVES.get(stage, ()), S.PAUSED, S.WITHDRAWN)


TRANSITIONS: dict[ReviewStage, frozenset[ReviewStage]] = {
    stage: frozenset(allowed_targets(stage)) for stage in ReviewStage
}
