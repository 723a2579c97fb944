"""Keeping the search index current: at each flush the session notes every searchable record written, and before
the transaction commits their index rows are written again, in the same transaction (the mechanism of the stored
clocks and tasks, dhr/core/derived.py). A search settles first, so it finds its own transaction's writes."""

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.orm import Session

from dhr.agencies.models import Agency
from dhr.core.derived import keep_current
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.reviews.models import Person, Review
from dhr.search.documents import BUILDERS, Doc, Reader
from dhr.search.models import SearchDocument

PENDING, RENAMED, AGENCIES = "dhr_search_pending", "dhr_search_renamed", "dhr_search_agencies"
CHUNK = 500


def _note_changes(session: Session, _context) -> None:
    pending: dict[type, set[int]] = session.info.setdefault(PENDING, {})
    renamed: set[int] = session.info.setdefault(RENAMED, set())
    agencies: set[int] = session.info.setdefault(AGENCIES, set())
    changed = [*session.new, *session.deleted]
    changed += [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    for obj in changed:
        model = type(obj)
        if model is Agency and obj.id is not None and obj not in session.new:
            agencies.add(obj.id)  # its name heads its chronology rows and names it on each review
        if model in BUILDERS and obj.id is not None:
            pending.setdefault(model, set()).add(obj.id)
            if model is Person and obj not in session.new and inspect(obj).attrs.pseudonym.history.deleted:
                # Other rows read the pseudonym in place of the person's token.
                renamed.add(obj.review_id)


def install(session_class=Session) -> None:
    """Keep the index current for every session (the app's, the command line's and the jobs')."""
    keep_current(_note_changes, settle, (PENDING, RENAMED, AGENCIES), session_class)


def settle(session: Session) -> int:
    """Write again the index rows of every searchable record this transaction touched; how many records."""
    if not any(session.info.get(key) for key in (PENDING, RENAMED, AGENCIES)):
        return 0
    session.flush()
    pending: dict[type, set[int]] = session.info.pop(PENDING, {})
    for review_id in session.info.pop(RENAMED, set()):
        pending.setdefault(Review, set()).add(review_id)
        for model in BUILDERS:
            if "review_id" in inspect(model).columns:
                ids = session.scalars(select(model.id).where(model.review_id == review_id))
                pending.setdefault(model, set()).update(ids)
    agencies = session.info.pop(AGENCIES, set())
    if agencies:
        involved = select(AgencyInvolvement.id).where(AgencyInvolvement.agency_id.in_(agencies))
        pending.setdefault(AgencyInvolvement, set()).update(session.scalars(involved))
        entries = select(ChronologyEntry.id).where(ChronologyEntry.involvement_id.in_(involved))
        pending.setdefault(ChronologyEntry, set()).update(session.scalars(entries))
    return sum(rewrite(session, model, sorted(ids)) for model, ids in pending.items())


def rewrite(session: Session, model: type, ids: list[int]) -> int:
    """Replace the index rows of these records of one model with rows built from them as they now are."""
    build, kinds = BUILDERS[model]
    reader = Reader(session)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(
            delete(SearchDocument).where(SearchDocument.kind.in_(kinds), SearchDocument.source_id.in_(chunk))
        )
        rows = [
            _row(doc)
            for record in session.scalars(select(model).where(model.id.in_(chunk)))
            for doc in build(record, reader)
        ]
        if rows:
            session.execute(insert(SearchDocument), rows)
    return len(ids)


def _row(doc: Doc) -> dict:
    return {
        "kind": doc.kind,
        "source_id": doc.source_id,
        "review_id": doc.review_id,
        "partnership_id": doc.partnership_id,
        "agency_id": doc.agency_id,
        "owner_id": doc.owner_id,
        "locator": doc.locator,
        "title": doc.title[:200],
        "body": doc.body,
    }


def rebuild_all(session: Session) -> int:
    """Index every searchable record again: for a database that had records before the index, or to check it."""
    session.execute(delete(SearchDocument))
    return sum(rewrite(session, model, list(session.scalars(select(model.id)))) for model in BUILDERS)
