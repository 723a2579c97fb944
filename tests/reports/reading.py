"""Reading generated documents back with python-docx, as a person opening them in Word would see them."""

import io

import docx
from docx.oxml.ns import qn


def open_docx(data: bytes):
    """The document from its bytes."""
    return docx.Document(io.BytesIO(data))


def numbered_level(paragraph) -> int | None:
    """The list level Word numbers the paragraph at, or None."""
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return None
    ilvl = num_pr.find(qn("w:ilvl"))
    return int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


def word_numbers(document) -> list[tuple[str, str]]:
    """(number Word shows, text) for every numbered paragraph: '4.' for section headings, '4.2' for paragraphs."""
    out, section, paragraph = [], 0, 0
    for p in document.paragraphs:
        level = numbered_level(p)
        if level == 0:
            section, paragraph = section + 1, 0
            out.append((f"{section}.", p.text))
        elif level == 1:
            paragraph += 1
            out.append((f"{section}.{paragraph}", p.text))
    return out


def headings(document, level: int = 1) -> list[str]:
    """The text of every heading of that level, in order."""
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def header_texts(document) -> list[str]:
    """Every header paragraph's text across sections (linked sections repeat the first)."""
    return [p.text for s in document.sections for p in s.header.paragraphs if p.text]


def footer_texts(document) -> list[str]:
    """Every footer paragraph's text across sections."""
    return [p.text for s in document.sections for p in s.footer.paragraphs if p.text]


def field_codes(part_element) -> list[str]:
    """The instructions of every field in a part (' PAGE ', ' NUMPAGES ', ' TOC ... ')."""
    return [t.text.strip() for t in part_element.iter(qn("w:instrText"))]


def repeats_header(table) -> bool:
    """True if the table's first row repeats at the top of each page."""
    tr_pr = table.rows[0]._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def table_rows(table) -> list[list[str]]:
    """Cell texts row by row, read from the XML directly (python-docx's cell API is quadratic)."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append(["\n".join(p.text for p in _paragraphs(tc)) for tc in tr.tc_lst])
    return rows


def _paragraphs(tc):
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, None) for p in tc.p_lst]
