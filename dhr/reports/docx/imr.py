"""The Individual Management Review: cover, numbered sections in the template's order, and the sign-off."""

from dhr.reports.docx import layout, numbering
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, usable_width
from dhr.reports.docx.tables import add_table

SIGN_OFF_COLUMNS = ("Role", "Name and details")
NOT_SIGNED = "Not signed off"


def _sign_off_rows(sign_off) -> list[tuple[str, str]]:
    signed = sign_off.signed_off_by and sign_off.signed_off_on and sign_off.attested
    return [
        ("IMR author", sign_off.author or "Not recorded"),
        ("Author's role", sign_off.author_role or "Not recorded"),
        ("Senior manager", sign_off.signed_off_by if signed else NOT_SIGNED),
        ("Senior manager's role", sign_off.signed_off_role if signed else ""),
        ("Date signed off", sign_off.signed_off_on if signed else ""),
        (
            "Quality assurance",
            "A senior manager of the agency has quality-assured and approved this IMR for submission"
            if signed
            else "Not yet approved for submission",
        ),
    ]


def build_imr(imr):
    """The document for an ImrDocument."""
    document = new_document()
    apply_marking(document, imr.marking)
    layout.write_cover(document, imr.cover)
    num_id = numbering.add_report_numbering(document)
    for section in imr.sections:
        layout.heading(document, section.title, num_id=num_id)
        layout.write_paragraphs(document, section, num_id=num_id, draft=True)
    layout.heading(document, "Sign-off")
    add_table(
        document,
        SIGN_OFF_COLUMNS,
        _sign_off_rows(imr.sign_off),
        widths=(1, 2),
        total_width=usable_width(document.sections[-1]),
    )
    if imr.source_file:
        document.add_paragraph(f"Read from the agency's document {imr.source_file}.")
    layout.set_properties(document, title=f"{imr.cover.reference}: {imr.cover.document_title}", publication=False)
    return document
