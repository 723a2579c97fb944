"""Repeat-detection benchmark: 2,000 earlier recommendations in a throwaway SQLite database (the demo partnership
plus synthetic ones spread over its reviews, each with themes), then:

- the index build (the first lookup after a change: fingerprint, load, tokenise, weigh);
- a lookup with the index cached (fingerprint query, ranking, loading the matches and their actions), median
  and p95 over reworded queries;
- the Recommendations page of review 13 (its four demo recommendations, none of the synthetic ones), which looks
  up each of them.

`.venv/bin/python bench/repeat_bench.py [--count 2000] [--repeat 200]`. Figures go in docs/performance.md.
"""

import argparse
import random
import time

from harness import median_p95, page_figures, seeded_app, signed_in, timed_ms
from sqlalchemy import select

from dhr.extensions import db
from dhr.recommendations import similarity
from dhr.recommendations.models import Recommendation, Theme
from dhr.recommendations.scopes import Scope
from dhr.reviews.models import Review

WHO = [
    "The police",
    "Adult social care",
    "Children's services",
    "The GP practice",
    "The acute trust",
    "The mental health trust",
    "The housing provider",
    "The probation service",
    "The domestic abuse service",
    "All partnership agencies",
    "The MARAC coordinator",
    "The ambulance service",
]
DO = [
    "should share",
    "should audit",
    "should record",
    "should review",
    "should train staff on",
    "should introduce guidance on",
    "should make referrals about",
    "should check",
]
WHAT = [
    "DASH risk assessment outcomes",
    "coercive control",
    "non-fatal strangulation",
    "economic abuse",
    "stalking and harassment",
    "substance misuse",
    "suicide risk",
    "tenancy enforcement",
    "carer's assessments",
    "routine enquiry about domestic abuse",
    "MARAC action plans",
    "disclosures by older victims",
    "information from the family",
    "missed appointments",
    "the needs of children in the household",
]
WITH = [
    "with the GP within 48 hours",
    "at every contact",
    "when a victim discloses abuse",
    "before closing a case",
    "with the MARAC",
    "across the partnership",
    "so that risk is understood",
    "within five working days",
    "in the annual audit",
    "for every high-risk case",
]


PAGE_REVIEW = 13


def _text(rng: random.Random) -> str:
    return f"{rng.choice(WHO)} {rng.choice(DO)} {rng.choice(WHAT)} {rng.choice(WITH)}."


def _reworded(rng: random.Random) -> str:
    """A query in other words: plural and verb forms change and a clause is added."""
    text = _text(rng).replace("should share", "must make sure it shares").replace("assessment", "assessments")
    return text.rstrip(".") + ", and report the results to the partnership board."


def _plant(count: int) -> tuple[int, int]:
    """Add `count` recommendations over the demo's reviews (bulk: no audit, as a migration would)."""
    rng = random.Random(7)
    # Review 13 keeps its own four recommendations: its page is measured below.
    reviews = list(db.session.scalars(select(Review).where(Review.id != PAGE_REVIEW).order_by(Review.id)))
    themes = list(db.session.scalars(select(Theme).where(Theme.partnership_id == reviews[0].partnership_id)))
    numbers = {review.id: 100 for review in reviews}
    for n in range(count):
        review = reviews[n % len(reviews)]
        numbers[review.id] += 1
        db.session.add(
            Recommendation(
                review_id=review.id,
                number=numbers[review.id],
                text=_text(rng),
                scope=Scope.LOCAL,
                multi_agency=False,
                answers=["17.1"],
                themes=rng.sample(themes, rng.randint(1, 3)),
            )
        )
    db.session.commit()
    return reviews[0].partnership_id, len(themes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    app = seeded_app()
    with app.test_request_context():
        partnership_id, theme_count = _plant(args.count)
        total = db.session.scalar(
            select(db.func.count(Recommendation.id))
            .join(Review, Review.id == Recommendation.review_id)
            .where(Review.partnership_id == partnership_id)
        )
        theme_ids = list(db.session.scalars(select(Theme.id).where(Theme.partnership_id == partnership_id)))
        builds = []
        for _ in range(5):
            similarity.forget()
            start = time.perf_counter()
            similarity.index_for(partnership_id)
            builds.append((time.perf_counter() - start) * 1000)
        rng = random.Random(11)
        queries = [(_reworded(rng), rng.sample(theme_ids, 2)) for _ in range(args.repeat)]
        found = [len(similarity.similar(partnership_id, text, themes)) for text, themes in queries]
        position = iter(range(10**9))

        def lookup():
            text, themes = queries[next(position) % len(queries)]
            similarity.similar(partnership_id, text, themes, exclude_review_id=PAGE_REVIEW)

        median, p95 = median_p95(timed_ms(lookup, args.repeat))
        fingerprint_median, _ = median_p95(timed_ms(lambda: similarity.fingerprint(partnership_id), 50))
    client = signed_in(app, "coordinator@swp.example")
    page_median, page_p95, page_queries = page_figures(app, client, f"/reviews/{PAGE_REVIEW}/recommendations", 20)
    print(f"{total:,} recommendations, {theme_count} themes")
    print(f"index build (cold): median {sorted(builds)[2]:.1f} ms, min {min(builds):.1f} ms")
    print(f"lookup (cached index): median {median:.2f} ms, p95 {p95:.2f} ms")
    print(f"  of which the fingerprint query: median {fingerprint_median:.2f} ms")
    print(f"matches per reworded query: mean {sum(found) / len(found):.1f} (limit {similarity.DEFAULT_LIMIT})")
    print(f"recommendations page (4 recommendations): median {page_median:.1f} ms, p95 {page_p95:.1f} ms")
    print(f"  {page_queries} queries")


if __name__ == "__main__":
    main()
