"""Word fields (PAGE, NUMPAGES, TOC): Word works out the value when it lays the document out."""

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dhr.reports.docx.tables import clean


def _char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def add_field(paragraph, instruction: str, placeholder: str = "1"):
    """Append a complex field to the paragraph; `placeholder` shows until Word updates the field."""
    runs = [paragraph.add_run() for _ in range(5)]
    runs[0]._r.append(_char("begin"))
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    runs[1]._r.append(text)
    runs[2]._r.append(_char("separate"))
    runs[3].text = placeholder
    runs[4]._r.append(_char("end"))
    return runs[3]


def add_page_x_of_y(paragraph) -> None:
    """'Page X of Y' with live PAGE and NUMPAGES fields."""
    paragraph.add_run("Page ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES")


TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def add_contents(document, entries: list[tuple[int, str]], title: str = "Contents") -> None:
    """A contents title (not itself listed) and a TOC field over headings 1 and 2, with the entries written in as
    the field's result: a reader that does not update fields (LibreOffice, a PDF converter, a preview) shows them,
    and Word replaces them, page numbers and all, when it updates the field."""
    document.add_paragraph(title, style="TOC Heading")
    if not entries:
        add_field(document.add_paragraph(), TOC_INSTRUCTION, "")
        return
    paragraphs = [document.add_paragraph(style=toc_style(document, level)) for level, _ in entries]
    first, last = paragraphs[0], paragraphs[-1]
    first.add_run()._r.append(_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {TOC_INSTRUCTION} "
    first.add_run()._r.append(instruction)
    first.add_run()._r.append(_char("separate"))
    for paragraph, (_, text) in zip(paragraphs, entries, strict=True):
        paragraph.add_run(clean(text))
    last.add_run()._r.append(_char("end"))


def toc_style(document, level: int):
    """Word's built-in contents style for the level ('TOC 1', 'TOC 2'), added when the template lacks it."""
    name = f"TOC {level}"
    if name not in [style.name for style in document.styles]:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        style.paragraph_format.space_after = Pt(3)
    return document.styles[name]
