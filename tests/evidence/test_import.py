"""Spreadsheet import: formats, every bad row, all or nothing, no duplicates, hostile files and limits."""

import io
import re
import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from dhr.evidence import importer
from dhr.evidence.fuzzy_dates import Precision
from dhr.evidence.models import ChronologyEntry, ChronologyImport
from dhr.files.guard import UploadError
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


class Person:
    def __init__(self, pseudonym, real_name="", aliases=""):
        self.pseudonym, self.real_name, self.aliases = pseudonym, real_name, aliases


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parse(rows, people=()):
    table = importer.read_table("sheet.xlsx", xlsx(rows))
    mapping = importer.suggest_mapping(table.headers)
    return importer.validate(table, mapping, list(people))


def test_uk_date_formats_excel_serials_times_and_markers():
    rows, errors = _parse(
        [
            ["Date of contact", "Time", "Summary"],
            ["03/03/2019", None, "slash date"],
            ["3 March 2019", "14:30", "words and a time"],
            [43525, None, "Excel serial number"],
            [datetime(2019, 3, 4, 9, 15), None, "date-time cell"],
            [date(2019, 3, 5), 0.5, "date cell and an Excel time"],
            ["approx. 2018", None, "approximate year"],
            ["c. 3 March 2019", None, "approximate day"],
            ["March 2019", None, "month"],
        ]
    )
    assert errors == []
    got = [(r.when.start, r.when.precision, r.when.at, r.when.approximate) for r in rows]
    assert got == [
        (date(2019, 3, 3), Precision.EXACT, None, False),
        (date(2019, 3, 3), Precision.DATETIME, time(14, 30), False),
        (date(2019, 3, 1), Precision.EXACT, None, False),
        (date(2019, 3, 4), Precision.DATETIME, time(9, 15), False),
        (date(2019, 3, 5), Precision.DATETIME, time(12, 0), False),
        (date(2018, 1, 1), Precision.YEAR, None, True),
        (date(2019, 3, 3), Precision.EXACT, None, True),
        (date(2019, 3, 1), Precision.MONTH, None, False),
    ]


def test_every_bad_row_is_listed_with_its_spreadsheet_row_number():
    rows, errors = _parse(
        [
            ["Chronology from Test Police"],  # a title above the header
            [],
            ["Date", "Details", "People involved", "Time"],
            ["31/02/2019", "impossible date", None, None],
            ["1/1/2019", None, None, None],
            [None, None, None, None],  # blank: skipped, not an error
            ["1/1/2019", "unknown person", "Mr Nobody", None],
            ["1/1/2019", "bad time", None, "25:99"],
            [999999, "serial out of range", None, None],
            ["1/1/2019", "fine", "Adult A", None],
        ],
        people=[Person("Adult A")],
    )
    assert [(e.row, e.reason) for e in errors] == [
        (4, "Date: 31/2/2019 is not a real date"),
        (5, "What happened is empty"),
        (7, "'Mr Nobody' is not in the review's people register"),
        (8, "Date: '25:99' is not a time like 14:30"),
        (9, "Date: The date is a number that is not a spreadsheet date"),
    ]
    assert [r.row for r in rows] == [10]


def test_formulas_are_kept_as_text_never_evaluated():
    rows, errors = _parse([["Date", "Details"], ["1/1/2019", '=HYPERLINK("http://evil.example","x")']])
    assert errors == []
    assert rows[0].values["details"] == '=HYPERLINK("http://evil.example","x")'


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("macro.xlsm", xlsx([["Date", "Details"]]), "without macros"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "without macros"),
        ("virus.xlsx", b"MZ\x90\x00 not a workbook", "not a XLSX file"),
        ("vba.xlsx", _zip({"[Content_Types].xml": b"<T/>", "xl/vbaProject.bin": b"x"}), "macros"),
        (
            "bomb.xlsx",
            _zip({"[Content_Types].xml": b"<T/>", "xl/worksheets/sheet1.xml": b"0" * 5_000_000}),
            "unsafe size",
        ),
        ("broken.xlsx", _zip({"[Content_Types].xml": b"<T/>"}), "could not be read"),
        ("notes.docx", b"PK\x03\x04", "must be a spreadsheet"),
        # 0x81 and 0x9d are neither UTF-8 nor Windows-1252: not text the service can read.
        ("unreadable.csv", b"Date,Details\n1/1/2019,caf\x81\x9d\n", "UTF-8"),
        ("nul.csv", b"Date,Details\x00\n", "not a text CSV"),
        ("noheader.csv", b"just one column\n1\n2\n", "No header row found"),
        ("huge.csv", b"Date,Details\n" + b"1/1/2019,x\n" * 1 + b"x" * (10 * 1024 * 1024), "smaller than 10MB"),
        ("many.csv", b"Date,Details\n" + b"1/1/2019,x\n" * 20_001, "more than 20,000 rows"),
    ],
)
def test_hostile_and_oversized_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(UploadError, match=message):
        importer.read_table(name, data)


