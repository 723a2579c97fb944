"""The one table helper. python-docx builds a table's header row and one template row, so both get the style and
column widths of their section; the data rows are then written as XML text, straight into the saved file, from
that template.

Why not python-docx for every row: `table.cell(r, c)` rebuilds every cell on each call (quadratic) and
`add_row().cells` costs about 0.6 ms a row (tech.md §3). Deep-copying a template `<w:tr>` is about 30 times
faster, but it still holds an lxml tree of about 20 MB per 1,000 ten-column rows, which put a 10,000-row
chronology over 300 MB. Streaming the rows into the zip keeps only the template in the tree.

Write the document with `save()` (or `layout.to_bytes`): python-docx's own `document.save` would leave the
template row in place of the data.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from dhr.privacy.reading import shown, shown_in_xml
from dhr.reports.docx.fit import fit_widths

EMU_PER_POINT = 12700

# Characters XML 1.0 cannot hold (lxml refuses them): dropped, so old or pasted text never breaks an export.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Anything a cell cannot hold as one <w:t> of escaped text: invalid characters, line breaks and tabs.
_SPECIAL = re.compile("[\x00-\x08\x09\x0a\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_RESTART, _CONTINUE = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
HEADER_SHADING = "D9D9D9"
CONTINUE = None  # as a cell value: the cell above carries on into this row (a vertical merge)
DOCUMENT_PART = "word/document.xml"
_ROWS_PER_WRITE = 500


def clean(text: str) -> str:
    """Text without the characters XML cannot hold, with Windows and old Mac line ends as '\\n'."""
    return _INVALID.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def _element(tag: str, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def cell_xml(value: str) -> str:
    """A cell's text as the inside of a <w:t>: person tokens as the reader sees them, escaped, with line breaks and
    tabs as Word's own elements."""
    value = shown(value)
    if _SPECIAL.search(value) is not None:
        value = clean(value)
        escaped = value.translate(_ESCAPES)
        return escaped.replace("\n", _BREAK).replace("\t", _TAB)
    return value.translate(_ESCAPES)


def _mark_header(row) -> None:
    """Repeat the row at the top of every page, keep it in one piece, and make it bold on a grey ground."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_element("w:cantSplit"))
    tr_pr.append(_element("w:tblHeader", val="true"))
    for cell in row.cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        tc_pr.append(_element("w:shd", val="clear", color="auto", fill=HEADER_SHADING))
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def _set_width(table, total_width: int) -> None:
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = _element("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(int(total_width / 635)))  # EMU to twentieths of a point
    width.set(qn("w:type"), "dxa")


def text_style(document, font_size: float | None):
    """The paragraph style for table text at this size: tight spacing, so each cell needs only a style reference."""
    size = font_size or 12
    name = f"Table Text {size:g}"
    if name not in [s.name for s in document.styles]:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(size)
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.line_spacing = 1.0
    return document.styles[name]


@dataclass
class _Deferred:
    """Rows waiting to be written in place of a table's template row when the document is saved."""

    table: int
    columns: int
    rows: Iterable[Sequence[str | None]]


def _deferred(document) -> list[_Deferred]:
    part = document.part
    if not hasattr(part, "_dhr_deferred_rows"):
        part._dhr_deferred_rows = []
    return part._dhr_deferred_rows


def _marker(table: int, kind: str, column: int) -> str:
    return f"dhr-{table}-{kind}-{column}"


