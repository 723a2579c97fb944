"""Repeat detection: the partnership's recommendations from other reviews that resemble one being written.

Text similarity is a TF-IDF cosine over normalised tokens (lower case, accents folded, punctuation dropped, a
small stop-word list, a light suffix stemmer), computed in process: no external service, no model. It is
combined with the overlap of the two recommendations' themes:

    score = TEXT_WEIGHT x text cosine + THEME_WEIGHT x theme Jaccard

and a recommendation counts as similar when score >= THRESHOLD and the text cosine alone >= TEXT_FLOOR (sharing
themes is not enough by itself: every information-sharing recommendation shares a theme). The figures were
chosen against the demo's planted repeat and reworded duplicates in tests/recommendations/test_similarity.py;
docs/decisions.md records why.

The index (one per partnership) is built once and cached in the process. Every lookup first asks the database
for a cheap fingerprint of the partnership's recommendations (count, highest id, latest change, summed
versions and text lengths, and the theme links); a different fingerprint rebuilds the index, so a
recommendation saved by any process is seen by the next lookup. A recommendation flushed in this process also
drops the cache at once. Outcomes (from the actions) are read fresh for the matches only.
"""

import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, selectinload

from dhr.extensions import db
from dhr.recommendations.models import Recommendation, recommendation_themes
from dhr.reviews.models import Review

TEXT_WEIGHT = 0.7
THEME_WEIGHT = 0.3
THRESHOLD = 0.35
TEXT_FLOOR = 0.25
DEFAULT_LIMIT = 5
CACHE_SIZE = 32  # partnerships kept in memory; one index of 2,000 recommendations is about 2 MB

_STOP_TEXT = """
a about above after again all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each either ensure ensures few for from further had has have having
he her here hers him his how i if in into is it its itself may me might more most must my no nor not of off on
once only or other our ours out over own same she should so some such than that the their theirs them then there
these they this those through to too under until up upon very was we were what when where which while who whom
why will with within without would you your
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# Suffixes stripped, longest first, while at least three letters remain: "sharing", "shared", "shares" -> "shar".
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def stem(word: str) -> str:
    """A light stemmer: plural, verb and -ment/-ation endings off, a final 'e' off and a doubled consonant halved."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "referred" -> "referr" -> "refer"
    return word


def tokens(text: str) -> list[str]:
    """The text as stemmed, lower-case words without accents, punctuation, stop words or single letters."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return [stem(word) for word in _NON_WORD.sub(" ", folded).split() if len(word) > 1 and word not in STOP_WORDS]


def _weights(counts: Counter, idf) -> dict[str, float]:
    """Sublinear TF-IDF weights, scaled to unit length."""
    weights = {term: (1 + math.log(n)) * idf(term) for term, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def jaccard(a: frozenset, b: frozenset) -> float:
    """Shared themes over all themes of the two; 0 when either has none."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Document:
    """One indexed recommendation: what ranking needs, nothing more."""

    recommendation_id: int
    review_id: int
    themes: frozenset[int]


