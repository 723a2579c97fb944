"""One chronological story of the review: stage changes, correspondence and key dates."""

from dataclasses import dataclass
from datetime import date

from dhr.reviews.stages import ReviewStage


@dataclass(frozen=True)
class TimelineItem:
    """One dated line on the timeline."""

    on: date
    kind: str  # "stage", "correspondence" or "date"
    title: str
    detail: str = ""


def timeline(review, *, with_correspondence: bool, with_case_detail: bool) -> list[TimelineItem]:
    """Newest first. Correspondence and free-text reasons only for those allowed to see them: reasons for
    pausing, withdrawing or deciding often retell the circumstances of the death."""
    items: list[TimelineItem] = []
    for change in review.stage_changes:
        if change.from_stage is None:
            title = f"Notification recorded: {change.to_stage.label}"
        elif change.to_stage is ReviewStage.PAUSED:
            title = f"Paused ({change.pause_reason.label})"
        elif change.from_stage is ReviewStage.PAUSED:
            title = f"Resumed at {change.to_stage.label}"
        else:
            title = f"{change.from_stage.label} to {change.to_stage.label}"
        items.append(TimelineItem(change.effective_on, "stage", title, change.reason if with_case_detail else ""))
    if with_correspondence:
        for entry in review.correspondence:
            way = "to" if entry.direction.value == "sent" else "from"
            items.append(
                TimelineItem(
                    entry.occurred_on,
                    "correspondence",
                    f"{entry.subject.label} {way} {entry.counterpart.label}",
                    entry.summary,
                )
            )
    for on, title in (
        (review.date_of_death, "Date of death"),
        (review.terms_of_reference_agreed_on, "Terms of reference agreed"),
        (review.signed_off_on, "CSP sign-off"),
    ):
        if on:
            items.append(TimelineItem(on, "date", title))
    return sorted(items, key=lambda item: item.on, reverse=True)
