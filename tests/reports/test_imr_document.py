"""The IMR as a Word document: written in the form, downloaded from the IMR page, laid out in the template's order
with numbered paragraphs, marked, named predictably and audited."""

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.evidence.imr import SECTIONS
from dhr.evidence.models import AgencyInvolvement, ImrVersion
from dhr.evidence.stages import OutputRequired
from dhr.extensions import db as _db
from dhr.reports.context import MARKING
from dhr.reports.imr import split_paragraphs
from dhr.reports.services import DOCX_MIMETYPE
from tests.conftest import csrf_token, start_session_cookie
from tests.reports.reading import header_texts, headings, open_docx, table_rows, word_numbers
from tests.reviews.review_world import build_review_world

ANALYSIS = "Risk was assessed as standard.\r\n\r\nNo DASH was done\nafter the second call. \u05e9\u05dc\u05d5\u05dd <&>"


def _world(db):
    world = db.run(build_review_world)

    def _needs_imr():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        involvement.output = OutputRequired.IMR
        involvement.imr_versions.clear()

    db.run(_needs_imr)
    return world


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_an_imr_written_in_the_form_downloads_as_a_numbered_marked_document(app, db):
    world = _world(db)
    review, involvement = world["objects"]["R1"]["review"], world["evidence"]["A"]["involvement"]
    contributor = _client(app, db, world, "contributor_a")
    response = contributor.post(
        f"/reviews/{review}/evidence/{involvement}/imr",
        data={
            "csrf_token": csrf_token(contributor),
            "author_name": "Ann Author",
            "author_role": "Practice lead",
            "methodology": "Case records from 2024 to 2026.",
            "analysis": ANALYSIS,
            "sign_off_name": "Pat Senior",
            "sign_off_role": "Head of Safeguarding",
            "sign_off_on": ["1", "3", "2026"],
            "attested": "y",
        },
    )
    assert response.status_code == 302
    version = db.scalar(select(ImrVersion.id).where(ImrVersion.involvement_id == involvement))
    page = contributor.get(f"/reviews/{review}/evidence/{involvement}/imr/versions/{version}").get_data(as_text=True)
    link = f"/reviews/{review}/documents/imr/{version}"
    assert link in page

    response = contributor.get(link)
    assert response.status_code == 200
    assert response.mimetype == DOCX_MIMETYPE
    document = open_docx(response.data)
    assert header_texts(document)[:2] == [MARKING, "IMR v1"]
    titles = [title for title, _, _ in SECTIONS.values()]
    assert headings(document) == [*titles, "Sign-off"]
    numbers = word_numbers(document)
    assert ("3.1", "Case records from 2024 to 2026.") in numbers
    analysis = list(SECTIONS).index("analysis") + 1
    assert (f"{analysis}.1", "Risk was assessed as standard.") in numbers
    assert (f"{analysis}.2", "No DASH was done after the second call. \u05e9\u05dc\u05d5\u05dd <&>") in numbers
    assert [numbers[0]] == [("1.", titles[0])]
    sign_off = dict(tuple(row) for row in table_rows(document.tables[-1])[1:])
    assert sign_off["Senior manager"] == "Pat Senior"
    assert sign_off["Date signed off"] == "1 March 2026"
    assert document.core_properties.author == "DHR Case Manager"
    assert document.core_properties.last_modified_by == ""

    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == "report.exported"))
    assert event.data["kind"] == "imr"
    assert event.actor_id == world["users"]["contributor_a"].id
    assert event.data["filename"] in response.headers["Content-Disposition"]
    assert event.data["filename"].endswith("_v1.docx")
    assert "_imr-" in event.data["filename"]


def test_an_unsigned_imr_says_so_and_other_agencies_cannot_download_it(app, db):
    world = _world(db)
    review, involvement = world["objects"]["R1"]["review"], world["evidence"]["A"]["involvement"]
    contributor = _client(app, db, world, "contributor_a")
    contributor.post(
        f"/reviews/{review}/evidence/{involvement}/imr",
        data={"csrf_token": csrf_token(contributor), "author_name": "Ann Author"},
    )
    version = db.scalar(select(ImrVersion.id).where(ImrVersion.involvement_id == involvement))
    document = open_docx(_client(app, db, world, "coordinator").get(f"/reviews/{review}/documents/imr/{version}").data)
    sign_off = dict(tuple(row) for row in table_rows(document.tables[-1])[1:])
    assert sign_off["Senior manager"] == "Not signed off"
    assert sign_off["Quality assurance"] == "Not yet approved for submission"
    assert "This section has not been written yet." in [p.text for p in document.paragraphs]
    other = _client(app, db, world, "contributor_b")
    assert other.get(f"/reviews/{review}/documents/imr/{version}").status_code == 404
    exported = db.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "report.exported"))
    assert exported == [world["users"]["coordinator"].id]


def test_paragraphs_are_blocks_between_blank_lines():
    assert split_paragraphs("One\nline\r\n\r\n\r\nTwo  \n\n  \n") == ["One line", "Two"]
    assert split_paragraphs("") == []
