"""The rescan when the register changes, over a review with 20,000 chronology rows: adding a person whose name
is in 200 of them (saved before they were registered), then reading it all again with nothing left to change.
`.venv/bin/python bench/rescan_bench.py`. Figures go in docs/performance.md.
"""

import time
from datetime import date

from harness import seeded_app
from sqlalchemy import func, insert, select

from dhr.auth.models import User
from dhr.evidence.models import ChronologyEntry
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.privacy.models import NameReplacement
from dhr.privacy.rescan import rescan
from dhr.reviews import services
from dhr.reviews.models import PersonRole
from dhr.reviews.queries import review_of_victim

ROWS = 20_000
NAMED_EVERY = 100


def main() -> None:
    app = seeded_app()
    with app.app_context():
        review = review_of_victim(db.session.scalar(select(Partnership.id)), "Adult Q")
        template = (
            db.session.execute(select(ChronologyEntry.__table__).where(ChronologyEntry.review_id == review.id).limit(1))
            .mappings()
            .one()
        )
        rows = []
        for n in range(ROWS):
            row = {k: v for k, v in template.items() if k != "id"}
            named = n % NAMED_EVERY == 0
            row["details"] = (
                f"Contact {n}: Tomasz Kowalczyk was seen at the address."
                if named
                else f"Contact {n}: officers attended."
            )
            row["fingerprint"] = f"bench-{n}"
            rows.append(row)
        db.session.execute(insert(ChronologyEntry), rows)  # written as before the person was registered
        db.session.commit()
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@swp.example"))
        start = time.perf_counter()
        services.add_person(
            review,
            actor=coordinator,
            role=PersonRole.OTHER,
            pseudonym="Adult W",
            real_name="Tomasz Kowalczyk",
            aliases="",
            date_of_birth=date(1984, 6, 2),
            living=True,
            relationship_to_victim="neighbour",
        )
        db.session.commit()
        added = time.perf_counter() - start
        replaced = db.session.scalar(select(func.count()).select_from(NameReplacement))
        start = time.perf_counter()
        again = rescan(review, apply=False)
        clean = time.perf_counter() - start
        print(f"chronology rows: {ROWS:,}; rows naming the new person: {ROWS // NAMED_EVERY}")
        print(f"add the person and rescan (apply): {added:.2f} s, {replaced} names saved as tokens")
        print(f"rescan again, nothing to change: {clean:.2f} s over {again.rows_read:,} rows")
        print(f"left to check: {len(again.to_check)}")


if __name__ == "__main__":
    main()
