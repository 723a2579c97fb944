"""Search at scale: 500,000 chronology rows in the index across 50 reviews, searched by a coordinator (who sees every
row) and by a panel member on 5 of the reviews (whose rows pass the accepted-agency check). Prints the median and
p95 milliseconds of a whole search, for a rare word, a common word, two words, a prefix and a reference.

`.venv/bin/python bench/search_bench.py [--rows 500000] [--database postgres]` (postgres: a throwaway database on
DATABASE_URL's server or 127.0.0.1:5432, dropped afterwards). Prints figures; docs/performance.md records them.
"""

import argparse
import random
import time

from harness import db, empty_app, median_p95
from sqlalchemy import func, insert, select, text

from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired
from dhr.permissions import ReviewRole, Role
from dhr.reviews import services
from dhr.search.models import SearchDocument
from dhr.search.queries import search
from tests.factories import create_agency, create_partnership, create_review, create_user

REVIEWS, AGENCIES, PANEL_REVIEWS = 50, 10, 5
COMMON = ["visited", "police", "address", "called", "reported", "hospital", "referral", "risk", "home", "contact"]
RARE = ["quokka", "marmalade", "zeppelin"]


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return COMMON + ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(4000)]


def _sentence(rng: random.Random, words: list[str]) -> str:
    # Zipf-like: a few words are in many rows, most in few.
    picked = [words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(rng.randint(15, 40))]
    if rng.random() < 0.00002:
        picked.append(rng.choice(RARE))
    return " ".join(picked).capitalize() + "."


def _seed(rows: int):
    rng = random.Random(7)
    partnership = create_partnership(name="Search Bench", prefix="SRB")
    coordinator = create_user(partnership, Role.COORDINATOR)
    panel = create_user(partnership)
    agencies = [create_agency(partnership, code=f"SRB-{n}") for n in range(AGENCIES)]
    reviews = [create_review(partnership, coordinator=coordinator, victim=f"Adult {n}") for n in range(REVIEWS)]
    for n, review in enumerate(reviews):
        if n < PANEL_REVIEWS:
            services.add_member(review, user=panel, role=ReviewRole.PANEL_MEMBER, agency=agencies[0], actor=coordinator)
        for a, agency in enumerate(agencies):
            db.session.add(
                AgencyInvolvement(
                    review_id=review.id,
                    agency_id=agency.id,
                    contact_victim=Contact.YES,
                    contact_perpetrator=Contact.UNKNOWN,
                    contact_children=Contact.UNKNOWN,
                    output=OutputRequired.CHRONOLOGY,
                    status=EvidenceStatus.ACCEPTED if a % 2 == 0 else EvidenceStatus.SUBMITTED,
                )
            )
    db.session.flush()
    words = _vocabulary(rng)
    batch = []
    for n in range(rows):
        review, agency = reviews[n % REVIEWS], agencies[(n // REVIEWS) % AGENCIES]
        batch.append(
            {
                "kind": "chronology",
                "source_id": 10_000_000 + n,
                "partnership_id": partnership.id,
                "review_id": review.id,
                "agency_id": agency.id,
                "locator": "1",
                "title": f"{agency.name}, 1 March 2024",
                "body": _sentence(rng, words),
            }
        )
        if len(batch) == 10_000:
            db.session.execute(insert(SearchDocument), batch)
            batch = []
    if batch:
        db.session.execute(insert(SearchDocument), batch)
    db.session.commit()
    # As autovacuum does after a bulk load: the planner needs the table's statistics to see that a word is in half
    # of the rows, or it fetches every match before sorting them.
    with db.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    # Words of the vocabulary's middle: in some thousands of rows, under the ranking limit, so ranked in full.
    return coordinator.id, panel.id, reviews[0].reference, words[25], words[40]


def run(rows: int, url: str | None, repeat: int) -> None:
    """Seed, then time each search for each reader."""
    from dhr.auth.models import User

    app = empty_app(url)
    with app.test_request_context():
        start = time.perf_counter()
        coordinator_id, panel_id, reference, many, some = _seed(rows)
        print(f"seeded {rows:,} rows in {time.perf_counter() - start:.0f} s ({db.engine.dialect.name})")
        queries = {"rare word": "quokka", "common word": "police", "two words": "police hospital"}
        queries |= {"prefix": "hosp", "reference": reference, "no match": "xylophonic"}
        queries |= {"ranked, many": many, "ranked, some": some}
        for reader_id, reader in ((coordinator_id, "coordinator"), (panel_id, "panel member on 5")):
            user = db.session.scalar(select(User).where(User.id == reader_id))
            for label, words in queries.items():
                times, found = [], 0
                for _ in range(repeat):
                    begin = time.perf_counter()
                    found = len(search(user, words).hits)
                    times.append((time.perf_counter() - begin) * 1000)
                    db.session.rollback()
                median, p95 = median_p95(times)
                matches = (
                    db.session.scalar(
                        select(func.count()).select_from(SearchDocument).where(SearchDocument.body.contains(words))
                    )
                    if label.startswith("ranked") and reader == "coordinator"
                    else None
                )
                counted = f" (in {matches:,} rows)" if matches is not None else ""
                timing = f"median {median:6.1f} ms p95 {p95:6.1f} ms"
                print(f"{reader:18} {label:13} {words!r:21} {found:3} hits {timing}{counted}")


def main() -> None:
    """Parse the arguments and run on SQLite or a throwaway PostgreSQL database."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.database == "postgres":
        from tests.conftest import _throwaway_postgres

        with _throwaway_postgres() as url:
            run(args.rows, url, args.repeat)
    else:
        run(args.rows, None, args.repeat)


if __name__ == "__main__":
    main()
