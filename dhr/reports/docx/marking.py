"""Headers and footers: on a draft the protective marking and version at the top and the marking and
'Page X of Y' at the bottom; on a publication only the page number."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from dhr.reports.docx.fields import add_page_x_of_y


def _centred(paragraph, text: str = "", bold: bool = False):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        paragraph.add_run(text).bold = bold
    return paragraph


def apply_marking(document, marking) -> None:
    """Write the marking into the first section's header and footer; later sections are linked to it."""
    section = document.sections[0]
    header, footer = section.header, section.footer
    lines = list(marking.header_lines)
    if lines:
        _centred(header.paragraphs[0], lines[0], bold=True)
        for line in lines[1:]:
            _centred(header.add_paragraph(), line, bold=True)
    footer_paragraph = footer.paragraphs[0]
    if marking.footer_marking:
        _centred(footer_paragraph, marking.footer_marking, bold=True)
        footer_paragraph = footer.add_paragraph()
    add_page_x_of_y(_centred(footer_paragraph))
    for later in document.sections[1:]:
        later.header.is_linked_to_previous = True
        later.footer.is_linked_to_previous = True
