"""Section and paragraph numbering as a Word multilevel list: headings '1.', paragraphs '1.1', '1.2'.

Word numbers the paragraphs itself, so a paragraph the author adds in Word is numbered too. The numbers match
the app's (dhr.drafting.paragraphs) because every numbered section is written, in order, and subheadings are
not numbered.
"""

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

SECTION_LEVEL, PARAGRAPH_LEVEL = 0, 1

_ABSTRACT = """
<w:abstractNum {ns} w:abstractNumId="{id}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr>
  </w:lvl>
  <w:lvl w:ilvl="1">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr>
  </w:lvl>
</w:abstractNum>
"""


def add_report_numbering(document) -> int:
    """Define the two-level list and return the numId to put on headings and paragraphs."""
    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = parse_xml(_ABSTRACT.format(ns=nsdecls("w"), id=abstract_id))
    first_num = numbering.find(qn("w:num"))
    # The schema puts every abstractNum before the first num.
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(abstract_id).numId


def number(paragraph, num_id: int, level: int) -> None:
    """Number the paragraph at this level of the report list."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
