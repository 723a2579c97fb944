"""The canary: every case-text field of two demo reviews is written with a registered real name in a disguise,
then every page, export and Word document a pseudonym-only reader can reach is crawled for it, and a publication is
built. None may carry a real name.

Which fields are planted does not come from the declarations: every text column of a review's rows is planted
unless it is declared as something a pseudonym-only reader never sees (an identity, restricted text, or not free
text). Removing a field's CASE_TEXT declaration therefore fails this test as well as the declarations test.
"""

import html
import io
import re
import zipfile
from collections import deque
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy import select

from dhr.auth.models import User
from dhr.core.declare import IDENTITY, PLAIN, RESTRICTED, kind_of
from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.privacy import Matcher, needles_for
from dhr.privacy.shield import ReviewShield, review_of
from dhr.reviews.models import Person, Review
from dhr.reviews.queries import review_of_victim
from dhr.seed import PARTNERSHIP_NAME, seed_demo
from tests.conftest import start_session_cookie
from tests.privacy.test_declarations import _review_tables

TARGETS = ("Adult Q", "Mrs AA")  # in drafting with evidence, meetings and family; approved, with actions
READERS = (
    "panel@swp.example",
    "review.officer@swp.example",
    "da.specialist@swp.example",
    "police@swp.example",
    "health@swp.example",
    "ambulance@swp.example",
    "board@swp.example",
)
NOT_SHOWN = {IDENTITY, RESTRICTED, PLAIN}
PAGES_PER_READER = 260
SKIP = re.compile(r"/sign-out|/static/|/healthz|^mailto:|^#")


def _disguises(name: str) -> list[str]:
    """The ways a writer (or someone probing) might type a registered name."""
    first, *rest = name.split()
    surname = rest[-1] if rest else first
    swapped = name.replace("a", "\u0430").replace("o", "\u043e").replace("e", "\u0435")  # Cyrillic look-alikes
    return [
        name,
        name.upper(),
        f"\u202e{name[::-1]}\u202c",  # reversed behind a right-to-left override
        f"{name[0]}\u200b{name[1:]}",  # split by a zero-width space
        "  ".join(" ".join(word) for word in name.split()),  # spelt out
        swapped,
        f"Mrs {surname}",
        f"{surname}, {first}",
    ]


def _text_columns(model) -> list:
    table = getattr(model, "__table__", None)
    if table is None:
        return []
    return [
        column
        for column in table.columns
        if kind_of(column) not in NOT_SHOWN
        and not column.foreign_keys
        and not column.primary_key
        and (
            (isinstance(column.type, sa.String) and not isinstance(column.type, sa.Enum))
            or isinstance(column.type, sa.JSON)
        )
    ]


def _plant_one(row, column, canary: str, review_shield) -> bool:
    """Write the canary into one column of one row; False where there is nothing to plant in."""
    value = getattr(row, column.key)
    texts = value.values() if isinstance(value, dict) else [value]
    if any(isinstance(t, str) and review_shield.problems(t) for t in texts):
        return False  # already to check (the demo's mother, named before the family log knew her)
    if isinstance(value, dict):
        setattr(row, column.key, {k: f"{v} {canary}" if isinstance(v, str) else v for k, v in value.items()})
        return True
    if not isinstance(value, str) or not value.strip():
        return False  # an empty field may mean something (a check constraint holds it)
    text = f"{canary} {value}"
    if len(text) + 16 > (getattr(column.type, "length", None) or 10_000):
        return False  # a short code-like column: a canary would not fit, nor would a token
    setattr(row, column.key, text)
    return True


def _plant() -> dict:
    """Write a disguised real name into every planted column of every row of the target reviews."""
    partnership_id = _db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
    reviews = {review_of_victim(partnership_id, victim).id for victim in TARGETS}
    people = list(_db.session.scalars(select(Person).where(Person.review_id.in_(reviews), Person.real_name != "")))
    disguises = {p.review_id: [] for p in people}
    shields = {review_id: ReviewShield(_db.session.get(Review, review_id)) for review_id in disguises}
    for person in people:
        # Only what the shield tokenises: a surname a family contact shares is refused outright, rightly.
        disguises[person.review_id] += [
            d for d in _disguises(person.real_name) if not shields[person.review_id].problems(d)
        ]
    planted, fields, turn = [], set(), 0
    tables = _review_tables()
    for mapper in list(_db.Model.registry.mappers):
        model = mapper.class_
        columns = _text_columns(model) if getattr(model, "__tablename__", None) in tables else []
        if not columns:
            continue
        for row in _db.session.scalars(select(model)).all():
            review = review_of(row)
            if review is None or review.id not in reviews:
                continue
            for column in columns:
                canary = disguises[review.id][turn % len(disguises[review.id])]
                turn += 1
                if _plant_one(row, column, canary, shields[review.id]):
                    planted.append(canary)
                    fields.add(f"{model.__tablename__}.{column.key}")
            _db.session.flush()
    return {
        "reviews": sorted(reviews),
        "canaries": sorted(set(planted)),
        "fields": sorted(fields),
        "names": sorted({p.real_name for p in people}),
    }


