"""Filters for the combined chronology, read from the query string. Unreadable dates give a message, not an error."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func

from dhr.evidence.fuzzy_dates import FuzzyDateError, parse_fuzzy_date
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EvidenceStatus

KEYS = ("agency", "person", "event_type", "date_from", "date_to", "scope", "include")


@dataclass
class ChronologyFilters:
    """What the reader asked to see."""

    agency_id: int | None = None
    person_id: int | None = None
    event_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    in_scope: bool = False
    include_submitted: bool = False
    problems: list[str] = field(default_factory=list)

    def apply(self, query, review):
        """Narrow a query of ChronologyEntry joined to AgencyInvolvement."""
        statuses = [EvidenceStatus.ACCEPTED] + ([EvidenceStatus.SUBMITTED] if self.include_submitted else [])
        query = query.where(ChronologyEntry.review_id == review.id, AgencyInvolvement.status.in_(statuses))
        if self.agency_id:
            query = query.where(AgencyInvolvement.agency_id == self.agency_id)
        if self.person_id:
            query = query.where(ChronologyEntry.people.any(id=self.person_id))
        if self.event_type:
            query = query.where(ChronologyEntry.event_type == self.event_type)
        low, high = self.date_from, self.date_to
        if self.in_scope:
            low = max(filter(None, (low, review.scope_from)), default=None)
            high = min(filter(None, (high, review.scope_to)), default=None)
        end = func.coalesce(ChronologyEntry.date_end, ChronologyEntry.date_start)
        if low:
            query = query.where(end >= low)  # an entry overlapping the period counts
        if high:
            query = query.where(ChronologyEntry.date_start <= high)
        return query


def read_filters(args, *, may_include_submitted: bool) -> ChronologyFilters:
    """Parse the query string."""
    filters = ChronologyFilters(
        agency_id=args.get("agency", type=int),
        person_id=args.get("person", type=int),
        event_type=(args.get("event_type") or "")[:120],
        in_scope=args.get("scope") == "yes",
        include_submitted=args.get("include") == "submitted" and may_include_submitted,
    )
    for key, label in (("date_from", "From"), ("date_to", "To")):
        text = (args.get(key) or "").strip()
        if not text:
            continue
        try:
            parsed = parse_fuzzy_date(text)
        except FuzzyDateError as error:
            filters.problems.append(f"{label}: {error}")
            continue
        setattr(filters, key, parsed.start if key == "date_from" else (parsed.end or parsed.start))
    return filters
