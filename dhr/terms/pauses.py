"""The parallel processes still running, as reasons a review can pause for (dhr/reviews/pauses.py)."""

from dhr.reviews.pauses import PauseFor
from dhr.reviews.stages import PauseReason
from dhr.templating import uk_date
from dhr.terms.queries import parallel_processes
from dhr.terms.stages import ProcessKind, ProcessStatus

REASONS = {
    ProcessKind.CRIMINAL_TRIAL: PauseReason.CRIMINAL_TRIAL,
    ProcessKind.INQUEST: PauseReason.INQUEST,
    ProcessKind.IOPC: PauseReason.IOPC,
    ProcessKind.OTHER: PauseReason.OTHER,
}
FINISHED = (ProcessStatus.CONCLUDED, ProcessStatus.NOT_APPLICABLE)


def running(review) -> list[PauseFor]:
    """The review's parallel processes not yet concluded, with the pause reason each means."""
    found = []
    for process in parallel_processes(review):
        if process.status in FINISHED:
            continue
        label = process.kind.label + (f": {process.description}" if process.description else "")
        details = label + (f". Next date {uk_date(process.next_date)}" if process.next_date else "")
        reason = REASONS.get(process.kind, PauseReason.OTHER_REVIEW)
        found.append(PauseFor(str(process.id), label, reason, details))
    return found