class Index:
    """TF-IDF vectors of a partnership's recommendations, with postings lists so a lookup touches only the
    recommendations that share a word with the query."""

    def __init__(self, rows: list[tuple[int, int, str, frozenset[int]]]):
        self.documents = [Document(rec_id, review_id, themes) for rec_id, review_id, _text, themes in rows]
        counted = [Counter(tokens(text)) for _rec_id, _review_id, text, _themes in rows]
        frequency = Counter(term for counts in counted for term in counts)
        size = len(rows)
        # Smoothed IDF: a word no recommendation uses weighs most, so unmatched words in the query lower the score.
        self._idf = {term: math.log((1 + size) / (1 + n)) + 1 for term, n in frequency.items()}
        self._unseen = math.log(1 + size) + 1
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for position, counts in enumerate(counted):
            for term, weight in _weights(counts, self.idf).items():
                self.postings.setdefault(term, []).append((position, weight))

    def idf(self, term: str) -> float:
        """The term's inverse document frequency in this partnership's recommendations."""
        return self._idf.get(term, self._unseen)

    def rank(self, text: str, theme_ids, *, exclude_review_id: int | None = None, limit: int = DEFAULT_LIMIT):
        """(document, score, text score, theme score) of the best matches over the thresholds, best first."""
        query = _weights(Counter(tokens(text)), self.idf)
        dots: dict[int, float] = {}
        for term, weight in query.items():
            for position, theirs in self.postings.get(term, ()):
                dots[position] = dots.get(position, 0.0) + weight * theirs
        wanted = frozenset(theme_ids or ())
        found = []
        for position, cosine in dots.items():
            document = self.documents[position]
            if cosine < TEXT_FLOOR or document.review_id == exclude_review_id:
                continue
            overlap = jaccard(wanted, document.themes)
            score = TEXT_WEIGHT * cosine + THEME_WEIGHT * overlap
            if score >= THRESHOLD:
                found.append((document, round(score, 3), round(cosine, 3), round(overlap, 3)))
        found.sort(key=lambda match: (-match[1], match[0].recommendation_id))
        return found[:limit]


_cache: dict[int, tuple[tuple, Index]] = {}
_lock = threading.Lock()


def _of_partnership(query, partnership_id: int):
    return query.join(Review, Review.id == Recommendation.review_id).where(Review.partnership_id == partnership_id)


def _links(partnership_id: int, column):
    """An aggregate over the partnership's theme links, as a scalar subquery."""
    return (
        select(column)
        .select_from(recommendation_themes)
        .join(Recommendation, Recommendation.id == recommendation_themes.c.recommendation_id)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == partnership_id)
        .scalar_subquery()
    )


def fingerprint(partnership_id: int) -> tuple:
    """What changes whenever a recommendation of the partnership is added, edited or re-tagged (one query)."""
    row = db.session.execute(
        _of_partnership(
            select(
                func.count(Recommendation.id),
                func.max(Recommendation.id),
                func.max(Recommendation.updated_at),
                func.sum(Recommendation.version),
                func.sum(func.length(Recommendation.text)),
                _links(partnership_id, func.count()),
                _links(partnership_id, func.coalesce(func.sum(recommendation_themes.c.theme_id), 0)),
            ),
            partnership_id,
        )
    ).one()
    return tuple(str(value) for value in row)


def _build(partnership_id: int) -> Index:
    rows = db.session.execute(
        _of_partnership(
            select(Recommendation.id, Recommendation.review_id, Recommendation.text), partnership_id
        ).order_by(Recommendation.id)
    ).all()
    themes: dict[int, set[int]] = {}
    links = db.session.execute(
        select(recommendation_themes.c.recommendation_id, recommendation_themes.c.theme_id).where(
            recommendation_themes.c.recommendation_id.in_(
                _of_partnership(select(Recommendation.id), partnership_id).scalar_subquery()
            )
        )
    )
    for rec_id, theme_id in links:
        themes.setdefault(rec_id, set()).add(theme_id)
    return Index([(rec_id, review_id, text, frozenset(themes.get(rec_id, ()))) for rec_id, review_id, text in rows])


def index_for(partnership_id: int) -> Index:
    """The partnership's index, rebuilt only when its recommendations have changed since it was built."""
    key = fingerprint(partnership_id)
    cached = _cache.get(partnership_id)
    if cached is not None and cached[0] == key:
        return cached[1]
    index = _build(partnership_id)
    with _lock:
        _cache.pop(partnership_id, None)
        while len(_cache) >= CACHE_SIZE:
            _cache.pop(next(iter(_cache)))  # the oldest entry
        _cache[partnership_id] = (key, index)
    return index


def forget(partnership_id: int | None = None) -> None:
    """Drop the cached index of one partnership, or of all."""
    with _lock:
        if partnership_id is None:
            _cache.clear()
        else:
            _cache.pop(partnership_id, None)


