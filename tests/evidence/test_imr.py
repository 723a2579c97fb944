"""IMRs: structured or from Word, versions kept, senior manager sign-off required before submission."""

import io
import zipfile

import pytest
from docx import Document
from sqlalchemy import select

from dhr.evidence.models import AgencyInvolvement, ImrVersion
from dhr.evidence.stages import OutputRequired
from dhr.extensions import db as _db
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world

SIGN_OFF = {
    "sign_off_name": "Pat Senior",
    "sign_off_role": "Head of Safeguarding",
    "sign_off_on": ["1", "3", "2026"],
    "attested": "y",
}


@pytest.fixture
def world(db):
    world = db.run(build_review_world)

    def _needs_imr():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        involvement.output = OutputRequired.IMR
        involvement.imr_versions.clear()  # the world's stand-in version goes: this agency now owes a real IMR

    db.run(_needs_imr)
    return world


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _url(world, suffix=""):
    return f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}{suffix}"


def _submit(client, world) -> str:
    client.post(_url(world, "/submit"), data={"csrf_token": csrf_token(client)})
    return client.get(_url(world)).get_data(as_text=True)


def test_no_submission_without_an_imr_then_without_sign_off(app, db, world):
    contributor = _client(app, db, world, "contributor_a")
    assert "Write or upload the individual management review before submitting" in _submit(contributor, world)
    contributor.post(
        _url(world, "/imr"),
        data={
            "csrf_token": csrf_token(contributor),
            "author_name": "Ann Author",
            "author_role": "Practice lead",
            "analysis": "First draft",
        },
    )
    assert "A senior manager must sign off the IMR" in _submit(contributor, world)
    contributor.post(
        _url(world, "/imr"),
        data={
            "csrf_token": csrf_token(contributor),
            "author_name": "Ann Author",
            "author_role": "Practice lead",
            "analysis": "Final text",
            **SIGN_OFF,
        },
    )
    page = _submit(contributor, world)
    assert "Submitted" in page
    versions = db.scalars(
        select(ImrVersion)
        .where(ImrVersion.involvement_id == world["evidence"]["A"]["involvement"])
        .order_by(ImrVersion.number)
    )
    assert [(v.number, v.sections["analysis"], v.signed_off) for v in versions] == [
        (1, "First draft", False),
        (2, "Final text", True),
    ]


def test_earlier_versions_stay_readable(app, db, world):
    contributor = _client(app, db, world, "contributor_a")
    for text in ("CNRY-V1", "CNRY-V2"):
        contributor.post(_url(world, "/imr"), data={"csrf_token": csrf_token(contributor), "analysis": text})
    first = db.scalar(
        select(ImrVersion).where(
            ImrVersion.number == 1, ImrVersion.involvement_id == world["evidence"]["A"]["involvement"]
        )
    )
    chair = _client(app, db, world, "chair")
    assert "CNRY-V1" in chair.get(_url(world, f"/imr/versions/{first.id}")).get_data(as_text=True)
    other_agency = _client(app, db, world, "contributor_b")
    assert other_agency.get(_url(world, f"/imr/versions/{first.id}")).status_code == 404


def _docx(paragraphs) -> bytes:
    document = Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style) if style else document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_imr_is_read_into_sections(app, db, world):
    contributor = _client(app, db, world, "contributor_a")
    data = _docx(
        [
            ("Title", "Individual Management Review"),
            ("Heading 1", "1. Introduction and independence"),
            (None, "Written by a practice lead with no involvement."),
            ("Heading 1", "Methodology"),
            (None, "Records reviewed for three years."),
            ("Heading 2", "Analysis"),
            (None, "Risk was not shared."),
            (None, "Second analysis paragraph."),
            ("Heading 1", "Lessons learned"),
            (None, "Share risk at MARAC."),
        ]
    )
    response = contributor.post(
        _url(world, "/imr/upload"),
        data={"csrf_token": csrf_token(contributor), "file": (io.BytesIO(data), "imr.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    version = db.scalar(select(ImrVersion).where(ImrVersion.involvement_id == world["evidence"]["A"]["involvement"]))
    assert version.sections["agency_details"] == "Written by a practice lead with no involvement."
    assert version.sections["methodology"] == "Records reviewed for three years."
    assert version.sections["analysis"] == "Risk was not shared.\n\nSecond analysis paragraph."
    assert version.sections["lessons"] == "Share risk at MARAC."
    assert version.file_id is not None
    assert not version.signed_off  # the Word file's sign-off is not assumed: the form asks for it


def test_a_macro_document_is_refused(app, db, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/vbaProject.bin", "x")
    contributor = _client(app, db, world, "contributor_a")
    response = contributor.post(
        _url(world, "/imr/upload"),
        data={"csrf_token": csrf_token(contributor), "file": (io.BytesIO(buffer.getvalue()), "imr.docx")},
        content_type="multipart/form-data",
    )
    assert "Documents with macros are not accepted" in response.get_data(as_text=True)
    assert (
        db.scalar(select(ImrVersion.id).where(ImrVersion.involvement_id == world["evidence"]["A"]["involvement"]))
        is None
    )


def test_a_part_filled_sign_off_says_what_is_missing_and_keeps_the_text(app, db, world):
    contributor = _client(app, db, world, "contributor_a")
    without_tick = {key: value for key, value in SIGN_OFF.items() if key != "attested"}
    response = contributor.post(
        _url(world, "/imr"),
        data={
            "csrf_token": csrf_token(contributor),
            "author_name": "Ann Author",
            "analysis": "Kept text",
            **without_tick,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Select the box to confirm a senior manager has approved this IMR" in html
    assert "Kept text" in html
    assert "Pat Senior" in html
    assert (
        db.scalar(select(ImrVersion).where(ImrVersion.involvement_id == world["evidence"]["A"]["involvement"])) is None
    )
