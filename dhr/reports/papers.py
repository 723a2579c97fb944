"""Panel papers as plain data: a meeting's agenda and its minutes (attendance, discussion, decisions, actions).

Papers are working documents of the panel: always marked OFFICIAL-SENSITIVE and never published.
"""

from dataclasses import dataclass

from dhr.reports.context import Cover, Marking, long_date

PAPERS = ("agenda", "minutes")
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class PaperAttendee:
    """Someone on the meeting's list: name, role, who they represent, and whether they came."""

    name: str
    role: str
    represents: str
    attendance: str


@dataclass(frozen=True)
class PaperItem:
    """An agenda item: its number, title and presenter, and what was discussed and decided."""

    number: str
    title: str
    presenter: str
    notes: str
    decisions: str


@dataclass(frozen=True)
class PaperAction:
    """An action from the meeting: what, who, by when, and when it was done."""

    description: str
    owner: str
    due: str
    done: str


@dataclass(frozen=True)
class MeetingPaper:
    """A meeting's agenda or minutes."""

    paper: str
    cover: Cover
    marking: Marking
    meeting: str
    when: str
    location: str
    status: str
    attendees: tuple[PaperAttendee, ...]
    items: tuple[PaperItem, ...]
    actions: tuple[PaperAction, ...]
    minutes: str


def _cover(review, title: str) -> Cover:
    from dhr.reports.context import REVIEW_TITLES

    victim = review.victim
    return Cover(
        partnership=review.partnership.name,
        review_title=REVIEW_TITLES.get(review.partnership.review_label.value, REVIEW_TITLES["DHR"]),
        document_title=title,
        subject=f"into the death of {victim.pseudonym}" if victim and victim.pseudonym else "",
        death="",
        chair="",
        author="",
        version="",
        issued="",  # the meeting's own facts follow the title
        reference=review.reference,
    )


def paper_context(review, meeting, paper: str) -> MeetingPaper:
    """The agenda or minutes of one meeting (loaded with meetings.queries.meeting_page and load_members)."""
    from dhr.meetings.attendance import roster

    if paper not in PAPERS:
        raise ValueError(f"Unknown paper {paper!r}")
    title = "Agenda" if paper == "agenda" else "Minutes"
    attendees = tuple(
        PaperAttendee(row.name, row.role.label, row.represents, row.status.label if row.status else NOT_RECORDED)
        for row in roster(meeting)
    )
    items = tuple(
        PaperItem(str(n), item.title, item.presenter, item.notes, item.decisions)
        for n, item in enumerate(meeting.agenda_items, start=1)
    )
    actions = tuple(
        PaperAction(
            action.description,
            action.owner_label,
            long_date(action.due_on),
            long_date(action.done_on),
        )
        for action in meeting.actions
    )
    return MeetingPaper(
        paper=paper,
        cover=_cover(review, title),
        marking=Marking(draft=True, version_label=meeting.title, status=""),
        meeting=meeting.title,
        when=meeting.when,
        location=meeting.location,
        status=meeting.status.label,
        attendees=attendees,
        items=items,
        actions=actions,
        minutes=meeting.minutes,
    )
