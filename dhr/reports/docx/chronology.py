"""The combined chronology: landscape, repeated header row, and where each row came from."""

from dhr.reports.context import CHRONOLOGY_COLUMNS
from dhr.reports.docx import layout
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, usable_width
from dhr.reports.docx.tables import add_table

WIDTHS = (1.1, 1.2, 1.1, 1.0, 1.1, 1.1, 3.0, 2.0, 1.6, 1.1)
FONT_SIZE = 8


def build_chronology(chronology):
    """The combined chronology document for a ChronologyContext."""
    document = new_document(landscape=True)
    apply_marking(document, chronology.marking)
    layout.write_title_block(document, chronology.cover, chronology.scope)
    if chronology.rows:
        add_table(
            document,
            CHRONOLOGY_COLUMNS,
            [row.cells for row in chronology.rows],  # a list, so the columns are fitted to their words
            widths=WIDTHS,
            total_width=usable_width(document.sections[0]),
            font_size=FONT_SIZE,
        )
    else:
        document.add_paragraph("No agency's chronology has been accepted yet.")
    layout.set_properties(
        document,
        title=f"{chronology.cover.review_title}: Combined Chronology",
        publication=not chronology.marking.draft,
    )
    return document
