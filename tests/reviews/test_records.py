"""Correspondence files, statistics, the dashboard, clock rules and the JSON command line."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.clocks.rules import ClockState
from dhr.correspondence.models import CorrespondenceEntry
from dhr.files.guard import UploadError, check_upload
from dhr.files.models import StoredFile
from dhr.permissions import ReviewRole, Role
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from dhr.seed import seed_demo
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.conftest import day
from tests.test_query_counts import count_queries


def _notify(client, office, notified=date(2026, 11, 2)):
    client.post(
        "/reviews/new",
        data={
            "csrf_token": csrf_token(client),
            "notified_on": day(notified),
            "notifying_agency": str(office["police"].id),
            "category": "suspected_victim_suicide",
        },
    )
    return client.application  # for chaining


def _review_id(db) -> int:
    return db.scalar(select(Review.id).order_by(Review.id.desc()))


def _docx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _future_version(data: bytes) -> bytes:
    """The central directory claims a zip version no reader supports (NotImplementedError, not BadZipFile)."""
    at = data.index(b"PK\x01\x02") + 6
    return data[:at] + b"\xff\x00" + data[at + 2 :]


GOOD_DOCX = _docx({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
HOSTILE = {
    "empty.pdf": (b"", "empty"),
    "fake.pdf": (b"MZ\x90\x00 this is an exe", "not a PDF"),
    "virus.exe": (b"MZ\x90\x00", "must be a PDF, Word"),
    "script.html": (b"<script>alert(1)</script>", "must be a PDF, Word"),
    "noextension": (b"%PDF-1.7", "must be a PDF, Word"),
    "macro.docx": (_docx({"[Content_Types].xml": b"<Types/>", "word/vbaProject.bin": b"x"}), "macros"),
    "bomb.docx": (_docx({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * 5_000_000}), "unsafe"),
    "notzip.docx": (b"PK\x03\x04 broken", "damaged"),
    "nocontent.docx": (_docx({"word/document.xml": b"<w:document/>"}), "not a valid Word"),
    "traversal.docx": (_docx({"[Content_Types].xml": b"<Types/>", "../../evil": b"x"}), "macros"),
    "binary.txt": (b"text\x00with nul", "binary"),
    "latin1.txt": ("caf\xe9".encode("latin-1"), "UTF-8"),
    "big.pdf": (b"%PDF-" + b"0" * (20 * 1024 * 1024), "smaller than 20MB"),
    # Crafted archives that make the zip reader itself fail in unusual ways.
    "version.docx": (_future_version(GOOD_DOCX), "damaged"),
    "truncated.docx": (GOOD_DOCX[: len(GOOD_DOCX) // 2], "damaged"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_uploads_are_refused_with_a_reason(name):
    data, reason = HOSTILE[name]
    with pytest.raises(UploadError, match=reason):
        check_upload(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("letter.pdf", b"%PDF-1.7\n..."),
        ("note.txt", "Café".encode()),
        ("report.docx", GOOD_DOCX),
        ("photo.png", b"\x89PNG\r\n\x1a\n...."),
    ],
)
def test_ordinary_documents_are_accepted(name, data):
    assert check_upload(name, data).filename == name


def test_file_names_lose_paths_and_control_characters():
    assert check_upload("..\\..\\C:\\secret\\letter.pdf", b"%PDF-").filename == "letter.pdf"
    assert check_upload('a"b<c>\x07.txt', b"x").filename == "abc.txt"


def test_upload_download_and_refusal_through_the_pages(client, db, office):
    _notify(client, office)
    rid = _review_id(db)
    url = f"/reviews/{rid}/correspondence/new"
    form = {
        "direction": "received",
        "counterpart": "family",
        "subject": "family_contact",
        "method": "letter",
        "occurred_on": day(date(2026, 11, 20)),
        "summary": "Kept summary",
    }
    refused = client.post(
        url,
        data={**form, "csrf_token": csrf_token(client), "file": (io.BytesIO(b"MZ\x90"), "virus.exe")},
        content_type="multipart/form-data",
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "must be a PDF, Word" in html
    assert "Kept summary" in html
    assert db.scalar(select(StoredFile.id)) is None
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "file.rejected")) == "file.rejected"
    accepted = client.post(
        url,
        data={**form, "csrf_token": csrf_token(client), "file": (io.BytesIO(b"%PDF-1.7 letter"), "letter.pdf")},
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 302
    listing = client.get(f"/reviews/{rid}/correspondence").get_data(as_text=True)
    assert "letter.pdf" in listing
    entry_id = db.scalar(select(CorrespondenceEntry.id).where(CorrespondenceEntry.file_id.is_not(None)))
    download = client.get(f"/reviews/{rid}/correspondence/{entry_id}/file")
    assert download.status_code == 200
    assert download.data == b"%PDF-1.7 letter"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "file.downloaded")) == "file.downloaded"


@pytest.fixture
def demo(app, db, frozen_clock):
    """The full demo partnership as of 25 November 2026."""
    db.run(seed_demo)
    return db


def _sign_in_demo(app, db, email="coordinator@swp.example"):
    from dhr.auth.models import User

    client = app.test_client()
    start_session_cookie(client, db, db.scalar(select(User).where(User.email == email)))
    return client


def test_dashboard_lists_open_reviews_most_urgent_first(app, demo):
    client = _sign_in_demo(app, demo)
    html = client.get("/").get_data(as_text=True)
    table = html.split('id="open-reviews"')[1].split("</table>")[0]
    references = [part.split("<")[0] for part in table.split(">SWP-DARDR-")[1:]]
    assert len(references) == 13  # 16 reviews less closed, withdrawn and not commissioned
    overdue_rows = table.split("overdue</strong>")
    assert len(overdue_rows) > 3
    first_clean = table.index("None</span>") if "None</span>" in table else len(table)
    assert table.rfind("overdue</strong>") < first_clean  # every overdue review comes before any on track


def test_dashboard_filters(app, demo):
    client = _sign_in_demo(app, demo)
    paused = client.get("/?stage=paused&category=&year=").get_data(as_text=True)
    assert paused.count("Paused</strong>") == 2
    overdue = client.get("/?stage=&category=&year=&overdue=y").get_data(as_text=True)
    table = overdue.split('id="open-reviews"')[1].split("</table>")[0]
    assert "No clock running" not in table
    by_year = client.get("/?stage=&category=&year=2025").get_data(as_text=True).split('id="open-reviews"')[1]
    assert "SWP-DARDR-2026" not in by_year.split("</table>")[0]


def test_dashboard_query_count_does_not_grow_with_reviews(app, db, frozen_clock):
    from dhr.auth.models import User
    from tests.factories import create_agency, create_partnership, create_user

    counts = []
    for size in (2, 14):
        with db.cell():

            def _world(n=size):
                from dhr.reviews import services
                from dhr.reviews.models import DeathCategory

                partnership = create_partnership()
                agency = create_agency(partnership)
                coordinator = create_user(partnership, Role.COORDINATOR)
                for i in range(n):
                    review = services.create_review(
                        partnership,
                        actor=coordinator,
                        category=DeathCategory.OTHER,
                        notified_on=date(2026, 1, 1) + timedelta(days=i),
                        notifying_agency_id=agency.id,
                        date_of_death=None,
                        place_of_death="",
                        police_force_area="",
                        circumstances="",
                    )
                    services.add_member(review, user=coordinator, role=ReviewRole.CHAIR, agency=None, actor=coordinator)
                return coordinator

            coordinator = db.run(_world)
            client = app.test_client()
            start_session_cookie(client, db, db.scalar(select(User).where(User.id == coordinator.id)))
            with count_queries(db.connection) as statements:
                assert client.get("/").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_statistics_figures_for_the_demo(app, demo):
    client = _sign_in_demo(app, demo, "board@swp.example")
    html = client.get("/statistics").get_data(as_text=True)
    assert "Across all 16 of the partnership" in html
    assert "completed within six months" in html
    assert "<svg" in html
    assert "Paused: criminal trial" in html
    assert "SWP-DARDR" not in html  # aggregates only: a board member sees no individual review


def _default_rules_form(admin) -> dict:
    """The clock-rules form exactly as the 2016 defaults fill it (ticked boxes send 'y')."""
    from dhr.clocks.rules import DEFAULT_RULES
    from dhr.partnerships.models import GuidanceVersion

    data = {"csrf_token": csrf_token(admin)}
    for rule in DEFAULT_RULES[GuidanceVersion.SG2016]:
        data |= {
            f"label_{rule.key}": rule.label,
            f"offset_{rule.key}": str(rule.offset),
            f"unit_{rule.key}": rule.unit.value,
        }
        if rule.pauses_extend:
            data[f"pauses_{rule.key}"] = "y"
    return data


def test_editing_a_clock_rule_changes_every_review_and_is_audited(app, demo):
    admin = _sign_in_demo(app, demo, "admin@swp.example")
    data = _default_rules_form(admin) | {"offset_decision": "20", "unit_decision": "days"}
    assert admin.post("/admin/clock-rules", data=data).status_code == 302
    result = app.test_cli_runner().invoke(args=["dhr", "review-status", "SWP-DARDR-2026-01", "--json"])
    status = json.loads(result.output)
    decision = next(c for c in status["clocks"] if c["name"] == "Decision whether to hold a review")
    assert decision["due"] == (date(2026, 11, 25) - timedelta(days=9) + timedelta(days=20)).isoformat()
    event = demo.scalar(select(AuditEvent).where(AuditEvent.action == "clock_rules.updated"))
    assert event.data["changed"] == ["decision"]
    assert "20 days" in event.data["after"]["decision"]
    bad = admin.post("/admin/clock-rules", data={**data, "csrf_token": csrf_token(admin), "offset_decision": "-3"})
    assert "whole number from 0 to 3650" in bad.get_data(as_text=True)


def test_switching_to_the_2024_draft_adds_the_secretary_of_state_clock(app, demo):
    admin = _sign_in_demo(app, demo, "admin@swp.example")
    admin.post("/admin/clock-rules", data={"csrf_token": csrf_token(admin), "guidance": "draft2024"})
    status = json.loads(
        app.test_cli_runner().invoke(args=["dhr", "review-status", "SWP-DARDR-2025-02", "--json"]).output
    )
    names = [c["name"] for c in status["clocks"]]
    assert "Copy to the Secretary of State" in names


def test_list_reviews_json(app, demo):
    rows = json.loads(app.test_cli_runner().invoke(args=["dhr", "list-reviews", "--json"]).output)
    assert len(rows) == 16
    assert all(set(row) == {"reference", "stage", "category", "paused"} for row in rows)
    assert all(isinstance(row["paused"], bool) for row in rows)
    assert sum(row["paused"] for row in rows) == 2
    assert {row["stage"] for row in rows} >= {
        s.value for s in (ReviewStage.NOTIFIED, ReviewStage.CLOSED, ReviewStage.WITHDRAWN, ReviewStage.PAUSED)
    }


def test_review_status_json(app, demo):
    status = json.loads(
        app.test_cli_runner().invoke(args=["dhr", "review-status", "SWP-DARDR-2026-02", "--json"]).output
    )
    assert set(status) == {"reference", "stage", "paused_reason", "clocks"}
    assert status["stage"] == "scoping"
    assert status["paused_reason"] is None
    decision = status["clocks"][0]
    assert set(decision) == {"name", "due", "state", "days"}
    assert decision["state"] == ClockState.OVERDUE.value
    assert decision["days"] < 0
    assert date.fromisoformat(decision["due"]) < date(2026, 11, 25)
    paused = json.loads(
        app.test_cli_runner().invoke(args=["dhr", "review-status", "SWP-DARDR-2026-06", "--json"]).output
    )
    assert paused["paused_reason"] == "criminal_trial"
    missing = app.test_cli_runner().invoke(args=["dhr", "review-status", "NOPE-1"])
    assert missing.exit_code != 0


def test_a_paused_review_says_since_when_it_took_effect(app, demo):
    client = _sign_in_demo(app, demo)
    rid = demo.scalar(select(Review.id).where(Review.reference == "SWP-DARDR-2026-06"))
    html = client.get(f"/reviews/{rid}").get_data(as_text=True)
    assert "Paused since 16 October 2026 (Criminal trial). It was at Analysis and drafting." in html


def test_renaming_a_clock_or_its_pause_rule_is_audited(app, demo):
    admin = _sign_in_demo(app, demo, "admin@swp.example")
    data = _default_rules_form(admin) | {"label_completion": "Overview report signed off"}
    data.pop("pauses_publication")
    admin.post("/admin/clock-rules", data=data)
    event = demo.scalar(select(AuditEvent).where(AuditEvent.action == "clock_rules.updated"))
    assert event.data["changed"] == ["completion", "publication"]
    assert "pauses do not extend" in event.data["after"]["publication"]


def test_review_status_refuses_an_ambiguous_reference(app, demo):
    from tests.factories import create_agency, create_partnership, create_user

    def _twin():
        from dhr.reviews import services
        from dhr.reviews.models import DeathCategory

        twin = create_partnership(name="Twin Partnership", prefix="SWP")
        coordinator = create_user(twin, Role.COORDINATOR)
        services.create_review(
            twin,
            actor=coordinator,
            category=DeathCategory.OTHER,
            notified_on=date(2026, 1, 5),
            notifying_agency_id=create_agency(twin).id,
            date_of_death=None,
            place_of_death="",
            police_force_area="",
            circumstances="",
        )

    demo.run(_twin)
    runner = app.test_cli_runner()
    ambiguous = runner.invoke(args=["dhr", "review-status", "SWP-DARDR-2026-01"])
    assert ambiguous.exit_code != 0
    assert "add --partnership" in ambiguous.output
    chosen = runner.invoke(args=["dhr", "review-status", "SWP-DARDR-2026-01", "--partnership", "Twin Partnership"])
    assert chosen.exit_code == 0
