"""Combined chronology as CSV or XLSX. Cells are always text: a spreadsheet never evaluates them as formulas."""

import csv
import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from dhr.core.forms import without_control_characters
from dhr.privacy.reading import shown

HEADER = [
    "Date",
    "Agency",
    "Service or team",
    "Source reference",
    "People involved",
    "Event or contact type",
    "What happened",
    "Action taken or outcome",
    "Comment",
    "Submission version",
]
# A leading one of these makes Excel, LibreOffice or Sheets treat the cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|")


def neutralise(text: str) -> str:
    """Text that cannot start a formula: a leading apostrophe, which spreadsheets show as plain text."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(entries, *, real_names: bool) -> list[list[str]]:
    """One list of strings per entry, in the order given."""
    out = []
    for entry in entries:
        people = ", ".join((p.real_name or p.pseudonym) if real_names else p.pseudonym for p in entry.people)
        out.append(
            [
                entry.when.display(),
                entry.involvement.agency.name,
                entry.service_team,
                entry.source_ref,
                people,
                entry.event_type,
                entry.details,
                entry.outcome,
                entry.comment,
                str(entry.involvement.submission_version),
            ]
        )
    return out


def csv_chunks(data: Iterable[list[str]], header: list[str] = HEADER, every: int = 500) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark (so Excel reads the accents), every cell neutralised and its person tokens
    as the reader sees them, a few hundred rows at a time, so the rows can be read as they are written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for number, row in enumerate(data, start=1):
        writer.writerow([neutralise(shown(cell)) for cell in row])
        if number % every == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(data: Iterable[list[str]], header: list[str] = HEADER) -> bytes:
    """The whole CSV at once (csv_chunks joined)."""
    return b"".join(csv_chunks(data, header))


def to_xlsx(
    data: Iterable[list[str]], title: str, header: list[str] = HEADER, sheet_title: str = "Chronology"
) -> bytes:
    """An XLSX workbook whose cells are all stored as text, never as formulas, person tokens as the reader sees them.
    Written row by row (openpyxl's write-only mode), so memory stays flat however many rows there are."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate([header, *data], start=1):
        cells = []
        for text in row:
            # A control character stored before imports refused them would make openpyxl refuse the whole file.
            cell = WriteOnlyCell(sheet, value=without_control_characters(shown(text)))
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a live formula
            if row_number == 1:
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)
    workbook.properties.title = title
    workbook.properties.creator = "DHR Case Manager"  # never a person's name in document metadata
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