def test_exactly_twenty_thousand_rows_is_allowed():
    table = importer.read_table("many.csv", b"Date,Details\n" + b"1/1/2019,x\n" * 20_000)
    assert len(table.rows) == 20_000


@pytest.fixture
def world(db):
    return db.run(build_review_world)


def _contributor(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["contributor_a"])
    return client


def _upload(client, world, name, data):
    base = f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}"
    response = client.post(
        f"{base}/import",
        data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return response


def _entries(db, world):
    return db.scalar(
        select(func.count())
        .select_from(ChronologyEntry)
        .where(ChronologyEntry.involvement_id == world["evidence"]["A"]["involvement"])
    )


BAD = b"Title row\nDate,Organisation,Summary\n03/03/2019,Police,First\n31/02/2019,Police,Bad date\n04/03/2019,,\n"
GOOD = b"Title row\nDate,Organisation,Summary\n03/03/2019,Police,First\n05/03/2019,Police,Second\n04/03/2019,GP,Third\n"


def test_one_bad_row_imports_nothing_then_the_fixed_file_imports_everything_once(app, db, world):
    client = _contributor(app, db, world)
    before = _entries(db, world)
    mapping_page = _upload(client, world, "chronology.csv", BAD)
    assert mapping_page.status_code == 302
    url = mapping_page.headers["Location"]
    form = client.get(url).get_data(as_text=True)
    assert 'value="Date" selected' in form  # the suggested mapping is chosen already
    preview = client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "date": "Date",
            "details": "Summary",
            "service_team": "Organisation",
            "confirm": "yes",
        },
    ).get_data(as_text=True)
    assert "2 rows need fixing. Nothing has been imported." in preview
    assert re.search(r">4</td><td[^>]*>Date: 31/2/2019 is not a real date", preview)
    assert re.search(r">5</td><td[^>]*>What happened is empty", preview)
    assert _entries(db, world) == before

    url = _upload(client, world, "chronology.csv", GOOD).headers["Location"]
    checked = client.post(
        url,
        data={"csrf_token": csrf_token(client), "date": "Date", "details": "Summary", "service_team": "Organisation"},
    ).get_data(as_text=True)
    assert "All 3 rows can be imported" in checked
    assert _entries(db, world) == before  # checking imports nothing
    done = client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "date": "Date",
            "details": "Summary",
            "service_team": "Organisation",
            "confirm": "yes",
        },
    )
    assert done.status_code == 302
    assert _entries(db, world) == before + 3

    again = _upload(client, world, "chronology-again.csv", GOOD).headers["Location"]
    client.post(
        again,
        data={
            "csrf_token": csrf_token(client),
            "date": "Date",
            "details": "Summary",
            "service_team": "Organisation",
            "confirm": "yes",
        },
    )
    assert _entries(db, world) == before + 3  # re-importing the same rows creates no duplicates
    last = db.scalar(select(ChronologyImport).order_by(ChronologyImport.id.desc()))
    assert (last.imported_rows, last.duplicate_rows) == (0, 3)


def test_the_mapping_is_remembered_for_the_agency(app, db, world):
    client = _contributor(app, db, world)
    sheet = b"When it happened,Narrative\n03/03/2019,First\n"
    url = _upload(client, world, "odd-headers.csv", sheet).headers["Location"]
    client.post(
        url,
        data={"csrf_token": csrf_token(client), "date": "When it happened", "details": "Narrative", "confirm": "yes"},
    )
    url = _upload(client, world, "odd-headers-2.csv", b"When it happened,Narrative\n04/03/2019,Second\n")
    page = client.get(url.headers["Location"]).get_data(as_text=True)
    assert 'value="When it happened" selected' in page
    assert 'value="Narrative" selected' in page


def test_import_chronology_command(app, db, world, tmp_path):
    from dhr.reviews.models import Review

    reference = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R1"]["review"]))
    code = "RW-A"
    runner = app.test_cli_runner()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD)
    failed = runner.invoke(args=["dhr", "import-chronology", reference, code, str(bad)])
    assert failed.exit_code != 0
    assert "Row 4: Date: 31/2/2019 is not a real date" in failed.output
    assert "Row 5: What happened is empty" in failed.output
    assert "2 rows need fixing; nothing was imported" in failed.output
    before = _entries(db, world)
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([["Date", "Details"], ["1/2/2026", "From the command line"], [46000, "Serial"]]))
    ok = runner.invoke(args=["dhr", "import-chronology", reference, code, str(good)])
    assert ok.exit_code == 0, ok.output
    assert "2 rows imported, 0 already present, 0 names saved as person tokens" in ok.output
    assert _entries(db, world) == before + 2
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_bytes(b"Date,Type\n1/1/2026,Call\n")
    missing = runner.invoke(args=["dhr", "import-chronology", reference, code, str(unmapped)])
    assert missing.exit_code != 0
    assert "No column could be matched for: What happened" in missing.output
