"""A letter on one page or two: the partnership at the top, reference and date, the addressee, the subject line,
the body (with bulleted lists) and the signature."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from dhr.reports.docx import layout
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document
from dhr.reports.docx.tables import clean


def build_letter(letter):
    """The document for a Letter."""
    document = new_document()
    apply_marking(document, letter.marking)
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run(clean(letter.sender)).bold = True
    for text in (f"Our reference: {letter.reference}", letter.date):
        document.add_paragraph(clean(text)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    address = document.add_paragraph()
    for number, line in enumerate(letter.addressee):
        if number:
            address.add_run().add_break()
        address.add_run(clean(line))
    document.add_paragraph(clean(letter.salutation))
    document.add_paragraph().add_run(clean(letter.subject)).bold = True
    for line in letter.body:
        paragraph = document.add_paragraph(clean(line.text), style="List Bullet" if line.bullet else None)
        if line.bullet:
            paragraph.paragraph_format.space_after = Pt(2)
    document.add_paragraph(letter.closing)
    signature = document.add_paragraph()
    signature.paragraph_format.space_before = Pt(36)  # room to sign
    for number, line in enumerate(letter.signatory):
        if number:
            signature.add_run().add_break()
        signature.add_run(clean(line)).bold = number == 0
    layout.set_properties(document, title=clean(letter.subject), publication=False)
    return document
