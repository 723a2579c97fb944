"""The Overview Report and the Executive Summary: cover, contents, numbered sections and the appendices."""

from dhr.reports.docx import layout, numbering
from dhr.reports.docx.action_plan import write_action_plan_table
from dhr.reports.docx.fields import add_contents
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, new_section, usable_width
from dhr.reports.docx.tables import add_table

GLOSSARY_COLUMNS = ("Abbreviation", "Meaning")
NO_ACTIONS = "The action plan has no recommendations yet."


def _appendix_action_plan(document, section, context) -> None:
    landscape = new_section(document, landscape=True)
    layout.heading(document, section.title)
    layout.write_paragraphs(document, section, num_id=None, draft=False)
    plan = context.action_plan
    if plan is None or not plan.recommendations:
        document.add_paragraph(NO_ACTIONS)
    else:
        write_action_plan_table(document, plan, usable_width(landscape))
    new_section(document, landscape=False)


def _appendix_glossary(document, section, context) -> None:
    layout.heading(document, section.title)
    if not context.glossary:
        document.add_paragraph("No abbreviations are used in this report.")
        return
    add_table(
        document,
        GLOSSARY_COLUMNS,
        [(term.term, term.meaning) for term in context.glossary],
        widths=(1, 3),
        total_width=usable_width(document.sections[-1]),
    )


def _appendix(document, section, context, *, first: bool, draft: bool) -> None:
    if section.key == "appendix_action_plan":
        _appendix_action_plan(document, section, context)  # on landscape pages of its own
        return
    if first:
        layout.page_break(document)
    if section.key == "appendix_glossary":
        _appendix_glossary(document, section, context)
        return
    layout.heading(document, section.title)
    layout.write_paragraphs(document, section, num_id=None, draft=draft)


def contents_entries(context) -> list[tuple[int, str]]:
    """(level, text) for each heading the document will have, in order: the contents as written into the file."""
    entries = []
    for section in context.sections:
        if section.key.startswith("appendix_") and section.optional and not section.paragraphs:
            continue
        entries.append((1, f"{section.number}. {section.title}" if section.number else section.title))
        entries += [(2, para.text) for para in section.paragraphs if para.heading]
    return entries


def _record_table(document, context, section) -> None:
    table = context.table(section.key)
    if table is not None:
        add_table(
            document,
            table.columns,
            table.rows,
            widths=table.widths,
            total_width=usable_width(document.sections[-1]),
            font_size=10,
        )


def build_report(context):
    """The document for a ReportContext (overview or executive summary), ready to save."""
    draft = context.marking.draft
    document = new_document()
    apply_marking(document, context.marking)
    layout.write_cover(document, context.cover)
    add_contents(document, contents_entries(context))
    layout.page_break(document)
    num_id = numbering.add_report_numbering(document)
    first_appendix = True
    for section in context.sections:
        if section.number:
            layout.heading(document, section.title, num_id=num_id)
            layout.write_paragraphs(document, section, num_id=num_id, draft=draft)
            _record_table(document, context, section)
        elif section.key.startswith("appendix_"):
            if section.optional and not section.paragraphs:
                continue
            _appendix(document, section, context, first=first_appendix, draft=draft)
            first_appendix = False
        else:
            # Front matter (the preface and tribute): unnumbered, before section 1.
            layout.heading(document, section.title)
            layout.write_paragraphs(document, section, num_id=None, draft=draft)
    title = f"{context.cover.review_title}: {context.cover.document_title}"
    layout.set_properties(document, title=title, publication=not draft)
    return document
