"""Names to check before publishing: the publication text's name-like words that nobody has vouched for, and the
chair's confirmations that a word is not a person's real name."""

from sqlalchemy import select

from dhr.audit.services import record
from dhr.extensions import db
from dhr.privacy import fold
from dhr.privacy.names import Candidate, known_words, name_like
from dhr.reports.context import PREVIEW, agency_names, context_for
from dhr.reports.models import CheckedName

DOCUMENTS = (("overview", "Overview Report"), ("executive-summary", "Executive Summary"))


def publication_texts(review) -> tuple[list[tuple[str, str]], list[str]]:
    """Every paragraph as a publication would print it, with where it is; and the glossary's words."""
    texts, glossary = [], []
    for kind, title in DOCUMENTS:
        context = context_for(review, kind, version=PREVIEW)
        for section in context.sections:
            for paragraph in section.paragraphs:
                texts.append((f"{title} {paragraph.number or section.title}", paragraph.text))
        for term in getattr(context, "glossary", ()) or ():
            glossary += [term.term, term.meaning]
        plan = getattr(context, "action_plan", None)
        for recommendation in plan.recommendations if plan else ():
            for n, action in enumerate(recommendation.actions, start=1):
                texts.append((f"Action plan, recommendation {recommendation.number}, action {n}", action.action))
    return texts, glossary


def _vouched(review, glossary: list[str]) -> list[str]:
    """What the review itself names openly: pseudonyms, agencies, the partnership, places and the review's team."""
    return [
        *(person.pseudonym for person in review.people),
        *(part for row in agency_names(review).items() for part in row),
        review.partnership.name,
        review.place_of_death or "",
        review.police_force_area or "",
        *(member.user.name for member in review.members),
        *glossary,
    ]


def checked(review) -> list[CheckedName]:
    """The confirmations recorded on this review, newest first."""
    return list(
        db.session.scalars(
            select(CheckedName).where(CheckedName.review_id == review.id).order_by(CheckedName.checked_at.desc())
        )
    )


def to_check(review) -> list[Candidate]:
    """The name-like words of the publication text that nobody has confirmed yet."""
    texts, glossary = publication_texts(review)
    done = {row.folded for row in checked(review)}
    return [c for c in name_like(texts, known_words(_vouched(review, glossary))) if key(c.words) not in done]


def key(words: str) -> str:
    """How a confirmation matches later text: folded, lower case, single-spaced."""
    return fold.normalise(words).strip()[:200]


def confirm(review, chosen: list[str], *, actor) -> int:
    """Record that each chosen word is not a real name (ignoring any already confirmed); audited. Returns how many."""
    waiting = {key(c.words): c.words for c in to_check(review)}
    added = [
        CheckedName(review_id=review.id, folded=k, words=waiting[k][:200], checked_by_id=actor.id)
        for k in dict.fromkeys(chosen)
        if k in waiting
    ]
    db.session.add_all(added)
    db.session.flush()
    if added:
        record(
            "report.names_checked",
            f"{review.reference}: {len(added)} name-like word{'s' if len(added) != 1 else ''} confirmed as not a name",
            actor=actor,
            obj=review,
            review_id=review.id,
            partnership_id=review.partnership_id,
            data={"words": [row.words for row in added]},
        )
    return len(added)
