"""Statuses that move: a terms of reference version, and a parallel process. Pure data."""

from dhr.core.enums import LabelledEnum


class TermsStatus(LabelledEnum):
    """A version is drafted, then agreed by the panel; an agreed version never changes again."""

    DRAFT = "draft"
    AGREED = "agreed"

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"draft": "blue", "agreed": "green"}


TERMS_TRANSITIONS: dict[TermsStatus, frozenset[TermsStatus]] = {
    TermsStatus.DRAFT: frozenset({TermsStatus.AGREED}),
    TermsStatus.AGREED: frozenset(),
}


class ProcessKind(LabelledEnum):
    """Proceedings and reviews that run alongside the DHR (domain.md §3.1 section 10)."""

    CRIMINAL_TRIAL = "criminal_trial"
    INQUEST = "inquest"
    IOPC = "iopc"
    SAR = "sar"
    CSPR = "cspr"
    MENTAL_HEALTH = "mental_health_review"
    OWHR = "owhr"
    MAPPA_SCR = "mappa_scr"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "criminal_trial": "Criminal trial",
            "inquest": "Inquest",
            "iopc": "IOPC investigation",
            "sar": "Safeguarding Adults Review (SAR)",
            "cspr": "Child Safeguarding Practice Review (CSPR)",
            "mental_health_review": "Mental health homicide review",
            "owhr": "Offensive Weapons Homicide Review (OWHR)",
            "mappa_scr": "MAPPA serious case review",
            "other": "Other",
        }


class ProcessStatus(LabelledEnum):
    """Where a parallel process stands."""

    NOT_STARTED = "not_started"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    CONCLUDED = "concluded"
    NOT_APPLICABLE = "not_applicable"

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {
            "not_started": "grey",
            "scheduled": "light-blue",
            "in_progress": "blue",
            "concluded": "green",
            "not_applicable": "grey",
        }


P = ProcessStatus
PROCESS_TRANSITIONS: dict[ProcessStatus, frozenset[ProcessStatus]] = {
    P.NOT_STARTED: frozenset({P.SCHEDULED, P.IN_PROGRESS, P.CONCLUDED, P.NOT_APPLICABLE}),
    # A listing can be vacated.
    P.SCHEDULED: frozenset({P.NOT_STARTED, P.IN_PROGRESS, P.CONCLUDED, P.NOT_APPLICABLE}),
    # An inquest opened and adjourned, or a trial adjourned, waits for its next date.
    P.IN_PROGRESS: frozenset({P.SCHEDULED, P.CONCLUDED}),
    # An appeal, a retrial or a resumed inquest reopens it.
    P.CONCLUDED: frozenset({P.IN_PROGRESS}),
    P.NOT_APPLICABLE: frozenset({P.NOT_STARTED, P.SCHEDULED, P.IN_PROGRESS}),
}
