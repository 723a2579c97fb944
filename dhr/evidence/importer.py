"""Spreadsheet import of an agency chronology: read safely, find the header row, map columns, validate every row.

Nothing is written here: `validate` returns either every row error or the parsed rows, and the service imports
all of them or none. Formulas are never evaluated: a cell holding "=HYPERLINK(...)" is kept as that text.
"""

import csv
import io
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dhr.core.forms import has_control_character, without_control_characters
from dhr.evidence.fuzzy_dates import FuzzyDate, FuzzyDateError, Precision, parse_fuzzy_date
from dhr.evidence.header_matching import HeaderMatcher
from dhr.files.guard import TEXT_ENCODINGS, UploadError, check_upload

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10

# target field -> (label, required, known header spellings); other spellings are matched by their words
# (dhr/evidence/header_matching.py).
FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "date": (
        "Date",
        True,
        (
            "date",
            "date of contact",
            "date of event",
            "event date",
            "contact date",
            "when",
            "date and time",
            "date/time",
        ),
    ),
    "time": ("Time", False, ("time", "time of contact", "time of event")),
    "service_team": (
        "Service or team",
        False,
        (
            "service",
            "team",
            "service/team",
            "service or team",
            "department",
            "organisation",
            "organization",
            "unit",
            "agency",
        ),
    ),
    "source_ref": (
        "Source reference",
        False,
        ("source", "source of information", "source ref", "reference", "record", "record reference", "document"),
    ),
    "people": (
        "People involved",
        False,
        ("people", "person", "persons", "people involved", "person(s) involved", "subject", "who"),
    ),
    "event_type": (
        "Event or contact type",
        False,
        ("event type", "type", "contact type", "event", "category", "event/contact type", "nature of contact"),
    ),
    "details": (
        "What happened",
        True,
        (
            "details",
            "summary",
            "description",
            "details of contact",
            "details of contact / event",
            "what happened",
            "narrative",
            "notes",
            "what occurred",
            "significant event",
        ),
    ),
    "outcome": (
        "Action taken or outcome",
        False,
        ("outcome", "action", "action taken", "action taken / outcome", "result", "actions"),
    ),
    "comment": ("Comment", False, ("comment", "comments", "analysis", "comment / analysis", "imr author comment")),
}


# Words that make a header something else: a date of birth or an end date is not when the event happened, and a
# staff member is not one of the review's people.
NEVER = {
    "date": ("birth", "born", "end", "finish", "until", "age"),
    "time": ("end", "finish", "until", "duration", "spent", "length"),
    "people": ("staff", "worker", "practitioner", "professional", "officer", "author", "clinician"),
}
MATCHER = HeaderMatcher({key: synonyms for key, (_, _, synonyms) in FIELDS.items()}, NEVER)


@dataclass
class Table:
    """The sheet: its header and data rows, each with the row number a person would see in Excel."""

    headers: list[str]
    rows: list[tuple[int, list]]


@dataclass
class RowError:
    """One bad row and why."""

    row: int
    reason: str


@dataclass
class ParsedRow:
    """One good row, ready to import."""

    row: int
    when: FuzzyDate
    values: dict[str, str]
    people: list = field(default_factory=list)
    typed: str = ""  # the date (and time) as the spreadsheet has it, to show beside how it was read


def read_table(filename: str, data: bytes) -> Table:
    """Open a CSV or XLSX upload safely and return its header and rows. Raises UploadError with the reason."""
    return _find_header(_grid(filename, data, MAX_ROWS + HEADER_SEARCH_ROWS + 1))


def read_headers(filename: str, data: bytes) -> list[str]:
    """Only the column names of an upload: its top rows are read, not the whole sheet."""
    return _find_header(_grid(filename, data, HEADER_SEARCH_ROWS)).headers


def _grid(filename: str, data: bytes, limit: int) -> list[list]:
    if len(data) > MAX_BYTES:
        raise UploadError("The file must be smaller than 10MB")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("xlsm", "xlsb", "xls", "xltm"):
        raise UploadError("Save the spreadsheet as .xlsx (without macros) or .csv and try again")
    if extension == "xlsx":
        check_upload(filename, data)  # size, zip bomb, macros and real content type
        return _xlsx_rows(data, limit)
    if extension == "csv":
        return _csv_rows(data, limit)
    raise UploadError("The file must be a spreadsheet saved as .xlsx or .csv")


