"""Word fields (PAGE, NUMPAGES, TOC): Word works out the value when it lays the document out."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


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


def add_contents(document, title: str = "Contents") -> None:
    """A contents title (not itself listed) and a TOC field over headings 1 and 2."""
    document.add_paragraph(title, style="TOC Heading")
    paragraph = document.add_paragraph()
    add_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', "Right-click and choose Update Field to show the contents.")