def _text(response) -> str:
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "\n".join(
                html.unescape(re.sub(r"<[^>]+>", "", package.read(name).decode("utf-8", "replace")))
                for name in package.namelist()
                if name.endswith(".xml")
            )
    return html.unescape(data.decode("utf-8", "replace"))


def _links(body: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', body)


def _in_scope(path: str, reviews: list[int]) -> bool:
    match = re.match(r"/reviews/(\d+)", path)
    return match is None or int(match.group(1)) in reviews


def _crawl(client, reviews, check) -> int:
    seen, queue, fetched = set(), deque(["/", *(f"/reviews/{r}" for r in reviews)]), 0
    while queue and fetched < PAGES_PER_READER:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        fetched += 1
        if response.status_code != 200:
            continue
        body = _text(response)
        check(url, body)
        if response.mimetype != "text/html":
            continue
        for href in _links(response.get_data(as_text=True)):
            href = html.unescape(href)
            parts = urlsplit(href)
            if parts.netloc or SKIP.search(href) or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if _in_scope(parts.path, reviews) and target not in seen:
                queue.append(target)
    return fetched


def test_no_pseudonym_only_reader_meets_a_real_name_anywhere(app, db):
    db.run(seed_demo)
    world = db.run(_plant)
    assert len(world["fields"]) >= 40, world["fields"]  # every kind of case text, not a sample
    # Whole names in any spelling (one word of a name alone is too often an ordinary word, or a colleague's first
    # name, to look for on every page: the planted "Mrs Surname" and "Surname, First" forms are found as written).
    needles = db.run(
        lambda: [
            n for n in needles_for(_db.session.scalars(select(Person))) if n.kind in ("name", "alias") and not n.partial
        ]
    )
    matcher = Matcher(needles)
    leaks = []

    def check(url, body):
        if url.endswith("/names-replaced"):
            return  # a writer's own words, shown back to them only (test_tokens holds that page to its writer)
        literal = [canary for canary in world["canaries"] if canary in body]
        folded = sorted({needle.description for needle in matcher.found(body)})
        if literal or folded:
            leaks.append(f"{url}: {literal or folded}")

    walked = {}
    for email in READERS:
        client = app.test_client()
        start_session_cookie(client, db, db.scalar(select(User).where(User.email == email)))
        walked[email] = _crawl(client, world["reviews"], check)
    assert not leaks, "\n".join(leaks[:40])
    # The readers reached the reviews' pages, not only their dashboards.
    assert walked["panel@swp.example"] > 60, walked
    assert walked["police@swp.example"] > 10, walked


def test_a_publication_of_planted_text_carries_no_real_name(app, db):
    db.run(seed_demo)
    world = db.run(_plant)

    def publish():
        from dhr.reports import services

        partnership_id = _db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
        review = review_of_victim(partnership_id, "Mrs AA")
        people = list(_db.session.scalars(select(Person).where(Person.review_id == review.id)))
        matcher = Matcher(n for n in needles_for(people) if n.kind in ("name", "alias") and not n.partial)
        found = {}
        for kind in ("overview", "executive-summary", "action-plan"):
            done = services.export(review, kind, version="publication")
            with zipfile.ZipFile(io.BytesIO(done.data)) as package:
                text = "\n".join(
                    package.read(n).decode("utf-8", "replace") for n in package.namelist() if n.endswith(".xml")
                )
            found[kind] = [c for c in world["canaries"] if c in text] + [n.description for n in matcher.found(text)]
        _db.session.rollback()
        return found

    with app.test_request_context():
        assert db.run(publish) == {"overview": [], "executive-summary": [], "action-plan": []}
