"""Reading the register: the duties a user may see with their occurrences, each duty's current occurrence, and
the months ahead."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.duties.access import may_view
from dhr.duties.live import LiveState, live_state
from dhr.duties.models import Duty, DutyOccurrence
from dhr.duties.stages import OccurrenceStatus
from dhr.duties.workflow import shown_status
from dhr.extensions import db


@dataclass
class DutyRow:
    """One row of the register: the duty, its current occurrence and the status it shows."""

    duty: Duty
    current: DutyOccurrence | None
    status: OccurrenceStatus | None
    overdue: int
    live: LiveState | None


def visible_duties(user) -> list[Duty]:
    """The partnership's duties the user may see, in register order, with occurrences and owners loaded."""
    duties = db.session.scalars(
        select(Duty)
        .where(Duty.partnership_id == user.partnership_id)
        .order_by(Duty.position, Duty.code)
        .options(selectinload(Duty.occurrences), selectinload(Duty.owner_agency))
    ).all()
    return [duty for duty in duties if may_view(user, duty)]


def current_occurrence(duty: Duty, today: date) -> DutyOccurrence | None:
    """The earliest occurrence still open, else the latest one already due."""
    open_ones = [o for o in duty.occurrences if o.status.is_open]
    if open_ones:
        return min(open_ones, key=lambda o: o.due_on)
    past = [o for o in duty.occurrences if o.due_on <= today]
    return max(past, key=lambda o: o.due_on) if past else None


def register_rows(duties: list[Duty], today: date) -> list[DutyRow]:
    """A row per duty; live duties carry their state from the reviews."""
    rows = []
    for duty in duties:
        current = current_occurrence(duty, today)
        live = live_state(duty)
        status = live.status if live else (shown_status(current, today) if current else None)
        overdue = sum(1 for o in duty.occurrences if shown_status(o, today) is OccurrenceStatus.OVERDUE)
        if live and live.status is OccurrenceStatus.OVERDUE:
            overdue += 1
        rows.append(DutyRow(duty, current, status, overdue, live))
    return rows


def months_ahead(duties: list[Duty], today: date, months: int = 12) -> list[tuple[date, list[DutyOccurrence]]]:
    """Occurrences due from the start of this month for `months` months, grouped by month; overdue ones first."""
    start = today.replace(day=1)
    index = start.year * 12 + start.month - 1 + months
    end = date(index // 12, index % 12 + 1, 1)
    buckets: dict[date, list[DutyOccurrence]] = {}
    for duty in duties:
        for occurrence in duty.occurrences:
            if start <= occurrence.due_on < end:
                buckets.setdefault(occurrence.due_on.replace(day=1), []).append(occurrence)
    month_list = []
    month = start
    while month < end:
        month_list.append((month, sorted(buckets.get(month, []), key=lambda o: (o.due_on, o.duty.code))))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return month_list


def overdue_live(duties: list[Duty]) -> list[tuple[Duty, LiveState]]:
    """The live review duties that are overdue now (D17 with a completed review not yet sent, D18 with red)."""
    found = [(duty, live_state(duty)) for duty in duties]
    return [(duty, live) for duty, live in found if live and live.status is OccurrenceStatus.OVERDUE]


def overdue_occurrences(duties: list[Duty], today: date) -> list[DutyOccurrence]:
    """Every occurrence past its due date and not met, oldest first."""
    found = [o for d in duties for o in d.occurrences if shown_status(o, today) is OccurrenceStatus.OVERDUE]
    return sorted(found, key=lambda o: o.due_on)
