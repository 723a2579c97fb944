"""The leak scan over a 10,000-row chronology: one Aho-Corasick pass per view of each row, against the old way
(every needle searched for in every row). `.venv/bin/python bench/leak_scan_bench.py`. Figures go in
docs/performance.md.
"""

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dhr import privacy
from dhr.privacy import fold, tokens
from dhr.reviews.models import PersonRole

ROWS = 10_000
FIRST = [
    "Sarah",
    "Jane",
    "Aisha",
    "Mohammed",
    "Tomasz",
    "Søren",
    "Elif",
    "Siobhán",
    "Grace",
    "Kwame",
    "Priya",
    "Dariusz",
    "Ana",
    "Yusuf",
    "Chloe",
    "Ivan",
]
LAST = [
    "Thornton",
    "Gołębiowski",
    "Yıldız",
    "O'Neill",
    "Okafor",
    "Hansen",
    "Kowalczyk",
    "Strauß",
    "Nguyen",
    "Patel",
    "Mensah",
    "Ahmed",
]
WORDS = [
    "officers",
    "attended",
    "the",
    "address",
    "after",
    "a",
    "call",
    "reporting",
    "shouting",
    "and",
    "a",
    "disturbance",
    "the",
    "victim",
    "declined",
    "to",
    "make",
    "a",
    "statement",
    "risk",
    "was",
    "assessed",
    "as",
    "medium",
    "a",
    "referral",
    "was",
    "made",
    "to",
    "the",
    "specialist",
    "service",
    "the",
    "GP",
    "recorded",
    "low",
    "mood",
    "and",
    "anxiety",
    "housing",
    "offered",
    "a",
    "transfer",
    "probation",
    "noted",
    "missed",
    "appointments",
]


def _people(count: int) -> list[SimpleNamespace]:
    rng = random.Random(7)
    return [
        SimpleNamespace(
            id=n,
            pseudonym=f"Adult {n}",
            role=PersonRole.OTHER,
            real_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}",
            aliases=f"{rng.choice(FIRST)}{n}",
            date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(20_000)),
        )
        for n in range(count)
    ]


def _rows() -> list[str]:
    rng = random.Random(11)
    rows = []
    for n in range(ROWS):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 60)))
        rows.append(f"{text.capitalize()}. Recorded by the agency on {1 + n % 28}/{1 + n % 12}/2019 (ref {n}).")
    return rows


def _old_scan(rows: list[str], needles: list[privacy.Needle]) -> int:
    """The cost before: every needle looked for in every row."""
    found = 0
    for row in rows:
        haystack = fold.normalise(row)
        found += sum(1 for needle in needles if needle.normalised in haystack)
    return found


def _needles_near(target: int) -> tuple[list[privacy.Needle], int]:
    """The needles of as many people as give about `target` needles."""
    for people in range(1, 200):
        needles = privacy.needles_for(_people(people))
        if len(needles) >= target:
            return needles, people
    raise ValueError(target)


def main() -> None:
    rows = _rows()
    characters = sum(len(r) for r in rows)
    print(f"{ROWS:,} chronology rows, {characters / 1e6:.1f} million characters")
    for target in (100, 1_000, 5_000):
        needles, people = _needles_near(target)
        started = time.perf_counter()
        matcher = privacy.Matcher(needles)
        built = time.perf_counter() - started
        started = time.perf_counter()
        leaks = matcher.scan((str(n), row) for n, row in enumerate(rows))
        scanned = time.perf_counter() - started
        assert leaks == [], leaks
        planted = list(rows)
        name = needles[0].description
        for n in range(0, ROWS, 1_000):
            planted[n] += f" Seen with {_people(people)[0].real_name.upper()}."
        started = time.perf_counter()
        found = matcher.scan((str(n), row) for n, row in enumerate(planted))
        with_leaks = time.perf_counter() - started
        assert len(found) == ROWS // 1_000, (len(found), name)
        print(
            f"{len(needles):>6,} needles ({people} people): automaton built in {built * 1000:.0f} ms; "
            f"clean scan {scanned:.2f} s; with 10 planted names {with_leaks:.2f} s"
        )
        if target <= 1_000:
            started = time.perf_counter()
            _old_scan(rows, needles)
            print(f"{'':>6}   the old way (every needle in every row): {time.perf_counter() - started:.2f} s")
        _tokenise(rows, matcher, _people(people)[0].real_name)


def _tokenise(rows: list[str], matcher, name: str) -> None:
    """The save-time cost: every row tokenised, one row in ten naming someone (located and replaced)."""
    named = [f"{row} {name} was present." if n % 10 == 0 else row for n, row in enumerate(rows)]
    started = time.perf_counter()
    done = [tokens.tokenise(row, matcher) for row in named]
    took = time.perf_counter() - started
    assert sum(len(d.replaced) for d in done) == ROWS // 10
    print(f"{'':>6}   tokenised, 1,000 of the rows naming someone: {took:.2f} s")


if __name__ == "__main__":
    main()
