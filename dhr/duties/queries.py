"""Reading the register: the duties a user may see with their occurrences, each duty's current occurrence, and
the months ahead."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.core.wording import counted
from dhr.duties.access import may_view
from dhr.duties.live import LiveState, live_state
from dhr.duties.models import Duty, DutyOccurrence
from dhr.duties.stages import OccurrenceStatus
from dhr.duties.workflow import is_overdue, shown_status
from dhr.extensions import db


@dataclass
class DutyRow:
    """One row of the register: the duty, its current occurrence and the status it shows."""

    duty: Duty
    current: DutyOccurrence | None
    status: OccurrenceStatus | None
    overdue: int
    live: LiveState | None


@dataclass(frozen=True)
class Overdue:
    """What is overdue on a day: the live review duties showing overdue, then the recorded occurrences past their
    due date and not met (oldest first). The dashboard and the register both read this, so they agree."""

    live: list[tuple[Duty, LiveState]]
    occurrences: list[DutyOccurrence]

    def __bool__(self) -> bool:
        return bool(self.live or self.occurrences)

    @property
    def duty_ids(self) -> set[int]:
        """The duties with something overdue."""
        return {duty.id for duty, _live in self.live} | {o.duty_id for o in self.occurrences}

    @property
    def count(self) -> int:
        """How many duties have something overdue."""
        return len(self.duty_ids)

    @property
    def sentence(self) -> str:
        """'1 duty overdue', '2 duties overdue'."""
        return f"{counted(self.count, 'duty')} overdue"

    def for_duty(self, duty: Duty) -> int:
        """How many of the duty's occurrences (or its live state) are overdue."""
        return sum(1 for d, _live in self.live if d.id == duty.id) + sum(
            1 for o in self.occurrences if o.duty_id == duty.id
        )


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


def live_states(duties: list[Duty], today: date) -> dict[int, LiveState]:
    """Each live duty's state on `today`, by duty id (read once for a page)."""
    found = {duty.id: live_state(duty, today) for duty in duties}
    return {duty_id: state for duty_id, state in found.items() if state is not None}


def overdue_occurrences(duties: list[Duty], today: date) -> list[DutyOccurrence]:
    """Every occurrence of these duties that workflow.is_overdue() calls overdue on `today`, oldest first."""
    found = [o for duty in duties for o in duty.occurrences if is_overdue(o, today)]
    return sorted(found, key=lambda o: o.due_on)  # a stable sort: the same day keeps register order


def overdue(duties: list[Duty], today: date, states: dict[int, LiveState] | None = None) -> Overdue:
    """The one reading of what is overdue among these duties on `today` (London's, from dhr.core.dates), which
    the dashboard and the register both show: the live duties whose state is overdue, and the overdue
    occurrences. `states` saves reading the live duties again when the caller already has them."""
    states = live_states(duties, today) if states is None else states
    live = [(duty, states[duty.id]) for duty in duties if duty.id in states]
    return Overdue(
        [(duty, state) for duty, state in live if state.status is OccurrenceStatus.OVERDUE],
        overdue_occurrences(duties, today),
    )


@dataclass(frozen=True)
class Register:
    """The register page's rows and what is overdue, from one reading of the duties."""

    rows: list[DutyRow]
    overdue: Overdue


def register(duties: list[Duty], today: date) -> Register:
    """A row per duty (live duties carry their state from the reviews) and what is overdue; a duty with anything
    overdue shows as overdue, so the rows marked overdue are the duties the banner counts."""
    states = live_states(duties, today)
    late = overdue(duties, today, states)
    rows = []
    for duty in duties:
        current = current_occurrence(duty, today)
        live = states.get(duty.id)
        status = live.status if live else (shown_status(current, today) if current else None)
        count = late.for_duty(duty)
        rows.append(DutyRow(duty, current, OccurrenceStatus.OVERDUE if count else status, count, live))
    return Register(rows, late)


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
