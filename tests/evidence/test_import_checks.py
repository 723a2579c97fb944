"""The import's check step: the columns a person confirmed are kept for their corrected file, the preview shows how
each date was read and which rows are already in the chronology, Windows-1252 CSVs are read, and a control
character is a bad row, never something stored that breaks the XLSX export later."""

import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from sqlalchemy import func, select

from dhr.evidence import importer, services
from dhr.evidence.fuzzy_dates import parse_fuzzy_date
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry, ChronologyImport
from dhr.extensions import db as _db
from dhr.reviews.models import Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


@pytest.fixture
def world(db):
    return db.run(build_review_world)


@pytest.fixture
def contributor(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["contributor_a"])
    return client


def _upload(client, world, data: bytes, name: str = "chronology.csv") -> str:
    base = f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}"
    response = client.post(
        f"{base}/import",
        data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _check(client, url: str, confirm: bool = False, **columns) -> str:
    data = {"csrf_token": csrf_token(client), **columns} | ({"confirm": "yes"} if confirm else {})
    response = client.post(url, data=data)
    return response.get_data(as_text=True) if response.status_code == 200 else response.headers["Location"]


def _selected(page: str) -> dict[str, str]:
    """field -> the column the mapping form has chosen for it ('' for none)."""
    soup = BeautifulSoup(page, "html.parser")
    chosen = {}
    for select_ in soup.select("select"):
        option = select_.find("option", selected=True)
        chosen[select_["name"]] = option["value"] if option else ""
    return chosen


def _entries(db, world):
    return db.scalar(
        select(func.count())
        .select_from(ChronologyEntry)
        .where(ChronologyEntry.involvement_id == world["evidence"]["A"]["involvement"])
    )


FIRST_TRY = b"Date of contact,Summary,Notes\n03/03/2019,Visit,Officers attended\n31/02/2019,Call,Follow-up call\n"
CORRECTED = b"Date of contact,Summary,Notes\n03/03/2019,Visit,Officers attended\n28/02/2019,Call,Follow-up call\n"


def test_a_corrected_file_with_the_same_columns_starts_from_the_columns_confirmed(contributor, db, world):
    url = _upload(contributor, world, FIRST_TRY)
    suggested = _selected(contributor.get(url).get_data(as_text=True))
    assert (suggested["details"], suggested["comment"]) == ("Summary", "")  # the left-most exact spelling
    # The person says the narrative is in Notes and Summary is the event type, then finds a bad row.
    failed = _check(contributor, url, date="Date of contact", details="Notes", event_type="Summary")
    assert "1 row needs fixing. Nothing has been imported." in failed
    assert "Upload a corrected spreadsheet" in failed

    again = _upload(contributor, world, CORRECTED, "chronology-fixed.csv")
    chosen = _selected(contributor.get(again).get_data(as_text=True))
    assert chosen == {
        "date": "Date of contact",
        "time": "",
        "details": "Notes",
        "event_type": "Summary",
        "service_team": "",
        "source_ref": "",
        "people": "",
        "outcome": "",
        "comment": "",
    }
    before = _entries(db, world)
    assert _check(contributor, again, confirm=True, **{k: v for k, v in chosen.items() if v}).startswith("/")
    assert _entries(db, world) == before + 2
    entry = db.scalar(select(ChronologyEntry).where(ChronologyEntry.details == "Follow-up call"))
    assert entry.event_type == "Call"


def test_a_file_with_other_columns_is_matched_afresh(contributor, world):
    url = _upload(contributor, world, FIRST_TRY)
    _check(contributor, url, date="Date of contact", details="Notes", event_type="Summary")
    other = _upload(contributor, world, b"Date of contact,Summary,Notes,Team\n03/03/2019,Visit,Attended,Response\n")
    chosen = _selected(contributor.get(other).get_data(as_text=True))
    assert (chosen["details"], chosen["event_type"], chosen["service_team"]) == ("Summary", "", "Team")


def _dates_read(page: str) -> list[list[str]]:
    table = BeautifulSoup(page, "html.parser").find("table", id="dates-read")
    return [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in table.find("tbody").find_all("tr")]


def test_the_preview_shows_how_each_date_was_read_beside_the_text_as_typed(contributor, world):
    sheet = (
        b"Date,Time,Details\n"
        b"c. March 2019,,Approximate month\n"
        b"3/4/2019,14:30,UK order with a time\n"
        b"2019,,Year only\n"
        b"3-10 March 2019,,A range\n"
        b"approx. 5 May 2018,,Approximate day\n"
    )
    url = _upload(contributor, world, sheet)
    page = _check(contributor, url, date="Date", time="Time", details="Details")
    check_page(page)
    assert "All 5 rows can be imported" in page
    assert _dates_read(page) == [
        ["2", "c. March 2019", "approximately March 2019"],
        ["3", "3/4/2019 14:30", "3 April 2019 14:30"],
        ["4", "2019", "2019"],
        ["5", "3-10 March 2019", "3 March 2019 to 10 March 2019"],
        ["6", "approx. 5 May 2018", "approximately 5 May 2018"],
    ]


def test_a_date_cell_of_a_workbook_is_shown_as_the_day_it_holds():
    from datetime import datetime

    from tests.evidence.test_import import xlsx

    table = importer.read_table("s.xlsx", xlsx([["Date", "Details"], [datetime(2019, 3, 4, 9, 15), "x"], [43525, "y"]]))
    rows, _ = importer.validate(table, importer.suggest_mapping(table.headers), [])
    assert [(r.typed, r.when.in_words()) for r in rows] == [
        ("4/3/2019 09:15", "4 March 2019 09:15"),
        ("43525", "1 March 2019"),
    ]


GOOD = b"Date,Details\n03/03/2019,First\n04/03/2019,Second\n05/03/2019,Third\n"


def test_rows_already_in_the_chronology_are_counted_before_the_import_button(contributor, db, world):
    first = _upload(contributor, world, GOOD)
    _check(contributor, first, confirm=True, date="Date", details="Details")
    before = _entries(db, world)

    more = _upload(contributor, world, GOOD + b"06/03/2019,Fourth\n07/03/2019,Fifth\n", "more.csv")
    page = _check(contributor, more, date="Date", details="Details")
    check_page(page)
    assert "2 new rows can be imported" in page
    notice = "3 rows are already in the chronology and will be skipped."
    assert notice in page
    assert page.index(notice) < page.index("Import 2 rows")
    assert [row[3] for row in _dates_read(page)] == ["Already in the chronology: skipped"] * 3 + ["New"] * 2
    assert _entries(db, world) == before  # checking imports nothing

    _check(contributor, more, confirm=True, date="Date", details="Details")
    assert _entries(db, world) == before + 2
    batch = db.scalar(select(ChronologyImport).order_by(ChronologyImport.id.desc()))
    assert (batch.imported_rows, batch.duplicate_rows) == (2, 3)

    again = _upload(contributor, world, b"Date,Details\n03/03/2019,First\n", "again.csv")
    page = _check(contributor, again, date="Date", details="Details")
    assert "Every row is already in the chronology" in page
    assert "1 row is already in the chronology and will be skipped." in page
    assert 'name="confirm"' not in page  # no Import button when there is nothing new


def test_a_row_given_twice_in_the_file_is_counted_once(contributor, world):
    url = _upload(contributor, world, b"Date,Details\n03/03/2019,Same\n03/03/2019,Same\n")
    page = _check(contributor, url, date="Date", details="Details")
    assert "1 row is already in the chronology and will be skipped." in page
    assert "Import 1 row<" in page


# Windows-1252 as Excel on Windows saves "CSV (Comma delimited)": curly quotes 0x93/0x94, a pound sign 0xa3, an en
# dash 0x96 and a curly apostrophe 0x92. Not valid UTF-8.
WINDOWS_1252 = b"Date,What happened\r\n03/03/2019,\x93Paid \xa35\x94 \x96 the victim\x92s account\r\n"
READ_AS = "\u201cPaid \u00a35\u201d \u2013 the victim\u2019s account"


def test_a_windows_1252_csv_is_read_not_refused():
    with pytest.raises(UnicodeDecodeError):
        WINDOWS_1252.decode("utf-8")
    table = importer.read_table("excel.csv", WINDOWS_1252)
    assert table.rows == [(2, ["03/03/2019", READ_AS])]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_is_read_first_with_or_without_a_byte_order_mark(bom):
    table = importer.read_table("utf8.csv", bom + "Date,What happened\n03/03/2019,\u00a35 \u2013 \u00e9\n".encode())
    assert table.headers == ["Date", "What happened"]
    assert table.rows == [(2, ["03/03/2019", "\u00a35 \u2013 \u00e9"])]


CONTROL = (
    b"Date,Details,Outcome\n03/03/2019,Fine,Advice\n04/03/2019,Rang \x07 the bell,None\n05/03/2019,Fine too,Note\x0b\n"
)


def test_a_control_character_is_a_bad_row_and_the_import_imports_nothing(contributor, db, world):
    before = _entries(db, world)
    url = _upload(contributor, world, CONTROL)
    page = _check(contributor, url, confirm=True, date="Date", details="Details", outcome="Outcome")
    assert "2 rows need fixing. Nothing has been imported." in page
    assert '<td class="govuk-table__cell">3</td><td class="govuk-table__cell">What happened: remove the unusual' in page
    assert "Action taken or outcome: remove the unusual control character" in page
    assert _entries(db, world) == before
    assert (
        db.scalar(select(ChronologyImport.imported_at).where(ChronologyImport.id == int(url.rsplit("/", 1)[1]))) is None
    )


def test_the_command_refuses_a_control_character_and_stores_nothing(app, db, world, tmp_path):
    reference = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R1"]["review"]))
    sheet = tmp_path / "bell.csv"
    sheet.write_bytes(CONTROL)
    before = _entries(db, world)
    failed = app.test_cli_runner().invoke(args=["dhr", "import-chronology", reference, "RW-A", str(sheet)])
    assert failed.exit_code != 0
    assert "Row 3: What happened: remove the unusual control character" in failed.output
    assert "Row 4: Action taken or outcome: remove the unusual control character" in failed.output
    assert _entries(db, world) == before


def test_a_control_character_in_a_header_does_not_name_the_column():
    table = importer.read_table("h.csv", b"Date\x07,Details\n03/03/2019,x\n")
    assert table.headers == ["Date", "Details"]


def test_the_xlsx_export_of_an_imported_chronology_works(app, db, world, tmp_path):
    reference = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R1"]["review"]))
    sheet = tmp_path / "excel.csv"
    sheet.write_bytes(WINDOWS_1252 + b'04/03/2019,"Two lines:\tfirst\r\nsecond"\r\n')
    runner = app.test_cli_runner()
    done = runner.invoke(args=["dhr", "import-chronology", reference, "RW-A", str(sheet)])
    assert done.exit_code == 0, done.output

    def legacy_and_accept():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        # Stored before imports refused control characters: the export must still open.
        services.add_entry(
            involvement,
            when=parse_fuzzy_date("5/3/2019"),
            people=[],
            actor=world["users"]["contributor_a"],
            details="Old row with a bell \x07 in it",
        )
        services.submit(involvement, actor=world["users"]["contributor_a"])
        services.accept(involvement, actor=world["users"]["chair"])

    db.run(legacy_and_accept)
    out = tmp_path / "chronology.xlsx"
    exported = runner.invoke(args=["dhr", "export-chronology", reference, "--format", "xlsx", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    cells = [cell for row in load_workbook(out).active.iter_rows(values_only=True) for cell in row]
    assert READ_AS in cells
    assert "Two lines:\tfirst\r\nsecond" in cells  # tab and line breaks are allowed; they export
    assert "Old row with a bell  in it" in cells
