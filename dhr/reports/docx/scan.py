"""Every piece of text in a .docx, with where it is: body paragraphs and tables, headers, footers, comments,
footnotes, endnotes, document properties and link targets.

The scan reads the saved file's parts, not python-docx's view of them, so text python-docx does not expose
(footnotes, tracked deletions, field codes, alt text) is read too.
"""

import codecs
import html
import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_TAGS = {f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}instrText"}
_SPACES = {f"{{{W}}}br", f"{{{W}}}tab", f"{{{W}}}cr"}
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_ALT_TEXT = ("descr", "title")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_PART_KINDS = ((re.compile(r"word/header\d*\.xml"), "header"), (re.compile(r"word/footer\d*\.xml"), "footer"))


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _text(element) -> str:
    """The text of an element: its runs joined, so a name split across runs is still one string."""
    parts = []
    # lxml filters by tag in C, which keeps a 50,000-row table quick to read.
    for node in element.iter(*_TEXT_TAGS, *_SPACES, _w("p"), _DOC_PR):
        tag = node.tag
        if tag in _TEXT_TAGS:
            parts.append(node.text or "")
        elif tag in _SPACES:
            parts.append(" ")
        elif tag == _DOC_PR:
            parts.extend(" " + node.get(name) for name in _ALT_TEXT if node.get(name))
        elif parts:
            parts.append("\n")  # a new paragraph within the element
    return "".join(parts)


def _style(paragraph) -> str:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val"), "") if style is not None else ""


def _numbered_level(paragraph) -> int | None:
    ilvl = paragraph.find(f"{_w('pPr')}/{_w('numPr')}/{_w('ilvl')}")
    num_id = paragraph.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
    if num_id is None or num_id.get(_w("val")) == "0":
        return None
    return int(ilvl.get(_w("val"))) if ilvl is not None else 0


class _Body:
    """Labels body paragraphs as a reader would find them: 'paragraph 16.2', or the nearest heading."""

    def __init__(self):
        self.heading, self.section, self.in_section, self.count = "the start", 0, 0, 0

    def paragraph(self, paragraph) -> tuple[str, str]:
        self.count += 1
        level = _numbered_level(paragraph)
        text = _text(paragraph)
        if level == 0:
            self.section, self.in_section = self.section + 1, 0
            self.heading = f"{self.section}. {text.strip()}"
            return f"the heading of section {self.section}", text
        if level == 1:
            self.in_section += 1
            return f"paragraph {self.section}.{self.in_section}", text
        where = f"body paragraph {self.count} (under '{self.heading[:60]}')"
        # Only top-level headings name a place: subheadings are the author's own words.
        if _style(paragraph) == "Heading1" and text.strip():
            self.heading = text.strip()
        return where, text


class _Tables:
    """Labels table cells by table, row and header column, for nested tables too."""

    def __init__(self):
        self.count, self.open = 0, []

    def start(self) -> None:
        self.count += 1
        self.open.append({"number": self.count, "rows": 0, "columns": []})

    def row(self, tr) -> Iterator[tuple[str, str]]:
        table = self.open[-1] if self.open else {"number": self.count, "rows": 0, "columns": []}
        table["rows"] += 1
        texts = [_text(tc) for tc in tr.iterchildren(_w("tc"))]
        if table["rows"] == 1:
            table["columns"] = [text.strip() for text in texts]
        for column, text in enumerate(texts):
            names = table["columns"]
            name = names[column] if column < len(names) and names[column] else f"column {column + 1}"
            yield f"table {table['number']}, row {table['rows']}, column '{name[:40]}'", text

    def end(self) -> None:
        if self.open:
            self.open.pop()


