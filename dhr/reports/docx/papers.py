"""Panel papers: a meeting's agenda (who is expected, the numbered items) and its minutes (who came, what was
discussed and decided under each item, the general minutes, and the actions)."""

from dhr.reports.docx import layout
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, usable_width
from dhr.reports.docx.tables import add_table, clean

ATTENDEE_COLUMNS = ("Name", "Role", "Representing")
ATTENDANCE_COLUMNS = ("Name", "Role", "Representing", "Attendance")
ACTION_COLUMNS = ("Action", "Owner", "Due", "Done")
FONT_SIZE = 10


def _facts(document, paper) -> None:
    for label, value in (("Meeting", paper.meeting), ("When", paper.when), ("Where", paper.location)):
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(clean(value))


def _labelled(document, label: str, text: str) -> None:
    if text.strip():
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(clean(text))


def _agenda(document, paper, width: int) -> None:
    layout.heading(document, "Invited")
    if paper.attendees:
        rows = [(a.name, a.role, a.represents) for a in paper.attendees]
        add_table(document, ATTENDEE_COLUMNS, rows, widths=(2, 1.5, 2.5), total_width=width, font_size=FONT_SIZE)
    layout.heading(document, "Agenda")
    if not paper.items:
        document.add_paragraph("No agenda items yet.")
    for item in paper.items:
        presenter = f" ({item.presenter})" if item.presenter else ""
        document.add_paragraph(clean(f"{item.number}. {item.title}{presenter}"))


def _minutes(document, paper, width: int) -> None:
    layout.heading(document, "Attendance")
    if paper.attendees:
        rows = [(a.name, a.role, a.represents, a.attendance) for a in paper.attendees]
        add_table(document, ATTENDANCE_COLUMNS, rows, widths=(2, 1.5, 2.5, 1.2), total_width=width, font_size=FONT_SIZE)
    for item in paper.items:
        presenter = f" ({item.presenter})" if item.presenter else ""
        layout.heading(document, f"{item.number}. {item.title}{presenter}", level=2)
        _labelled(document, "Discussion", item.notes)
        _labelled(document, "Decisions", item.decisions)
        if not (item.notes.strip() or item.decisions.strip()):
            document.add_paragraph("Nothing recorded.")
    if paper.minutes.strip():
        layout.heading(document, "Other minutes")
        for block in paper.minutes.replace("\r\n", "\n").split("\n\n"):
            if block.strip():
                document.add_paragraph(clean(block.strip()))
    layout.heading(document, "Actions")
    if paper.actions:
        rows = [(a.description, a.owner, a.due, a.done or "Open") for a in paper.actions]
        add_table(document, ACTION_COLUMNS, rows, widths=(4, 1.6, 1.4, 1.4), total_width=width, font_size=FONT_SIZE)
    else:
        document.add_paragraph("No actions.")


def build_paper(paper):
    """The agenda or minutes document for a MeetingPaper."""
    document = new_document()
    apply_marking(document, paper.marking)
    layout.write_title_block(document, paper.cover)
    _facts(document, paper)
    width = usable_width(document.sections[0])
    if paper.paper == "agenda":
        _agenda(document, paper, width)
    else:
        _minutes(document, paper, width)
    layout.set_properties(document, title=f"{paper.meeting}: {paper.cover.document_title}", publication=False)
    return document
