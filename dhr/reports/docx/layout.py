"""Pieces every document shares: the cover, a title block, headings and paragraphs, and saving with clean
document properties."""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from dhr.reports.docx import numbering
from dhr.reports.docx.styles import remove_personal_information
from dhr.reports.docx.tables import clean, save

APPLICATION = "DHR Case Manager"
NOT_WRITTEN = "This section has not been written yet."


def page_break(document) -> None:
    """Start the next content on a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def write_cover(document, cover) -> None:
    """The front page (domain.md §3.1): partnership, review, document, whose death and when, chair, author."""
    lines = [
        (cover.partnership, "Subtitle"),
        (cover.review_title, "Title"),
        (cover.document_title, "Subtitle"),
        (cover.subject, "Subtitle"),
        (cover.death, "Subtitle"),
    ]
    for text, style in lines:
        if text:
            document.add_paragraph(clean(text), style=style).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph()
    details = [
        ("Independent chair", cover.chair),
        ("Author", cover.author),
        ("Version", cover.version),
        ("Date", cover.issued),
    ]
    for label, value in details:
        if value:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(clean(value))
    page_break(document)


def write_title_block(document, cover, extra: str = "") -> None:
    """A short heading for the landscape documents: title, then review and whose death on one line."""
    document.add_paragraph(clean(cover.document_title), style="Title")
    line = " ".join(part for part in (cover.partnership + ":", cover.review_title, cover.subject) if part)
    document.add_paragraph(clean(line))
    facts = "; ".join(
        f"{label}: {value}" for label, value in (("Version", cover.version), ("Date", cover.issued)) if value
    )
    if facts:
        document.add_paragraph(clean(facts))
    if extra:
        document.add_paragraph(clean(extra))


def heading(document, text: str, *, level: int = 1, num_id: int | None = None):
    """A heading; numbered as a section when `num_id` is given."""
    paragraph = document.add_heading(clean(text), level=level)
    if num_id is not None:
        numbering.number(paragraph, num_id, numbering.SECTION_LEVEL)
    return paragraph


def write_paragraphs(document, section, *, num_id: int | None, draft: bool) -> None:
    """A section's paragraphs: numbered ones in the list, subheadings as unnumbered level-2 headings."""
    if not section.paragraphs and draft:
        document.add_paragraph().add_run(NOT_WRITTEN).italic = True
        return
    for para in section.paragraphs:
        if para.heading:
            heading(document, para.text, level=2)
            continue
        paragraph = document.add_paragraph(clean(para.text))
        if para.number and num_id is not None:
            numbering.number(paragraph, num_id, numbering.PARAGRAPH_LEVEL)


def set_properties(document, *, title: str, publication: bool) -> None:
    """Document properties that name nobody: no author, editor, comments or revision history."""
    properties = document.core_properties
    properties.author = "" if publication else APPLICATION
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.category = ""
    properties.title = clean(title)
    properties.revision = 1
    if publication:
        remove_personal_information(document)
    # python-docx's template carries a preview picture of some other document: drop it (and its relationship).
    package_rels = document.part.package.rels
    for key, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[key]


def to_bytes(document) -> bytes:
    """The document as .docx bytes, table rows included (see tables.save)."""
    return save(document)
