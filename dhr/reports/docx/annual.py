"""The annual report: title block, then duties, reviews, recommendations and actions, and delivery groups."""

from dhr.reports.annual import TITLE
from dhr.reports.docx import layout
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, usable_width
from dhr.reports.docx.tables import add_table

DUTY_COLUMNS = ("Duty", "Title", "Occurrence", "Due", "Status", "Met")
FONT_SIZE = 10


def _median(days) -> str:
    return f"{days:g} days" if days is not None else "no reviews"


def build_annual_report(report):
    """The Word document for an AnnualReport."""
    document = new_document()
    apply_marking(document, report.marking)
    layout.write_title_block(document, report.cover)
    document.add_paragraph(
        report.signed_off or "Draft: the board has not yet signed this report off. Every page says so until it does."
    )
    width = usable_width(document.sections[0])

    layout.heading(document, f"1. Statutory duties in {report.year}")
    rows = [(d.code, d.title, d.occurrence, d.due, d.status, d.met) for d in report.duties]
    add_table(document, DUTY_COLUMNS, rows, widths=(0.7, 3, 2.2, 1.3, 1.2, 1.3), total_width=width, font_size=FONT_SIZE)

    layout.heading(document, f"2. Domestic abuse related death reviews in {report.year}")
    figures = report.reviews
    add_table(
        document,
        ("Measure", "Figure"),
        [
            ("Deaths notified", str(figures.notified)),
            ("Reviews commissioned", str(figures.commissioned)),
            ("Reviews completed (signed off by the partnership)", str(figures.completed)),
            *figures.six_months.lines(),
            ("Median days from notification to decision", _median(figures.median_days_to_decision)),
            ("Median days from decision to completion", _median(figures.median_days_to_completion)),
        ],
        widths=(3, 1),
        total_width=width,
        font_size=FONT_SIZE,
    )

    layout.heading(document, "3. Recommendations and actions")
    if report.actions_by_status:
        add_table(
            document,
            ("Action status", "Actions"),
            [(label, str(n)) for label, n in report.actions_by_status],
            widths=(3, 1),
            total_width=width,
            font_size=FONT_SIZE,
        )
    else:
        document.add_paragraph("No review has an action plan yet.")
    if report.themes:
        add_table(
            document,
            ("Theme", "Recommendations", "Actions", "Completed"),
            [(t, str(r), str(a), str(c)) for t, r, a, c in report.themes],
            widths=(3, 1.2, 1, 1),
            total_width=width,
            font_size=FONT_SIZE,
        )

    layout.heading(document, "4. Delivery groups")
    if report.groups:
        add_table(
            document,
            ("Delivery group", "Objectives", "Linked review actions", "Completed"),
            [(g, str(o), str(a), str(c)) for g, o, a, c in report.groups],
            widths=(2, 1, 1.4, 1),
            total_width=width,
            font_size=FONT_SIZE,
        )
    else:
        document.add_paragraph("No strategy has been recorded.")
    layout.set_properties(document, title=f"{report.cover.partnership}: {TITLE} {report.year}", publication=False)
    return document
