"""The board report: a marked Word document with RAG counts by review and by agency, the overdue actions with
their owners and the actions completed since the last report (found from its audit event) or a chosen date; from
the web page and the command line, audited. Read back with python-docx."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dhr.actions.models import Action
from dhr.audit.models import AuditEvent
from dhr.clocks.six_months import AS_GUIDANCE_COUNTS, PAUSES_ALLOWED
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.reports.board import completed_since
from dhr.reports.context import MARKING
from dhr.reports.docx.board import COMPLETED_COLUMNS, OVERDUE_COLUMNS, RAG_COLUMNS
from dhr.reviews.models import Review
from tests.monitoring.world import build_monitoring_world
from tests.reports.reading import footer_texts, header_texts, headings, open_docx, repeats_header, table_rows

BLANK = {"since": ["", "", ""]}


@pytest.fixture
def world(db, login_as, frozen_clock):
    built = db.run(build_monitoring_world)
    login_as(built["users"]["coordinator"])
    return built


def _references(db, world) -> tuple[str, str]:
    return tuple(
        db.scalar(select(Review.reference).where(Review.id == world["objects"][k]["review"])) for k in ("R1", "R2")
    )


def _download(client, since=None):
    data = {"since": [str(since.day), str(since.month), str(since.year)]} if since else BLANK
    from tests.conftest import csrf_token

    response = client.post("/actions/board-report", data={"csrf_token": csrf_token(client), **data})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return response


def test_the_report_has_rag_counts_overdue_owners_and_completions(db, client, world):
    r1, r2 = _references(db, world)
    response = _download(client)
    assert response.headers["Content-Disposition"] == "attachment; filename=RWA_board-report_2026-11-25.docx"
    document = open_docx(response.get_data())
    assert header_texts(document)[:2] == [MARKING, "as at 25 November 2026"]
    assert MARKING in footer_texts(document)
    assert headings(document) == [
        "Reviews completed within six months",
        "Progress by review",
        "Progress by agency",
        "Overdue actions",
        "Completed actions",
    ]
    six, by_review, by_agency, overdue, completed = document.tables
    for table in document.tables:
        assert repeats_header(table)
    assert table_rows(six) == [
        ["Measure", "Reviews"],
        [AS_GUIDANCE_COUNTS, "None completed"],
        [PAUSES_ALLOWED, "None completed"],
    ]
    assert table_rows(by_review) == [
        ["Review", *RAG_COLUMNS],
        # R1: late (red); A and B not started (amber); done (blue); dropped (not rated).
        [r1, "1", "2", "0", "1", "1", "5"],
        [r2, "0", "1", "0", "0", "0", "1"],
        ["All actions", "1", "3", "0", "1", "1", "6"],
    ]
    agency_rows = table_rows(by_agency)
    assert agency_rows[0] == ["Lead agency", *RAG_COLUMNS]
    assert [row[1:] for row in agency_rows[1:]] == [
        ["1", "2", "0", "1", "1", "5"],  # agency A: R1's A, late, done, dropped, and R2's A
        ["0", "1", "0", "0", "0", "1"],  # agency B
        ["1", "3", "0", "1", "1", "6"],
    ]
    assert table_rows(overdue) == [
        list(OVERDUE_COLUMNS),
        [
            r1,
            "R1.3",
            "Late action, still marked on track",
            agency_rows[1][0],
            "Named owner at RW-A",
            "15 November 2026",
            "10",
        ],
    ]
    done = table_rows(completed)
    assert done[0] == list(COMPLETED_COLUMNS)
    assert done[1][:3] == [r1, "R1.4", "Completed action"]
    assert done[1][5:] == ["22 November 2026", "Done and audited."]
    assert "CNRY-P2" not in str([table_rows(t) for t in document.tables])
    assert document.core_properties.author == "DHR Case Manager"


def test_the_next_report_counts_from_the_last_ones_date(db, client, client_request, world, frozen_clock, login_as):
    page = client_request.get("/actions/board-report")
    assert "No board report has been produced yet" in page.find(id="last-report").get_text()
    assert page.find(id="since-day").get("value", "") == ""
    _download(client)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "board_report.exported"))
    assert len(events) == 1
    assert events[0].data["since"] is None
    assert events[0].data["overdue"] == 1
    assert events[0].data["completed"] == 1
    assert events[0].data["via"] == "web"

    frozen_clock.advance(days=30)
    login_as(world["users"]["coordinator"])  # a new session: the first one has timed out
    page = client_request.get("/actions/board-report")
    assert "25 November 2026" in page.find(id="last-report").get_text()
    # The form offers the last report's date.
    assert [page.find(id=f"since-{part}")["value"] for part in ("day", "month", "year")] == ["25", "11", "2026"]
    document = open_docx(_download(client, date(2026, 11, 25)).get_data())
    assert headings(document)[-1] == "Actions completed since 25 November 2026"
    # Completed on 22 November and approved on the 25th, the day of the last report: listed again rather than lost.
    assert len(document.tables) == 5
    later = open_docx(_download(client, date(2026, 11, 26)).get_data())
    assert len(later.tables) == 4  # nothing completed since the 26th: a sentence instead of the table
    assert "No action has been completed in this period." in [p.text for p in later.paragraphs]


@pytest.mark.parametrize(
    ("since", "message"),
    [
        (["31", "2", "2026"], "Actions completed since must be a real date"),
        (["1", "1", "2099"], "Actions completed since must be today or in the past"),
        (["x", "", ""], "Actions completed since must be a real date"),
    ],
)
def test_a_bad_since_date_gets_an_error_and_keeps_what_was_typed(db, client, world, since, message):
    from tests.conftest import check_page, csrf_token

    response = client.post("/actions/board-report", data={"csrf_token": csrf_token(client), "since": since})
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: Board report")
    assert page.find(class_="govuk-error-summary").find("a", string=message)["href"] == "#since-day"
    assert page.find(id="since-day")["value"] == since[0]
    assert not db.scalars(select(AuditEvent).where(AuditEvent.action == "board_report.exported"))


def test_completed_since_counts_an_action_approved_after_the_date_though_done_before(db, world):
    def check():
        done = _db.session.get(Action, world["actions"]["R1"]["done"])
        late = _db.session.get(Action, world["actions"]["R1"]["late"])
        today = london_today()
        assert completed_since(done, None)
        assert completed_since(done, today)  # done three days ago, approved today
        assert not completed_since(done, today + timedelta(days=1))
        assert completed_since(done, today - timedelta(days=3))
        assert not completed_since(late, None)

    db.run(check)


def test_the_command_line_writes_the_report_and_remembers_it(app, db, world, tmp_path, frozen_clock):
    runner = app.test_cli_runner()
    out = tmp_path / "board.docx"
    args = ["dhr", "export-board-report", "--partnership", "Review World P1", "--out", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "RWA_board-report_2026-11-25.docx" in result.output
    assert "completed (all: no earlier report)" in result.output
    assert headings(open_docx(out.read_bytes()))[-1] == "Completed actions"
    frozen_clock.advance(days=7)
    result = runner.invoke(args=args)
    assert "completed since 2026-11-25" in result.output
    assert headings(open_docx(out.read_bytes()))[-1] == "Actions completed since 25 November 2026"
    result = runner.invoke(args=[*args, "--since", "2026-06-01"])
    assert "completed since 2026-06-01" in result.output
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "board_report.exported"))
    assert [e.data["via"] for e in events] == ["cli", "cli", "cli"]
    assert [e.data["since"] for e in events] == [None, "2026-11-25", "2026-06-01"]
    for bad in ("2026-02-31", "yesterday", "2099-01-01"):
        result = runner.invoke(args=[*args, "--since", bad])
        assert result.exit_code != 0, bad
        assert "--since" in result.output
    assert runner.invoke(args=["dhr", "export-board-report", "--partnership", "Nobody", "--out", str(out)]).exit_code
