"""Searching: the rows a person may find that match every word, best first, each with a short extract."""

import re
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from dhr.audit.services import record
from dhr.core.wording import counted
from dhr.extensions import db
from dhr.reviews.models import Person, PersonRole, Review
from dhr.search import engine, index
from dhr.search.access import IDENTITY_KINDS, may_see_identities, opens_the_request, visible_to
from dhr.search.models import SearchDocument

LIMIT = 50
IDENTITY_AUDIT_LIMIT = 500
EXTRACT = 160
KIND_LABELS = {
    "review": "Review",
    "person": "Person",
    "identity": "Real name",
    "restricted": "Notification and decision",
    "chronology": "Chronology",
    "agency": "Agency",
    "draft": "Report",
    "recommendation": "Recommendation",
    "action": "Action",
    "correspondence": "Correspondence",
    "meeting": "Meeting",
}


@dataclass(frozen=True)
class Hit:
    """One result: what it is, where it is, a link and an extract around the first word found."""

    kind: str
    label: str
    review_reference: str
    review_pseudonym: str
    title: str
    extract: str
    href: str


@dataclass(frozen=True)
class Results:
    """What a search found, and whether there were more than it shows."""

    query: str
    hits: list[Hit]
    more: bool
    ranked: bool = True  # False: so many rows matched that the newest come first


def extract(body: str, words: list[str]) -> str:
    """About EXTRACT characters of the body around the first searched word it contains (identity rows show none)."""
    flat = " ".join(body.split())
    found = [m.start() for word in words if (m := re.search(rf"\b{re.escape(word)}", flat, re.IGNORECASE))]
    start = max(0, min(found) - EXTRACT // 3) if found else 0
    piece = flat[start : start + EXTRACT]
    return ("…" if start else "") + piece + ("…" if start + EXTRACT < len(flat) else "")


def _href(row: SearchDocument, opens_the_request: bool) -> str:
    review_id = row.review_id
    if row.kind in ("chronology", "agency") and not opens_the_request:
        return url_for("evidence.combined", review_id=review_id)
    match row.kind:
        case "review" | "restricted":
            return url_for("overview.view_review", review_id=review_id)
        case "person" | "identity":
            return url_for("reviews.people", review_id=review_id)
        case "chronology" | "agency":
            return url_for("evidence.view_request", review_id=review_id, involvement_id=int(row.locator))
        case "draft":
            slug, key = row.locator.split("/", 1)
            return url_for("drafting.view_section", review_id=review_id, slug=slug, key=key)
        case "recommendation":
            return url_for("recommendations.list_recommendations", review_id=review_id)
        case "action":
            return url_for("actions.view_action", review_id=review_id, action_id=row.source_id)
        case "correspondence":
            return url_for("correspondence.list_entries", review_id=review_id)
        case _:
            return url_for("meetings.view_meeting", review_id=review_id, meeting_id=row.source_id)


def search(user, text: str, *, actor=None) -> Results:
    """Every row the user may find that matches all the words of `text`, best first (at most LIMIT)."""
    index.settle(db.session)
    words = engine.words_of(text)
    visible = visible_to(user)
    query = select(SearchDocument, Review.reference, opens_the_request(user).label("opens")).join(
        Review, Review.id == SearchDocument.review_id
    )
    rows, ranked = engine.rows_matching(db.session, query.where(visible), words, LIMIT + 1)
    victims = dict(
        db.session.execute(
            select(Person.review_id, Person.pseudonym).where(
                Person.review_id.in_({row.review_id for row, _reference, _opens in rows}),
                Person.role == PersonRole.VICTIM,
            )
        ).all()
    )
    hits = [
        Hit(
            kind=row.kind,
            label=KIND_LABELS[row.kind],
            review_reference=reference,
            review_pseudonym=victims.get(row.review_id, ""),
            title=row.title,
            extract="" if row.kind == "identity" else extract(row.body, words),
            href=_href(row, opens),
        )
        for row, reference, opens in rows[:LIMIT]
    ]
    # Every identity row the words matched, shown or beyond the page's end: the audit answers who looked for whom.
    identities = [row for row, _reference, _opens in rows if row.kind in IDENTITY_KINDS]
    if len(rows) > LIMIT and may_see_identities(user):
        matched = engine.ids_matching_among(db.session, IDENTITY_KINDS, words, IDENTITY_AUDIT_LIMIT)
        identities = db.session.scalars(select(SearchDocument).where(SearchDocument.id.in_(matched), visible)).all()
    if identities:
        _audit_identity_search(user, identities, actor)
    return Results(text, hits, more=len(rows) > LIMIT, ranked=ranked)


def _audit_identity_search(user, rows: list[SearchDocument], actor) -> None:
    """Record that the search matched real names or restricted notes: who searched, which people and reviews. The
    words searched for are not kept, since they may be a real name."""
    reviews = sorted({row.review_id for row in rows})
    record(
        "search.identity_matched",
        f"{user.name} searched and found identity records on {counted(len(reviews), 'review')}",
        actor=actor or user,
        partnership_id=rows[0].partnership_id,
        data={
            "review_ids": reviews,
            "person_ids": sorted({row.source_id for row in rows if row.kind == "identity"}),
            "restricted_review_ids": sorted({row.review_id for row in rows if row.kind == "restricted"}),
        },
    )