def add_table(
    document,
    headers: Sequence[str],
    rows: Iterable[Sequence[str | None]],
    *,
    widths: Sequence[float],
    total_width: int,
    style: str = "Table Grid",
    font_size: float | None = None,
):
    """A table with a repeated header row and one row per item of `rows`, appended to the end of `document`.

    `widths` are relative column weights; `total_width` is in EMU (usually the section's usable width). A cell
    value of CONTINUE (None) merges the cell with the one above it, to group rows (the action plan does). The
    rows are read once, when the document is saved. When they are given as a list, the columns are first widened
    where a word would not fit (fit.fit_widths), so no word breaks mid-word.
    """
    if isinstance(rows, list | tuple):
        points = total_width / EMU_PER_POINT
        widths = fit_widths(headers, rows, [w / sum(widths) * points for w in widths], points, font_size or 12)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: a long word wraps inside its column instead of widening it
    scale = total_width / sum(widths)
    emu = [int(w * scale) for w in widths]
    _set_width(table, total_width)
    for column, width in zip(table.columns, emu, strict=True):
        column.width = width
    paragraph_style = text_style(document, font_size)
    header = table.rows[0]
    for cell, title, width in zip(header.cells, headers, emu, strict=True):
        cell.width = width
        cell.paragraphs[0].style = paragraph_style
        cell.paragraphs[0].add_run(clean(title))
    _mark_header(header)

    deferred = _deferred(document)
    number = len(deferred)
    template = table.add_row()
    for column, (cell, width) in enumerate(zip(template.cells, emu, strict=True)):
        cell.width = width
        cell.paragraphs[0].style = paragraph_style
        t = cell.paragraphs[0].add_run()._r.add_t("")
        t.set(qn("xml:space"), "preserve")  # keep the leading and trailing spaces of user text
        # Markers the saved XML is split at: where a merge goes (end of tcPr) and where the text goes.
        cell._tc.get_or_add_tcPr().append(etree.Comment(_marker(number, "merge", column)))
        t.append(etree.Comment(_marker(number, "text", column)))
    deferred.append(_Deferred(number, len(headers), rows))
    return table


def _template(xml: str, deferred: _Deferred) -> tuple[int, int, list[str]]:
    """Where the template row starts and ends in the saved XML, and its text between the markers."""
    first = xml.index(f"<!--{_marker(deferred.table, 'merge', 0)}-->")
    start = max(m.start() for m in re.finditer(r"<w:tr[ >]", xml[:first]))
    last = xml.index(f"<!--{_marker(deferred.table, 'text', deferred.columns - 1)}-->")
    end = xml.index("</w:tr>", last) + len("</w:tr>")
    marker = re.compile(rf"<!--dhr-{deferred.table}-(merge|text)-(\d+)-->")
    row = xml[start:end]
    found = [(kind, int(column)) for kind, column in marker.findall(row)]
    expected = [(kind, column) for column in range(deferred.columns) for kind in ("merge", "text")]
    if found != expected:
        raise ValueError(f"Table {deferred.table}'s template row is not in the expected shape")
    return start, end, marker.sub("\x00", row).split("\x00")


def _rows_xml(segments: list[str], deferred: _Deferred) -> Iterator[str]:
    """Each data row as XML, from the template's segments; merges need to see the next row."""
    rows = iter(deferred.rows)
    current = next(rows, None)
    previous = None
    while current is not None:
        following = next(rows, None)
        parts = [segments[0]]
        for column in range(deferred.columns):
            value = current[column] if column < len(current) else ""
            if value is CONTINUE and previous is not None:
                merge = _CONTINUE
            elif following is not None and column < len(following) and following[column] is CONTINUE:
                merge = _RESTART
            else:
                merge = ""
            text = "" if value is CONTINUE else cell_xml(value)
            parts += (merge, segments[2 * column + 1], text, segments[2 * column + 2])
        yield "".join(parts)
        previous, current = current, following


def save(document) -> bytes:
    """The .docx bytes, with every table's rows written in place of its template row and every person token in
    the document's parts (body, headers, footers, notes) as the reader sees it."""
    buffer = io.BytesIO()
    document.save(buffer)
    deferred = _deferred(document)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(".xml") and b"[[person:" in data:
                data = shown_in_xml(data.decode("utf-8")).encode("utf-8")
            if info.filename != DOCUMENT_PART or not deferred:
                target.writestr(info, data)
                continue
            part = zipfile.ZipInfo(DOCUMENT_PART, date_time=info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            with target.open(part, "w", force_zip64=True) as stream:
                _write_document(stream, data.decode("utf-8"), deferred)
    return out.getvalue()


def _write_document(stream, xml: str, deferred: list[_Deferred]) -> None:
    position = 0
    for table in deferred:
        start, end, segments = _template(xml, table)
        stream.write(xml[position:start].encode("utf-8"))
        batch = []
        for row in _rows_xml(segments, table):
            batch.append(row)
            if len(batch) == _ROWS_PER_WRITE:
                stream.write("".join(batch).encode("utf-8"))
                batch = []
        stream.write("".join(batch).encode("utf-8"))
        position = end
    stream.write(xml[position:].encode("utf-8"))
