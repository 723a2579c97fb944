"""The review's task list from CSP sign-off to publication, each task linking to the form that does it."""

from dhr.assurance.records import latest_letter
from dhr.assurance.stages import HoldKind
from dhr.clocks.rules import ClockEvent
from dhr.core.links import path_for
from dhr.reviews.stages import ReviewStage
from dhr.reviews.tasks import Task, guard_tasks

S = ReviewStage
ASSURANCE_STAGES = frozenset(
    {S.CSP_SIGN_OFF, S.SUBMITTED, S.QA_FEEDBACK, S.REVISIONS, S.RESUBMITTED, S.APPROVED, S.PUBLISHED}
)


def assurance_tasks(review, events: dict, move_on) -> list:
    """What the stage still needs; `events` are the review's clock facts, `move_on` the generic stage-change task."""
    stage = review.stage

    def link(endpoint: str, anchor: str = "") -> str:
        return path_for(endpoint, review_id=review.id) + (f"#{anchor}" if anchor else "")

    copy = Task(
        "Send a copy to the Domestic Abuse Commissioner",
        ClockEvent.COMMISSIONER_COPY_SENT in events,
        link("assurance.record_report_copy"),
        "The law requires it as soon as reasonably practicable after sign-off",
    )
    if stage is S.CSP_SIGN_OFF:
        tasks = guard_tasks(review, S.SUBMITTED)
        return [*tasks[:1], copy, *tasks[1:]] if review.signed_off_on is not None else tasks
    if stage is S.APPROVED:
        hold = review.publication_hold
        if hold is not None and hold.kind is HoldKind.WITHHELD:
            return [move_on]  # withheld with the Home Office's agreement: on to monitoring the action plan
        return guard_tasks(review, S.PUBLISHED)
    if stage is S.PUBLISHED:
        publication = review.publication
        return [
            Task(
                "Add the Home Office DHR Library entry",
                bool(publication and publication.library_entry),
                link("assurance.record_publication"),
            ),
            copy,
            move_on,
        ]
    tasks = [copy]
    if stage in (S.SUBMITTED, S.RESUBMITTED):
        return [*tasks, *guard_tasks(review, S.QA_FEEDBACK)]
    letter = latest_letter(review)
    remaining = len(letter.open_points) if letter else 0
    tasks.append(
        Task(
            "Respond to the development points",
            letter is not None and not remaining,
            link("assurance.overview", f"letter-{letter.id}" if letter else "qa-letters"),
            f"{remaining} open" if remaining else "",
        )
    )
    if stage is S.REVISIONS:
        tasks.append(
            Task(
                "Record the resubmission",
                False,
                link("assurance.record_submission"),
                "Once every point is addressed or not accepted. This moves the review to Resubmitted",
            )
        )
    else:
        tasks.append(move_on)
    return tasks