def _decode(data: bytes) -> str:
    for encoding in TEXT_ENCODINGS["csv"]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError("Save the CSV file as UTF-8 (in Excel: CSV UTF-8) and try again")


def _csv_rows(data: bytes, limit: int) -> list[list]:
    if b"\x00" in data:
        raise UploadError("The file is not a text CSV file")
    text = _decode(data)
    # Allow long cells up to the file cap, so an over-long cell is a row error, not a reader failure.
    csv.field_size_limit(MAX_BYTES)
    try:
        return list(itertools.islice(csv.reader(io.StringIO(text, newline="")), limit))
    except csv.Error as exc:
        raise UploadError("The CSV file could not be read. Save it again as CSV UTF-8 and try again") from exc


def _xlsx_rows(data: bytes, limit: int) -> list[list]:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only=False returns formula text, which is never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) >= limit:
                break
        workbook.close()
        return rows
    except UploadError:
        raise
    except Exception as exc:
        raise UploadError("The spreadsheet could not be read. Save it again as .xlsx and try again") from exc


def _blank(row) -> bool:
    return all(value is None or str(value).strip() == "" for value in row)


def _unique(headers: list[str]) -> list[str]:
    """Repeated column names become 'Details', 'Details (2)', so each column can be chosen."""
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        if header:
            seen[header] = seen.get(header, 0) + 1
            header = header if seen[header] == 1 else f"{header} ({seen[header]})"
        result.append(header)
    return result


