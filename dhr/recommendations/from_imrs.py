"""Single-agency recommendations from the agencies' IMRs: each paragraph of an accepted IMR's recommendations
section is recorded as a recommendation of that agency, so the report's recommendations, its appendix and the
action plan carry them with the panel's own."""

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.audit.services import record
from dhr.drafting import paragraphs
from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Scope

IMR_SECTION = "recommendations"
_NUMBERED = re.compile(r"^\s*(?:R?\d{1,2}[.)]|[-•*])\s+")


@dataclass(frozen=True)
class ImrRecommendations:
    """One accepted IMR's recommendations: the paragraphs, and which of them are recorded."""

    involvement: AgencyInvolvement
    texts: tuple[str, ...]
    recorded: frozenset[int]  # paragraph numbers, from 1

    @property
    def waiting(self) -> list[int]:
        """Paragraph numbers not yet recorded as recommendations."""
        return [n for n in range(1, len(self.texts) + 1) if n not in self.recorded]


def _paragraphs(text: str) -> tuple[str, ...]:
    """The IMR's recommendations, one per paragraph, without the numbers or bullets the agency typed."""
    return tuple(_NUMBERED.sub("", block).strip() for block in paragraphs.split(text) if _NUMBERED.sub("", block))


def imr_recommendations(review) -> list[ImrRecommendations]:
    """Every accepted IMR of the review that makes recommendations, with those already recorded."""
    involvements = db.session.scalars(
        select(AgencyInvolvement)
        .where(AgencyInvolvement.review_id == review.id, AgencyInvolvement.status == EvidenceStatus.ACCEPTED)
        .options(selectinload(AgencyInvolvement.imr_versions), selectinload(AgencyInvolvement.agency))
    ).all()
    recorded: dict[int, set[int]] = {}
    for involvement_id, paragraph in db.session.execute(
        select(Recommendation.from_involvement_id, Recommendation.from_paragraph).where(
            Recommendation.review_id == review.id, Recommendation.from_involvement_id.is_not(None)
        )
    ):
        recorded.setdefault(involvement_id, set()).add(paragraph)
    found = []
    for involvement in sorted(involvements, key=lambda i: i.agency.name):
        if not involvement.imr_versions:
            continue
        texts = _paragraphs((involvement.imr_versions[-1].sections or {}).get(IMR_SECTION, ""))
        if texts:
            found.append(ImrRecommendations(involvement, texts, frozenset(recorded.get(involvement.id, ()))))
    return found


def record_from_imr(review, involvement_id: int, *, actor) -> int:
    """Record the IMR's recommendations not yet recorded, as single-agency recommendations of its agency; how many."""
    from dhr.recommendations.services import RecommendationError, next_number

    item = next((i for i in imr_recommendations(review) if i.involvement.id == involvement_id), None)
    if item is None:
        raise RecommendationError("That agency has no accepted IMR with recommendations on this review")
    if not item.waiting:
        raise RecommendationError("Every recommendation in that IMR is already recorded")
    added: list[Recommendation] = []
    first = next_number(review)
    for paragraph in item.waiting:
        recommendation = Recommendation(
            review_id=review.id,
            number=first + len(added),
            text=item.texts[paragraph - 1],
            scope=Scope.LOCAL,
            multi_agency=False,
            agency_id=item.involvement.agency_id,
            answers=[],
            created_by_id=actor.id,
            from_involvement_id=involvement_id,
            from_paragraph=paragraph,
        )
        db.session.add(recommendation)
        added.append(recommendation)
    db.session.flush()
    if added:
        record(
            "recommendation.recorded_from_imr",
            f"{actor.name} recorded {len(added)} single-agency recommendation{'s' if len(added) != 1 else ''} from "
            f"the {item.involvement.agency.code or item.involvement.agency.name} IMR",
            actor=actor,
            review_id=review.id,
            partnership_id=review.partnership_id,
            data={"numbers": [r.number for r in added], "involvement_id": involvement_id},
        )
    return len(added)
