"""The sequence from sign-off to publication, oldest first, for the top of the Sign-off and QA page."""

from dataclasses import dataclass
from datetime import date

from dhr.assurance.records import valid_sign_offs


@dataclass(frozen=True)
class Step:
    """One dated event, with the section of the page that has its details."""

    on: date
    title: str
    detail: str = ""
    anchor: str = ""


def sequence(review) -> list[Step]:
    """Sign-offs, submissions, copies, QA panels and letters, and publication, in date order (ties keep that order)."""
    standing = {s.id for s in valid_sign_offs(review)}
    steps: list[Step] = []
    for sign_off in review.csp_sign_offs:
        reason = sign_off.void_reason or "The report went back for more work"
        reason = reason[0].lower() + reason[1:]
        void = "" if sign_off.id in standing else f" (void: {reason})"
        steps.append(
            Step(
                sign_off.signed_off_on,
                f"CSP sign-off by {sign_off.who}{void}",
                f"Minute {sign_off.minute_reference}",
                "sign-off",
            )
        )
    for submission in review.ho_submissions:
        steps.append(
            Step(
                submission.sent_on,
                f"{submission.kind.label} to the Home Office",
                submission.versions_sent,
                "submissions",
            )
        )
    for copy in review.report_copies:
        steps.append(
            Step(copy.sent_on, f"Copy of the report sent to the {copy.recipient.label}", copy.what_sent, "copies")
        )
    for letter in review.qa_letters:
        anchor = f"letter-{letter.id}"
        steps.append(Step(letter.panel_on, "Home Office QA panel met", "", anchor))
        points = len(letter.points)
        detail = (
            f"{points} development point{'' if points == 1 else 's'}, {len(letter.open_points)} open" if points else ""
        )
        steps.append(Step(letter.received_on, f"QA letter received: {letter.outcome.label}", detail, anchor))
    publication = review.publication
    if publication is not None:
        if publication.family_told_on:
            steps.append(Step(publication.family_told_on, "Family told of publication", "", "publication"))
        steps.append(Step(publication.published_on, "Report published", publication.web_address, "publication"))
        if publication.executive_summary_on:
            steps.append(Step(publication.executive_summary_on, "Executive summary published", "", "publication"))
    return sorted(steps, key=lambda step: step.on)
