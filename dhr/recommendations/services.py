"""Writing recommendations: numbered per review, with a target that fits the scope, themes and the findings they
answer. Every change is audited in the same transaction."""

import re

from sqlalchemy import func, select

from dhr.audit.services import record
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.recommendations.models import Recommendation, Theme
from dhr.recommendations.scopes import Department, Scope
from dhr.recommendations.taxonomy import DEFAULT_THEMES

# A finding or lesson is cited by its paragraph number in the overview: 17.x (conclusions) or 18.x (lessons).
ANSWER = re.compile(r"^1[78]\.[1-9][0-9]{0,2}$")


class RecommendationError(DomainError):
    """A recommendation the rules refuse; `field` names the form field."""


def seed_themes(partnership) -> int:
    """Give the partnership the default taxonomy (once). Returns how many themes were added."""
    have = set(db.session.scalars(select(Theme.slug).where(Theme.partnership_id == partnership.id)))
    added = 0
    for position, (slug, label) in enumerate(DEFAULT_THEMES, start=1):
        if slug not in have:
            db.session.add(Theme(partnership_id=partnership.id, slug=slug, label=label, position=position))
            added += 1
    db.session.flush()
    return added


def themes_for(partnership_id: int, *, active_only: bool = True) -> list[Theme]:
    """The partnership's themes in taxonomy order."""
    query = select(Theme).where(Theme.partnership_id == partnership_id).order_by(Theme.position, Theme.label)
    if active_only:
        query = query.where(Theme.active.is_(True))
    return list(db.session.scalars(query))


def parse_answers(text: str) -> list[str]:
    """'17.2, 18.1' -> ['17.2', '18.1']; raises RecommendationError naming anything that is not 17.x or 18.x."""
    parts = [p for p in re.split(r"[\s,;]+", text or "") if p]
    wrong = [p for p in parts if not ANSWER.match(p)]
    if wrong:
        raise RecommendationError(
            f"Enter paragraph numbers of the conclusions (17.x) or lessons (18.x), like 17.2. Not: {', '.join(wrong)}",
            "answers",
        )
    return list(dict.fromkeys(parts))


def _check(scope: Scope, multi_agency: bool, agency, department, department_other: str, text: str) -> None:
    if not text.strip():
        raise RecommendationError("Enter the recommendation", "text")
    if scope is Scope.NATIONAL:
        if department is None:
            raise RecommendationError("Select the government department a national recommendation is for", "department")
        if department is Department.OTHER and not department_other.strip():
            raise RecommendationError("Enter the name of the department", "department_other")
    elif agency is None and not multi_agency:
        raise RecommendationError("Select the agency the recommendation is for", "agency")


def next_number(review) -> int:
    """The number the review's next recommendation takes."""
    last = db.session.scalar(select(func.max(Recommendation.number)).where(Recommendation.review_id == review.id))
    return (last or 0) + 1


def save_recommendation(
    review,
    *,
    text: str,
    scope: Scope,
    multi_agency: bool,
    agency,
    department,
    department_other: str,
    answers: list[str],
    themes: list[Theme],
    actor,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """Add a recommendation (numbered after the last) or change one. National ones name a department."""
    _check(scope, multi_agency, agency, department, department_other, text)
    if any(theme.partnership_id != review.partnership_id for theme in themes):
        raise RecommendationError("Select themes from the list", "themes")
    if agency is not None and agency.partnership_id != review.partnership_id:
        raise RecommendationError("Select the agency from the list", "agency")
    new = recommendation is None
    if new:
        recommendation = Recommendation(review_id=review.id, number=next_number(review), created_by_id=actor.id)
        recommendation.review = review
        db.session.add(recommendation)
    recommendation.text = text.strip()
    recommendation.scope = scope
    recommendation.multi_agency = multi_agency
    recommendation.agency = agency
    recommendation.department = department if scope is Scope.NATIONAL else None
    recommendation.department_other = department_other.strip() if department is Department.OTHER else ""
    recommendation.answers = answers
    recommendation.themes = list(themes)
    db.session.flush()
    record(
        "recommendation.added" if new else "recommendation.changed",
        f"{actor.name} {'added' if new else 'changed'} recommendation {recommendation.label} of {review.reference}",
        actor=actor,
        obj=recommendation,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={
            "number": recommendation.number,
            "scope": scope.value,
            "themes": [t.slug for t in themes],
            "answers": answers,
        },
    )
    return recommendation


def recommendations_of(review) -> list[Recommendation]:
    """The review's recommendations in number order."""
    return list(
        db.session.scalars(
            select(Recommendation).where(Recommendation.review_id == review.id).order_by(Recommendation.number)
        )
    )
