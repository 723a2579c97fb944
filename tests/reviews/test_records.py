"""Correspondence files, statistics, the dashboard, clock rules and the JSON command line, on partnerships built
by the factories (tests/factories.py), never the demo."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.clocks.rules import ClockState
from dhr.core.dates import london_today
from dhr.correspondence.models import CorrespondenceEntry
from dhr.files.guard import UploadError, check_upload
from dhr.files.models import StoredFile
from dhr.partnerships.models import Partnership
from dhr.permissions import ReviewRole, Role
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
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
def office_world(app, db, frozen_clock):
    """A partnership with a review in each state the dashboard, statistics and commands tell apart, built through
    the services as of the frozen today (25 November 2026): references and dates are read back, not assumed."""
    from dhr.core.dates import london_today
    from dhr.reviews import services, workflow
    from dhr.reviews.models import Decision
    from dhr.reviews.stages import PauseReason
    from tests.factories import create_partnership, create_review, create_user

    def build():
        partnership = create_partnership(prefix="SWP")
        coordinator = create_user(partnership, Role.COORDINATOR)
        admin = create_user(partnership, Role.ADMIN)
        board = create_user(partnership, Role.BOARD_MEMBER)
        today = london_today()

        def review(days_ago: int, **options) -> Review:
            return create_review(
                partnership, coordinator=coordinator, notified_on=today - timedelta(days=days_ago), **options
            )

        late = review(40)  # the decision was due a month after notification: overdue
        fresh = review(9)  # the decision is due in three weeks
        last_year = create_review(partnership, coordinator=coordinator, notified_on=today - timedelta(days=365))
        signed_off = review(120)
        services.record_decision(
            signed_off,
            decision=Decision.COMMISSION,
            decided_on=today - timedelta(days=100),
            decision_maker="CSP chair",
            rationale="Criteria met",
            actor=coordinator,
        )
        signed_off.signed_off_on = today - timedelta(days=5)  # test set-up: the sign-off's own record aside
        trial = review(200, stage=ReviewStage.DRAFTING)
        workflow.transition(
            trial,
            ReviewStage.PAUSED,
            actor=coordinator,
            effective_on=today - timedelta(days=40),
            pause_reason=PauseReason.CRIMINAL_TRIAL,
        )
        inquest = review(150, stage=ReviewStage.SET_UP)
        workflow.transition(
            inquest,
            ReviewStage.PAUSED,
            actor=coordinator,
            effective_on=today - timedelta(days=10),
            pause_reason=PauseReason.INQUEST,
        )
        refused = review(60)
        services.record_decision(
            refused,
            decision=Decision.NOT_COMMISSION,
            decided_on=today - timedelta(days=40),
            decision_maker="CSP chair",
            rationale="Criteria not met",
            actor=coordinator,
        )
        withdrawn = review(30)
        workflow.transition(withdrawn, ReviewStage.WITHDRAWN, actor=coordinator, reason="Notified in error")
        closed = review(400, stage=ReviewStage.CLOSED)
        reviews = {
            "late": late,
            "fresh": fresh,
            "last_year": last_year,
            "signed_off": signed_off,
            "trial": trial,
            "inquest": inquest,
            "refused": refused,
            "withdrawn": withdrawn,
            "closed": closed,
        }
        return {
            "references": {key: r.reference for key, r in reviews.items()},
            "ids": {key: r.id for key, r in reviews.items()},
            "notified": {key: r.notified_on for key, r in reviews.items()},
            "users": {"coordinator": coordinator, "admin": admin, "board": board},
            "today": today,
            "year": today.year,
        }

    world = db.run(build)
    world["db"] = db
    return world


OPEN = ("late", "fresh", "last_year", "signed_off", "trial", "inquest")


def _sign_in(app, world, who="coordinator"):
    client = app.test_client()
    start_session_cookie(client, world["db"], world["users"][who])
    return client


def _open_reviews_table(html: str) -> str:
    return html.split('id="open-reviews"')[1].split("</table>")[0]


def test_dashboard_lists_open_reviews_most_urgent_first(app, office_world):
    html = _sign_in(app, office_world).get("/").get_data(as_text=True)
    rows = _open_reviews_table(html).split("<tbody")[1].split("</tr>")[:-1]
    overdue = {"SWP-DARDR-" + row.split(">SWP-DARDR-")[1].split("<")[0]: "overdue</strong>" in row for row in rows}
    refs = office_world["references"]
    assert sorted(overdue) == sorted(refs[key] for key in OPEN)
    assert list(overdue)[0] == refs["last_year"]  # most overdue first: undecided for a year
    flags = list(overdue.values())
    assert flags == sorted(flags, reverse=True)  # every review with an overdue clock before any on track
    assert overdue[refs["late"]]
    assert not overdue[refs["fresh"]]


def test_dashboard_filters(app, office_world):
    client = _sign_in(app, office_world)
    paused = _open_reviews_table(client.get("/?stage=paused&category=&year=").get_data(as_text=True))
    assert paused.count("Paused</strong>") == 2
    overdue = _open_reviews_table(client.get("/?stage=&category=&year=&overdue=y").get_data(as_text=True))
    assert office_world["references"]["late"] in overdue
    assert office_world["references"]["fresh"] not in overdue
    assert "No clock running" not in overdue
    last_year = office_world["notified"]["last_year"].year
    assert last_year == office_world["year"] - 1
    by_year = _open_reviews_table(client.get(f"/?stage=&category=&year={last_year}").get_data(as_text=True))
    assert office_world["references"]["last_year"] in by_year
    assert f"SWP-DARDR-{office_world['year']}" not in by_year


def test_dashboard_query_count_does_not_grow_with_reviews(app, db, frozen_clock):
    from dhr.auth.models import User
    from tests.factories import create_agency, create_partnership, create_review, create_user

    counts = []
    for size in (2, 14):
        with db.cell():

            def _world(n=size):
                from dhr.reviews import services

                partnership = create_partnership()
                agency = create_agency(partnership)
                coordinator = create_user(partnership, Role.COORDINATOR)
                for i in range(n):
                    review = create_review(
                        partnership,
                        coordinator=coordinator,
                        agency=agency,
                        notified_on=date(2026, 1, 1) + timedelta(days=i),
                        date_of_death=None,
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


def test_statistics_figures_for_the_partnership(app, office_world):
    html = _sign_in(app, office_world, "board").get("/statistics").get_data(as_text=True)
    assert f"Across all {len(office_world['ids'])} of the partnership" in html
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


def _status(app, reference: str) -> dict:
    return json.loads(app.test_cli_runner().invoke(args=["dhr", "review-status", reference, "--json"]).output)


def test_editing_a_clock_rule_changes_every_review_and_is_audited(app, office_world):
    admin = _sign_in(app, office_world, "admin")
    data = _default_rules_form(admin) | {"offset_decision": "20", "unit_decision": "days"}
    assert admin.post("/admin/clock-rules", data=data).status_code == 302
    for key in ("late", "fresh"):
        status = _status(app, office_world["references"][key])
        decision = next(c for c in status["clocks"] if c["name"] == "Decision whether to hold a review")
        assert decision["due"] == (office_world["notified"][key] + timedelta(days=20)).isoformat()
    event = office_world["db"].scalar(select(AuditEvent).where(AuditEvent.action == "clock_rules.updated"))
    assert event.data["changed"] == ["decision"]
    assert "20 days" in event.data["after"]["decision"]
    bad = admin.post("/admin/clock-rules", data={**data, "csrf_token": csrf_token(admin), "offset_decision": "-3"})
    assert "whole number from 0 to 3650" in bad.get_data(as_text=True)


def test_the_secretary_of_state_clock_runs_from_the_commencement_date_in_the_settings(app, office_world):
    reference = office_world["references"]["signed_off"]
    sos = "Copy to the Secretary of State"
    assert sos not in [c["name"] for c in _status(app, reference)["clocks"]]
    admin = _sign_in(app, office_world, "admin")
    # Following the 2024 draft does not bring the duty in: section 19's commencement does.
    admin.post("/admin/clock-rules", data={"csrf_token": csrf_token(admin), "guidance": "draft2024"})
    assert sos not in [c["name"] for c in _status(app, reference)["clocks"]]
    partnership = office_world["db"].scalar(select(Partnership))

    def commence(on: date | None) -> None:
        day = [str(on.day), str(on.month), str(on.year)] if on else ["", "", ""]
        response = admin.post(
            "/admin/settings",
            data={
                "csrf_token": csrf_token(admin),
                "name": partnership.name,
                "reference_prefix": partnership.reference_prefix,
                "review_label": partnership.review_label.value,
                "evidence_due_days": str(partnership.evidence_due_days),
                "s19_commenced_on": day,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    commence(date(2020, 1, 1))
    clock = next(c for c in _status(app, reference)["clocks"] if c["name"] == sos)
    assert clock["state"] in ("running", "overdue")
    # Signed off before the section came into force: the report owes the Secretary of State nothing.
    commence(london_today() + timedelta(days=30))
    assert sos not in [c["name"] for c in _status(app, reference)["clocks"]]
    commence(None)
    assert sos not in [c["name"] for c in _status(app, reference)["clocks"]]
    event = office_world["db"].scalars(select(AuditEvent).where(AuditEvent.action == "partnership.updated"))
    assert any("s19_commenced_on" in e.data.get("changed", []) for e in event)


def test_list_reviews_json(app, office_world):
    rows = json.loads(app.test_cli_runner().invoke(args=["dhr", "list-reviews", "--json"]).output)
    assert sorted(row["reference"] for row in rows) == sorted(office_world["references"].values())
    assert all(set(row) == {"reference", "stage", "category", "paused"} for row in rows)
    assert all(isinstance(row["paused"], bool) for row in rows)
    assert sum(row["paused"] for row in rows) == 2
    assert {row["stage"] for row in rows} >= {
        s.value
        for s in (
            ReviewStage.NOTIFIED,
            ReviewStage.CLOSED,
            ReviewStage.WITHDRAWN,
            ReviewStage.PAUSED,
            ReviewStage.NOT_COMMISSIONED,
        )
    }


def test_review_status_json(app, office_world):
    status = _status(app, office_world["references"]["late"])
    assert set(status) == {"reference", "stage", "paused_reason", "clocks"}
    assert status["stage"] == "notified"
    assert status["paused_reason"] is None
    decision = status["clocks"][0]
    assert set(decision) == {"name", "due", "state", "days"}
    assert decision["state"] == ClockState.OVERDUE.value
    assert decision["days"] < 0
    assert date.fromisoformat(decision["due"]) < office_world["today"]
    assert _status(app, office_world["references"]["trial"])["paused_reason"] == "criminal_trial"
    missing = app.test_cli_runner().invoke(args=["dhr", "review-status", "NOPE-1"])
    assert missing.exit_code != 0


def test_a_paused_review_says_since_when_it_took_effect(app, office_world):
    from dhr.templating import uk_date

    html = _sign_in(app, office_world).get(f"/reviews/{office_world['ids']['trial']}").get_data(as_text=True)
    since = uk_date(office_world["today"] - timedelta(days=40))
    assert f"Paused since {since} (Criminal trial). It was at Analysis and drafting." in html


def test_renaming_a_clock_or_its_pause_rule_is_audited(app, office_world):
    admin = _sign_in(app, office_world, "admin")
    data = _default_rules_form(admin) | {"label_completion": "Overview report signed off"}
    data.pop("pauses_publication")
    admin.post("/admin/clock-rules", data=data)
    event = office_world["db"].scalar(select(AuditEvent).where(AuditEvent.action == "clock_rules.updated"))
    assert event.data["changed"] == ["completion", "publication"]
    assert "pauses do not extend" in event.data["after"]["publication"]


def test_review_status_refuses_an_ambiguous_reference(app, office_world):
    from dhr.core.dates import london_today
    from tests.factories import create_partnership, create_review

    def _twin():
        twin = create_partnership(name="Twin Partnership", prefix="SWP")
        return create_review(twin, notified_on=london_today() - timedelta(days=3)).reference

    reference = office_world["db"].run(_twin)
    assert reference in office_world["references"].values()  # the same reference in two partnerships
    runner = app.test_cli_runner()
    ambiguous = runner.invoke(args=["dhr", "review-status", reference])
    assert ambiguous.exit_code != 0
    assert "add --partnership" in ambiguous.output
    chosen = runner.invoke(args=["dhr", "review-status", reference, "--partnership", "Twin Partnership"])
    assert chosen.exit_code == 0


def test_every_clock_shows_its_basis_on_the_review_and_in_the_settings(app, office_world):
    coordinator = _sign_in(app, office_world, "coordinator")
    page = coordinator.get(f"/reviews/{office_world['ids']['signed_off']}").get_data(as_text=True)
    assert "Statutory guidance</strong> SG2016 section 3" in page
    assert "Local target</strong> Domestic Violence, Crime and Victims Act 2004 s9(3B)–(3C)" in page
    assert "Statutory clocks" not in page  # some are local targets: the table is not called statutory
    admin = _sign_in(app, office_world, "admin")
    rules = admin.get("/admin/clock-rules").get_data(as_text=True)
    assert rules.count("Statutory guidance</strong>") + rules.count("Local target</strong>") == 8
    assert "sets no number of days" in rules


def test_a_changed_statutory_timescale_becomes_a_local_target_with_its_note(app, office_world):
    admin = _sign_in(app, office_world, "admin")
    data = _default_rules_form(admin) | {"offset_decision": "20", "unit_decision": "days"}
    data["note_decision"] = "Our protocol, paragraph 4.2"
    assert admin.post("/admin/clock-rules", data=data).status_code == 302
    from dhr.clocks.service import rules_for
    from dhr.extensions import db

    def read():
        return {rule.key: rule for rule in rules_for(db.session.scalar(select(Partnership)))}

    rules = office_world["db"].run(read)
    assert (rules["decision"].basis.value, rules["decision"].local_note) == ("local", "Our protocol, paragraph 4.2")
    assert rules["decision"].note.startswith("Changed by the partnership from the 1 months in SG2016 section 3")
    assert rules["completion"].basis.value == "guidance"  # unchanged: still the guidance's
    page = _sign_in(app, office_world, "coordinator").get(f"/reviews/{office_world['ids']['late']}")
    assert "Local note: Our protocol, paragraph 4.2" in page.get_data(as_text=True)


def test_a_paused_review_is_asked_to_tell_the_home_office_of_the_delay_and_the_letter_meets_it(app, office_world):
    from dhr.extensions import db
    from dhr.reviews.models import Decision

    coordinator = _sign_in(app, office_world, "coordinator")
    rid, reference = office_world["ids"]["trial"], office_world["references"]["trial"]
    assert "Tell the Home Office of the delay" not in coordinator.get(f"/reviews/{rid}").get_data(as_text=True)

    def commissioned(days_ago: int) -> None:  # test set-up: the decision's own record aside
        review = db.session.get(Review, rid)
        review.decision, review.decided_on = Decision.COMMISSION, office_world["today"] - timedelta(days=days_ago)

    office_world["db"].run(commissioned, 190)
    page = coordinator.get(f"/reviews/{rid}").get_data(as_text=True)
    assert "Tell the Home Office of the delay past six months" in page
    link = f"/reviews/{rid}/correspondence/new?counterpart=home_office&amp;subject=delay&amp;direction=sent"
    assert link in page
    form = coordinator.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="delay" checked' in form or 'value="delay" selected' in form
    today = office_world["today"]
    response = coordinator.post(
        f"/reviews/{rid}/correspondence/new",
        data={
            "csrf_token": csrf_token(coordinator),
            "occurred_on": [str(today.day), str(today.month), str(today.year)],
            "direction": "sent",
            "counterpart": "home_office",
            "method": "email",
            "subject": "delay",
            "summary": "Trial listed for March: the review will run past six months",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    clock = next(c for c in _status(app, reference)["clocks"] if c["name"].startswith("Home Office told of any delay"))
    assert clock["state"] in ("met_on_time", "met_late")
    assert "Tell the Home Office of the delay" not in coordinator.get(f"/reviews/{rid}").get_data(as_text=True)


def test_statistics_give_both_six_month_figures_each_labelled(app, office_world):
    html = _sign_in(app, office_world, "board").get("/statistics").get_data(as_text=True)
    assert "completed within six months of the decision, as the guidance counts it" in html
    assert "Within six months, pauses allowed" in html


def test_a_decision_not_to_review_is_reopened_with_history_and_a_direction_is_a_way_in(app, office_world):
    from dhr.extensions import db
    from dhr.reviews.models import Decision, StageChange

    coordinator = _sign_in(app, office_world, "coordinator")
    rid, reference = office_world["ids"]["refused"], office_world["references"]["refused"]
    page = coordinator.get(f"/reviews/{rid}").get_data(as_text=True)
    assert f'href="/reviews/{rid}/reopen"' in page
    bad = coordinator.post(f"/reviews/{rid}/reopen", data={"csrf_token": csrf_token(coordinator), "why": "direction"})
    assert "Enter what happened" in bad.get_data(as_text=True)
    today = office_world["today"]
    on = [str(today.day), str(today.month), str(today.year)]
    done = coordinator.post(
        f"/reviews/{rid}/reopen",
        data={
            "csrf_token": csrf_token(coordinator),
            "why": "direction",
            "effective_on": on,
            "reason": "The Secretary of State's letter directs a review",
        },
    )
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/reviews/{rid}/decision")
    decision = next(c for c in _status(app, reference)["clocks"] if c["name"] == "Decision whether to hold a review")
    assert decision["state"] == "overdue"  # a decision is owed again
    recorded = coordinator.post(
        f"/reviews/{rid}/decision",
        data={
            "csrf_token": csrf_token(coordinator),
            "decision": "directed",
            "decided_on": on,
            "decision_maker": "CSP chair, as directed",
            "rationale": "Directed under section 9(2)",
        },
    )
    assert recorded.status_code == 302, recorded.get_data(as_text=True)[:2000]

    def history():
        review = db.session.get(Review, rid)
        changes = db.session.scalars(
            select(StageChange).where(StageChange.review_id == rid).order_by(StageChange.id)
        ).all()
        return review.decision, review.commissioned, review.stage, [(c.to_stage.value, c.reason) for c in changes]

    decision, commissioned, stage, changes = office_world["db"].run(history)
    assert (decision, commissioned, stage) == (Decision.DIRECTED, True, ReviewStage.SET_UP)
    assert ("not_commissioned", "Decision recorded") in changes
    assert (
        "decision",
        "The Secretary of State directed a review (DVCVA 2004 s9(2)): The Secretary of State's letter directs a review",
    ) in changes
    event = office_world["db"].scalar(select(AuditEvent).where(AuditEvent.action == "review.decision_reopened"))
    assert event.data["previous_decision"] == "not_commission"
    assert "Review completed (CSP sign-off)" in [c["name"] for c in _status(app, reference)["clocks"]]