@event.listens_for(Session, "after_flush")
def _recommendations_flushed(session, _context) -> None:
    """A recommendation written in this process drops every cached index at once (rebuilding is cheap), so the
    next lookup never trusts a fingerprint that a rolled-back transaction could have repeated. Other processes
    notice through the fingerprint."""
    if _cache and any(isinstance(obj, Recommendation) for obj in (*session.new, *session.dirty, *session.deleted)):
        forget()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def outcome_of(actions) -> str:
    """What became of a recommendation, from its actions: 'completed March 2022', 'superseded',
    'in progress: 2 of 3 actions open' or 'no actions recorded'."""
    from dhr.actions.stages import ActionStatus

    actions = list(actions)
    if not actions:
        return "no actions recorded"
    still_open = [a for a in actions if a.status.is_open]
    if still_open:
        return f"in progress: {len(still_open)} of {_plural(len(actions), 'action')} open"
    completed = [a for a in actions if a.status is ActionStatus.COMPLETED]
    if not completed:
        return "superseded"
    dates = [a.completed_on for a in completed if a.completed_on]
    when = f" {max(dates):%B %Y}" if dates else ""
    superseded = len(actions) - len(completed)
    if superseded:
        return f"completed{when} ({superseded} of {_plural(len(actions), 'action')} superseded)"
    return f"completed{when}"


@dataclass(frozen=True)
class Match:
    """A similar recommendation from another review, with what became of it."""

    recommendation_id: int
    review_id: int
    review_reference: str
    label: str
    text: str
    score: float
    text_score: float
    theme_score: float
    themes: tuple[str, ...]
    outcome: str

    @property
    def summary(self) -> str:
        """'Similar to SWP-DARDR-2024-01 R1, completed October 2025'."""
        return f"Similar to {self.review_reference} {self.label}, {self.outcome}"


def _describe(ranked: dict) -> dict:
    """Turn ranked documents into Matches, loading every matched recommendation in one go (three queries)."""
    wanted = {document.recommendation_id for found in ranked.values() for document, *_ in found}
    if not wanted:
        return {key: [] for key in ranked}
    rows = db.session.execute(
        select(Recommendation, Review.reference)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Recommendation.id.in_(wanted))
        .options(selectinload(Recommendation.themes), selectinload(Recommendation.actions))
    ).all()
    loaded = {recommendation.id: (recommendation, reference) for recommendation, reference in rows}
    described = {}
    for key, found in ranked.items():
        described[key] = [
            Match(
                recommendation_id=document.recommendation_id,
                review_id=document.review_id,
                review_reference=loaded[document.recommendation_id][1],
                label=loaded[document.recommendation_id][0].label,
                text=loaded[document.recommendation_id][0].text,
                score=score,
                text_score=text_score,
                theme_score=theme_score,
                themes=tuple(theme.label for theme in loaded[document.recommendation_id][0].themes),
                outcome=outcome_of(loaded[document.recommendation_id][0].actions),
            )
            for document, score, text_score, theme_score in found
            if document.recommendation_id in loaded
        ]
    return described


def similar(
    partnership_id: int, text: str, theme_ids, exclude_review_id: int | None = None, limit: int = DEFAULT_LIMIT
) -> list[Match]:
    """The partnership's recommendations from other reviews most like this text and these themes, best first."""
    if not (text or "").strip():
        return []
    ranked = index_for(partnership_id).rank(text, theme_ids, exclude_review_id=exclude_review_id, limit=limit)
    return _describe({None: ranked})[None]


def similar_for(review, recommendations, limit: int = DEFAULT_LIMIT) -> dict[int, list[Match]]:
    """For each of a review's recommendations, the similar ones from the partnership's other reviews, with a
    constant number of queries however many there are."""
    if not recommendations:
        return {}
    index = index_for(review.partnership_id)
    ranked = {
        recommendation.id: index.rank(
            recommendation.text,
            [theme.id for theme in recommendation.themes],
            exclude_review_id=review.id,
            limit=limit,
        )
        for recommendation in recommendations
    }
    return _describe(ranked)