def _filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _find_header(grid: list[list]) -> Table:
    """The header is the first of the top rows that names two likely columns; failing that, the first row with two
    filled cells (the user then maps its columns). A title above the header is skipped either way."""
    top = grid[:HEADER_SEARCH_ROWS]
    index = next((i for i, row in enumerate(top) if sum(1 for c in row if MATCHER.recognises(c)) >= 2), None)
    if index is None:
        index = next((i for i, row in enumerate(top) if sum(1 for c in row if _filled(c)) >= 2), None)
    if index is None:
        raise UploadError("No header row found. The first rows must name the columns, for example Date and Details")
    # A column's name is chosen in a form, which refuses control characters; they never name anything.
    names = [without_control_characters(str(cell)).strip() if cell is not None else "" for cell in grid[index]]
    headers = _unique(names)
    body = [(index + 2 + offset, list(r)) for offset, r in enumerate(grid[index + 1 :]) if not _blank(r)]
    if len(body) > MAX_ROWS:
        raise UploadError(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files")
    return Table(headers, body)


def suggest_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """field -> header: what the agency used last time where those columns are still there, then the columns whose
    names best match the rest (one column per field, none when nothing is likely: the person chooses)."""
    fixed = {key: header for key, header in (remembered or {}).items() if key in FIELDS and header}
    return MATCHER.assign(headers, fixed)


def missing_required(mapping: dict[str, str]) -> list[str]:
    """Labels of required fields with no column."""
    return [label for key, (label, required, _) in FIELDS.items() if required and not mapping.get(key)]


def _cell(row: list, headers: list[str], header: str | None):
    if not header or header not in headers:
        return None
    index = headers.index(header)
    return row[index] if index < len(row) else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _excel_serial(value: float) -> date:
    if not 1 <= value <= 80_000:  # 1900 to about 2118
        raise FuzzyDateError("The date is a number that is not a spreadsheet date")
    return date(1899, 12, 30) + timedelta(days=int(value))


def _parse_time(value) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores times as fractions of a day
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", str(value).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise FuzzyDateError(f"'{value}' is not a time like 14:30")
    return time(int(match.group(1)), int(match.group(2)))


def _parse_when(raw, raw_time) -> FuzzyDate:
    at = _parse_time(raw_time)
    if isinstance(raw, datetime):
        at = at or (raw.time().replace(second=0, microsecond=0) if raw.time() != time(0) else None)
        start = raw.date()
    elif isinstance(raw, date):
        start = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        start = _excel_serial(float(raw))
    else:
        text = _text(raw)
        if re.fullmatch(r"\d{5}(\.0+)?", text):
            start = _excel_serial(float(text))
        else:
            parsed = parse_fuzzy_date(text)
            if at is not None and parsed.precision is not Precision.EXACT:
                raise FuzzyDateError("A time needs an exact date in the date column")
            if at is not None:
                return FuzzyDate(parsed.start, Precision.DATETIME, None, at, parsed.approximate)
            return parsed
    if not 1900 <= start.year <= 2100:
        raise FuzzyDateError("The year must be between 1900 and 2100")
    return FuzzyDate(start, Precision.DATETIME, None, at) if at else FuzzyDate(start, Precision.EXACT)


TEXT_LIMITS = {
    "service_team": 200,
    "source_ref": 200,
    "event_type": 120,
    "details": 10_000,
    "outcome": 10_000,
    "comment": 10_000,
}


def _people_lookup(people) -> dict:
    lookup = {}
    for person in people:
        for name in (person.pseudonym, person.real_name, *person.aliases.split(",")):
            if name and name.strip():
                lookup[name.strip().lower()] = person
    return lookup


def _control_problems(row: list, table: Table, mapping: dict[str, str]) -> list[str]:
    """A control character the forms refuse must not get in by a spreadsheet either (the XLSX export and PostgreSQL
    cannot hold some of them). Checked on the cell as it is, before spaces are tidied."""
    return [
        f"{label}: remove the unusual control character"
        for key, (label, _, _) in FIELDS.items()
        if isinstance(cell := _cell(row, table.headers, mapping.get(key)), str) and has_control_character(cell)
    ]


def _as_typed(value) -> str:
    """A cell as the spreadsheet shows it: a date cell as 4/3/2019, a number without '.0'."""
    if isinstance(value, datetime):
        shown = f"{value.day}/{value.month}/{value.year}"
        return f"{shown} {value:%H:%M}" if value.time() != time(0) else shown
    if isinstance(value, date):
        return f"{value.day}/{value.month}/{value.year}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return _text(value)


def _check_row(number: int, row: list, table: Table, mapping: dict[str, str], lookup: dict, refuse=None):
    """(parsed row, []) or (None, problems) for one data row."""
    problems = _control_problems(row, table, mapping)
    raw_date, raw_time = _cell(row, table.headers, mapping.get("date")), _cell(row, table.headers, mapping.get("time"))
    try:
        when = _parse_when(raw_date, raw_time)
    except FuzzyDateError as error:
        problems.append(f"Date: {error}")
    values = {key: _text(_cell(row, table.headers, mapping.get(key))) for key in TEXT_LIMITS}
    if not values["details"]:
        problems.append("What happened is empty")
    problems += [
        f"{FIELDS[key][0]} is longer than {limit:,} characters"
        for key, limit in TEXT_LIMITS.items()
        if len(values[key]) > limit
    ]
    if refuse is not None:
        problems += [
            f"{FIELDS[key][0]} must not include {problem}" for key in values for problem in refuse(values[key])
        ]
    names = [n.strip() for n in _text(_cell(row, table.headers, mapping.get("people"))).split(",") if n.strip()]
    problems += [f"'{name}' is not in the review's people register" for name in names if name.lower() not in lookup]
    if problems:
        return None, problems
    known = [lookup[n.lower()] for n in names if n.lower() in lookup]
    people = list({id(person): person for person in known}.values())  # a name given twice is one person
    typed = " ".join(part for part in (_as_typed(raw_date), _as_typed(raw_time)) if part)
    return ParsedRow(number, when, values, people, typed), []


def validate(table: Table, mapping: dict[str, str], people, refuse=None) -> tuple[list[ParsedRow], list[RowError]]:
    """Check every row; returns the parsed rows and every error (all of them, not just the first). `refuse(text)`
    gives what the privacy shield refuses in a text (dhr.privacy.shield.checker)."""
    lookup = _people_lookup(people)
    parsed, errors = [], []
    for number, row in table.rows:
        result, problems = _check_row(number, row, table, mapping, lookup, refuse)
        if result is None:
            errors.append(RowError(number, "; ".join(problems)))
        else:
            parsed.append(result)
    return parsed, errors
