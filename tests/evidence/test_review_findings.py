"""Regression tests for defects found in review: each of these once returned a 500 or broke a rule."""

import io
import zipfile

import pytest
from sqlalchemy import select

from dhr.core.errors import DomainError
from dhr.evidence import importer, services
from dhr.evidence.imr import read_docx_sections
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EvidenceStatus, OutputRequired
from dhr.extensions import db as _db
from dhr.files.guard import UploadError, check_upload
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


class Person:
    def __init__(self, pseudonym, real_name=""):
        self.pseudonym, self.real_name, self.aliases = pseudonym, real_name, ""


@pytest.fixture
def world(db):
    return db.run(build_review_world)


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_editing_an_entry_into_a_copy_of_another_is_refused(app, db, world):
    url = f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}"
    contributor = _as(app, db, world, "contributor_a")
    contributor.post(
        f"{url}/entries/new",
        data={"csrf_token": csrf_token(contributor), "when": "4/3/2026", "details": "Second entry"},
    )
    second = db.scalar(select(ChronologyEntry.id).where(ChronologyEntry.details == "Second entry"))
    copy = {
        "csrf_token": csrf_token(contributor),
        "when": "3/3/2026",
        "details": "CNRY-ENTRY-A",
        "event_type": "Contact",
    }
    response = contributor.post(f"{url}/entries/{second}/edit", data=copy)
    assert response.status_code == 200
    assert "already in the chronology" in response.get_data(as_text=True)


def test_a_person_named_twice_in_a_row_is_one_person():
    table = importer.read_table("p.csv", b'Date,Details,People involved\n1/1/2026,Visit,"Ms J, Ms J, Amira Saleh"\n')
    rows, errors = importer.validate(table, importer.suggest_mapping(table.headers), [Person("Ms J", "Amira Saleh")])
    assert errors == []
    assert len(rows[0].people) == 1


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"Date,Details\r1/1/2026,Old Mac line ends\r", "rows"),
        (b"Date,Details\n1/1/2026," + b"x" * 200_000 + b"\n", "row error"),
    ],
)
def test_unusual_csv_files_are_read_or_refused_never_a_failure(data, outcome):
    table = importer.read_table("odd.csv", data)
    rows, errors = importer.validate(table, importer.suggest_mapping(table.headers), [])
    if outcome == "rows":
        assert [r.values["details"] for r in rows] == ["Old Mac line ends"]
    else:
        assert errors[0].reason == "What happened is longer than 10,000 characters"


def test_repeated_column_names_can_each_be_chosen():
    table = importer.read_table("dup.csv", b"Date,Details,Details\n1/1/2026,,Second column text\n")
    assert table.headers == ["Date", "Details", "Details (2)"]
    rows, errors = importer.validate(table, {"date": "Date", "details": "Details (2)"}, [])
    assert rows[0].values["details"] == "Second column text"


def test_a_time_without_an_exact_date_is_a_row_error_not_dropped():
    table = importer.read_table("t.csv", b"Date,Time,Details\nc. 2019,14:00,Visit\nMarch 2019,14:00,Visit\n")
    rows, errors = importer.validate(table, importer.suggest_mapping(table.headers), [])
    assert [e.reason for e in errors] == ["Date: A time needs an exact date in the date column"] * 2


@pytest.mark.parametrize(
    "parts",
    [{"[Content_Types].xml": "<Types/>"}, {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}],
)
def test_a_zip_that_is_not_a_word_document_is_refused(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    with pytest.raises(UploadError, match="not a readable Word document"):
        read_docx_sections(check_upload("imr.docx", buffer.getvalue()))


def test_what_an_agency_owes_cannot_change_after_submission_and_acceptance_rechecks(app, db, world):
    def _submit_then_try():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        services.submit(involvement, actor=world["users"]["contributor_a"])
        with pytest.raises(DomainError, match="cannot change after it has submitted"):
            services.update_involvement(
                involvement,
                actor=world["users"]["coordinator"],
                contact_victim=involvement.contact_victim,
                contact_perpetrator=involvement.contact_perpetrator,
                contact_children=involvement.contact_children,
                records_secured_on=None,
                output=OutputRequired.IMR,
                exclusion_reason="",
                due_on=involvement.due_on,
            )
        involvement.output = OutputRequired.IMR  # as if it had been changed some other way
        with pytest.raises(DomainError, match="not complete"):
            services.accept(involvement, actor=world["users"]["chair"])
        return involvement.status

    assert db.run(_submit_then_try) is EvidenceStatus.SUBMITTED