def _forget(element) -> None:
    """Free what has been read: the element's content and the siblings before it (iterparse keeps them)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _body(stream) -> Iterator[tuple[str, str]]:
    """The document body read as a stream, so a 50,000-row table is never held whole in memory."""
    body, tables = _Body(), _Tables()
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=(_w("p"), _w("tbl"), _w("tr")),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    )
    cell_depth = 0  # how many table rows the parser is inside: their paragraphs are read with the row
    for event, element in events:
        tag = element.tag
        if tag == _w("tbl"):
            tables.start() if event == "start" else tables.end()
        elif tag == _w("tr"):
            if event == "start":
                cell_depth += 1
                continue
            cell_depth -= 1
            yield from tables.row(element)
            if cell_depth == 0:
                _forget(element)
        elif event == "end" and cell_depth == 0 and not _inside_paragraph(element):
            yield body.paragraph(element)
            _forget(element)


def _inside_paragraph(paragraph) -> bool:
    """A paragraph in a text box belongs to the paragraph holding the box, which reads it."""
    parent = paragraph.getparent()
    while parent is not None:
        if parent.tag == _w("p"):
            return True
        parent = parent.getparent()
    return False


def _paragraphs(root, where: str) -> Iterator[tuple[str, str]]:
    for number, paragraph in enumerate(root.iter(_w("p")), start=1):
        yield f"{where}, paragraph {number}", _text(paragraph)


def _notes(root, tag: str, label: str) -> Iterator[tuple[str, str]]:
    for note in root.iter(_w(tag)):
        ident = note.get(_w("id"), "?")
        yield f"{label} {ident}", _text(note)
        for attribute in ("author", "initials"):
            if note.get(_w(attribute)):
                yield f"{label} {ident} ({attribute})", note.get(_w(attribute))


def _properties(root, part: str) -> Iterator[tuple[str, str]]:
    for node in root.iter():
        if isinstance(node.tag, str) and node.text and node.text.strip():
            yield f"{part}: {etree.QName(node).localname}", node.text


def _relationships(root, part: str) -> Iterator[tuple[str, str]]:
    for node in root:
        if node.get("TargetMode") == "External":
            yield f"a link target in {part}", node.get("Target", "")


# The body's text in one regular-expression pass: run text, breaks and tabs as spaces, paragraph ends as new lines
# (and alt text, when there is any). Whatever the detailed reading finds in one place is in this text too, in the
# same order, so it can only find more.
_QUICK = re.compile(
    r"<(?:/(?:\w+:)?(p)>|(?:\w+:)?(?:(?:t|delText|instrText)(?:\s[^>]*)?(>)([^<]*)<|(?:br|tab|cr)\b[^>]*>))"
)
_PARAGRAPH_END = "</w:p>"
_QUICK_WITH_ALT = re.compile(_QUICK.pattern + r'|\s(?:descr|title)="([^"]*)"')


def _quick_body(xml: str) -> str:
    parts = []
    if "descr=" in xml or "title=" in xml:
        matches = _QUICK_WITH_ALT.findall(xml)
    else:
        matches = ((end, run, text, "") for end, run, text in _QUICK.findall(xml))
    for paragraph_end, run, text, alt in matches:
        if run:
            parts.append(text)
        elif paragraph_end:
            parts.append("\n")
        elif alt:
            parts.append(" " + alt)
        else:
            parts.append(" ")
    return html.unescape("".join(parts))


CHUNK_BYTES = 1 << 22


def _body_chunks(stream) -> Iterator[str]:
    """The body XML in pieces of about CHUNK_BYTES, each ending at the end of a paragraph (so no run is cut)."""
    size = CHUNK_BYTES
    decoder = codecs.getincrementaldecoder("utf-8")()
    rest = ""
    while block := stream.read(size):
        xml = rest + decoder.decode(block)
        cut = xml.rfind(_PARAGRAPH_END)
        if cut < 0:
            rest = xml
            continue
        cut += len(_PARAGRAPH_END)
        yield xml[:cut]
        rest = xml[cut:]
    rest += decoder.decode(b"", final=True)
    if rest:
        yield rest


def quick_texts(data: bytes) -> Iterator[str]:
    """All the text of the .docx bytes, in order, in pieces of bounded size: a quick first look (one regular
    expression over the body), which `texts` then locates precisely. A piece ends at the end of a paragraph."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name == "word/document.xml":
                with package.open(name) as stream:
                    for chunk in _body_chunks(stream):
                        yield _quick_body(chunk)
            elif name.endswith((".xml", ".rels")):
                yield "\n".join(text for _, text in _part(name, etree.fromstring(package.read(name), _PARSER)))


def texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Every (where, text) in the .docx bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name == "word/document.xml":
                with package.open(name) as stream:
                    yield from _body(stream)
            elif name.endswith((".xml", ".rels")):
                yield from _part(name, etree.fromstring(package.read(name), _PARSER))


def _part(name: str, root) -> Iterator[tuple[str, str]]:
    if name == "word/comments.xml":
        yield from _notes(root, "comment", "comment")
    elif name == "word/footnotes.xml":
        yield from _notes(root, "footnote", "footnote")
    elif name == "word/endnotes.xml":
        yield from _notes(root, "endnote", "endnote")
    elif name == "docProps/core.xml":
        yield from _properties(root, "the document properties")
    elif name in ("docProps/app.xml", "docProps/custom.xml"):
        yield from _properties(root, "the application properties")
    elif name.endswith(".rels"):
        yield from _relationships(root, name)
    else:
        for pattern, label in _PART_KINDS:
            if pattern.fullmatch(name):
                yield from _paragraphs(root, f"the {label} ({name.rsplit('/', 1)[-1]})")
                return
