"""The publication gate: a version for publication is produced only once publication is agreed and the document
is complete. Until then the preview (marked NOT FOR PUBLICATION on every page) is what can be shared."""

from sqlalchemy import select

from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.reports.context import ActionPlanContext, ChronologyContext, ReportContext


class PublicationBlockedError(DomainError):
    """The publication version cannot be produced yet; `reasons` says why, one line each."""

    def __init__(self, reasons: list[str]):
        super().__init__("The publication version was not produced: " + "; ".join(reasons))
        self.reasons = reasons


def agreed(review) -> bool:
    """The QA panel approved the report (the review reached Approved), or the coordinator recorded the Home
    Office's letter agreeing publication in the correspondence register."""
    from dhr.correspondence.models import CorrespondenceEntry, Counterpart, Direction, Subject
    from dhr.reviews.stages import ReviewStage
    from dhr.reviews.workflow import entered_on

    if entered_on(review, ReviewStage.APPROVED) is not None:
        return True
    letter = db.session.scalar(
        select(CorrespondenceEntry.id)
        .where(
            CorrespondenceEntry.review_id == review.id,
            CorrespondenceEntry.direction == Direction.RECEIVED,
            CorrespondenceEntry.counterpart == Counterpart.HOME_OFFICE,
            CorrespondenceEntry.subject == Subject.PUBLICATION,
        )
        .limit(1)
    )
    return letter is not None


NOT_AGREED = (
    "The Home Office QA panel has not approved the report, and no letter from the Home Office agreeing publication "
    "is in the correspondence register. Download the preview instead: it is marked NOT FOR PUBLICATION."
)


def _filled(section, context: ReportContext) -> bool:
    if section.key == "appendix_glossary":
        return True  # built from the text: "No abbreviations are used" is an answer too
    if section.key == "appendix_action_plan":
        return bool(context.action_plan and context.action_plan.recommendations)
    return any(p.text.strip() for p in section.paragraphs if not p.heading)


def empty_parts(context) -> list[str]:
    """Each part a published document may not leave empty, named."""
    if isinstance(context, ReportContext):
        return [
            f"Section {section.number} '{section.title}' is empty" if section.number else f"'{section.title}' is empty"
            for section in context.sections
            if not section.optional and not _filled(section, context)
        ]
    if isinstance(context, ActionPlanContext) and not context.recommendations:
        return ["The action plan has no recommendations"]
    if isinstance(context, ChronologyContext) and not context.rows:
        return ["The combined chronology has no accepted entries"]
    return []


def check(review, context) -> None:
    """Raise PublicationBlockedError unless publication is agreed and no required part is empty."""
    reasons = ([] if agreed(review) else [NOT_AGREED]) + empty_parts(context)
    if reasons:
        raise PublicationBlockedError(reasons)
