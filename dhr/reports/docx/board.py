"""The board report: landscape, marked, a title block, then RAG tables by review and by agency, the overdue
actions with their owners and the actions completed since the last report."""

from dhr.reports.board import RAG_ORDER
from dhr.reports.docx import layout
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, usable_width
from dhr.reports.docx.tables import add_table

RAG_COLUMNS = tuple(rag.label for rag in RAG_ORDER) + ("Total",)
OVERDUE_COLUMNS = ("Review", "Action", "Action to take", "Lead agency", "Owner", "Target date", "Days overdue")
COMPLETED_COLUMNS = ("Review", "Action", "Action to take", "Lead agency", "Owner", "Completed", "Outcome")
FONT_SIZE = 10


def _rag_table(document, first: str, rows, totals, width: int) -> None:
    data = [(row.label, *map(str, row.counts), str(row.total)) for row in (*rows, totals)]
    widths = (3.0,) + (1.0,) * len(RAG_COLUMNS)
    add_table(document, (first, *RAG_COLUMNS), data, widths=widths, total_width=width, font_size=FONT_SIZE)


def build_board_report(report):
    """The Word document for a BoardReport."""
    document = new_document(landscape=True)
    apply_marking(document, report.marking)
    layout.write_title_block(document, report.cover)
    width = usable_width(document.sections[0])
    document.add_paragraph(
        "RAG ratings: red is overdue; amber is at risk or not started; green is on track or awaiting the "
        "coordinator's approval; blue is complete. Superseded actions are not rated. An open action past its "
        "target date counts as overdue."
    )

    layout.heading(document, "Reviews completed within six months")
    add_table(
        document,
        ("Measure", "Reviews"),
        report.six_months.lines(),
        widths=(6, 2),
        total_width=width,
        font_size=FONT_SIZE,
    )
    document.add_paragraph(
        "The guidance counts six months from the decision to hold a review. The second figure adds the days a "
        "review was paused, for a trial or an inquest say: a local allowance, not the guidance's measure."
    )

    layout.heading(document, "Progress by review")
    if report.by_review:
        _rag_table(document, "Review", report.by_review, report.totals, width)
    else:
        document.add_paragraph("No review has an action plan yet.")

    layout.heading(document, "Progress by agency")
    if report.by_agency:
        # Every action has one lead agency, so the totals are those by review.
        _rag_table(document, "Lead agency", report.by_agency, report.totals, width)
    else:
        document.add_paragraph("No agency leads an action yet.")

    layout.heading(document, "Overdue actions")
    if report.overdue:
        rows = [
            (a.review, a.label, a.action, a.lead_agency, a.owner, a.target_date, str(a.days_overdue))
            for a in report.overdue
        ]
        add_table(
            document,
            OVERDUE_COLUMNS,
            rows,
            widths=(1.6, 0.8, 4, 2, 1.8, 1.4, 1),
            total_width=width,
            font_size=FONT_SIZE,
        )
    else:
        document.add_paragraph("No action is overdue.")

    if report.since:
        layout.heading(document, f"Actions completed since {report.since}")
    else:
        layout.heading(document, "Completed actions")
        document.add_paragraph("Every completed action is listed: no earlier board report or date was given.")
    if report.completed:
        rows = [
            (a.review, a.label, a.action, a.lead_agency, a.owner, a.completed_on, a.outcome) for a in report.completed
        ]
        add_table(
            document,
            COMPLETED_COLUMNS,
            rows,
            widths=(1.6, 0.8, 3.2, 1.8, 1.6, 1.4, 3.2),
            total_width=width,
            font_size=FONT_SIZE,
        )
    else:
        document.add_paragraph("No action has been completed in this period.")
    layout.set_properties(
        document, title=f"{report.cover.partnership}: {report.cover.document_title}", publication=False
    )
    return document
