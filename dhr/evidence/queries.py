"""Read-side queries over agency evidence, shared by the pages, the exports and the command line."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.core.keyset import key_order
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry, DuplicateDecision
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db


def source_loads() -> tuple:
    """The options that load each entry's people and agency along with it."""
    return (
        selectinload(ChronologyEntry.people),
        selectinload(ChronologyEntry.involvement).selectinload(AgencyInvolvement.agency),
    )


def with_sources(query):
    """Load each entry's people and agency along with it, so a list of rows costs no query per row."""
    return query.options(*source_loads())


# The combined chronology's order, and its page key: oldest event first; entries on the same day by time (those
# without a time after those with one, on both engines), then in the order they were recorded.
TIME_ORDER = (ChronologyEntry.date_start, ChronologyEntry.time_of_day, ChronologyEntry.id)


def in_time_order(query):
    """Oldest event first; entries on the same day by time (untimed last), then in the order they were recorded."""
    return query.order_by(*key_order(TIME_ORDER))


def accepted_query(review):
    """A select of the combined chronology's rows: entries of accepted submissions only."""
    return (
        select(ChronologyEntry)
        .join(AgencyInvolvement)
        .where(ChronologyEntry.review_id == review.id, AgencyInvolvement.status == EvidenceStatus.ACCEPTED)
    )


def accepted_entries(review) -> list[ChronologyEntry]:
    """The combined chronology: every accepted agency's entries, in time order."""
    return list(db.session.scalars(in_time_order(with_sources(accepted_query(review)))))


def reviewable_entries(review) -> list[ChronologyEntry]:
    """Entries the chair can check for duplicates: those of submitted or accepted chronologies."""
    query = (
        select(ChronologyEntry)
        .join(AgencyInvolvement)
        .where(
            ChronologyEntry.review_id == review.id,
            AgencyInvolvement.status.in_([EvidenceStatus.SUBMITTED, EvidenceStatus.ACCEPTED]),
        )
    )
    return list(db.session.scalars(with_sources(query)))


def decisions_for(review) -> dict[tuple[int, int], DuplicateDecision]:
    """Every duplicate decision on the review, by (first entry id, second entry id)."""
    rows = db.session.scalars(
        select(DuplicateDecision)
        .where(DuplicateDecision.review_id == review.id)
        .options(selectinload(DuplicateDecision.decided_by))
    )
    return {(d.first_entry_id, d.second_entry_id): d for d in rows}


def same_event_pairs(review) -> dict[tuple[int, int], bool]:
    """Decided pairs without loading the decisions: (first entry id, second entry id) -> the same event?"""
    rows = db.session.execute(
        select(DuplicateDecision.first_entry_id, DuplicateDecision.second_entry_id, DuplicateDecision.same_event).where(
            DuplicateDecision.review_id == review.id
        )
    )
    return {(first, second): same for first, second, same in rows}


def combined_query(review, args, *, may_include_submitted: bool):
    """The combined chronology's entries as these filters (a query string, or one kept with an export) narrow
    them; returns the query and the filters read."""
    from dhr.evidence.filters import read_filters

    filters = read_filters(args, may_include_submitted=may_include_submitted)
    return filters.apply(select(ChronologyEntry).join(AgencyInvolvement), review), filters
