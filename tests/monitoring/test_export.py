"""Exporting the tracker: the Home Office columns plus review, owner, status, RAG and themes, the filters applied,
no cell a spreadsheet could run as a formula, and an audit event for every export."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dhr.actions.models import Action
from dhr.audit.models import AuditEvent
from dhr.extensions import db as _db
from dhr.monitoring.export import HEADER
from dhr.reports.context import ACTION_PLAN_COLUMNS
from tests.monitoring.world import build_monitoring_world

PAYLOADS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def world(db, login_as):
    built = db.run(build_monitoring_world)
    login_as(built["users"]["coordinator"])
    return built


def _csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_the_home_office_columns_and_the_tracker_ones(client, world):
    response = client.get("/actions/export?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=RWA_actions_")
    rows = _csv(response)
    assert rows[0] == HEADER
    assert set(ACTION_PLAN_COLUMNS) <= set(rows[0])
    for column in ("Review", "Action", "Owner", "Status", "RAG", "Themes"):
        assert column in rows[0]
    assert len(rows) == 7  # the header and partnership one's six actions
    by_text = {row[HEADER.index("Action to take")]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    late = by_text["Late action, still marked on track"]
    assert late["Status"] == "Overdue"
    assert late["RAG"] == "Red"
    assert late["Action"] == "R1.3"
    assert late["Owner"] == "Named owner at RW-A"
    assert late["Recommendation"] == "R1. Agencies should share DASH outcomes with the GP."
    assert late["Scope of recommendation"] == "Local"
    assert late["Themes"].count("; ") == 1
    done = by_text["Completed action"]
    assert done["Completion date and outcome"].endswith(": Done and audited.")
    assert done["RAG"] == "Blue (complete)"


def test_the_export_follows_the_filters(client, world):
    rows = _csv(client.get("/actions/export?format=csv&overdue=y&submit=Filter"))
    assert [row[HEADER.index("Action to take")] for row in rows[1:]] == ["Late action, still marked on track"]
    review = world["objects"]["R2"]["review"]
    assert len(_csv(client.get(f"/actions/export?format=csv&review={review}"))) == 2


def test_the_page_links_to_the_export_with_its_filters(client_request, world):
    page = client_request.get("/actions?overdue=y&status=overdue")
    links = [a["href"] for a in page.find(id="tracker-count").find_all("a")]
    assert len(links) == 2
    for link in links:
        assert link.startswith("/actions/export?")
        assert "overdue=y" in link
        assert "status=overdue" in link


def test_an_unknown_format_is_not_found(client, world):
    assert client.get("/actions/export?format=pdf").status_code == 404


def _plant(world, payloads) -> None:
    """Hostile text in every free-text column of one action and its recommendation."""
    action = _db.session.get(Action, world["actions"]["R1"]["late"])
    action.action = payloads[0]
    action.milestones = payloads[1]
    action.owner_name = payloads[2]
    action.outcome = payloads[3]
    action.recommendation.text = payloads[4]
    action.lead_agency.name = payloads[5]
    _db.session.flush()


def test_no_csv_cell_can_start_a_formula(db, client, world):
    db.run(_plant, world, PAYLOADS)
    rows = _csv(client.get("/actions/export?format=csv"))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    texts = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in texts
    assert "'+1+1" in texts
    assert "'-2+3" in texts


def test_no_xlsx_cell_is_a_formula(db, client, world):
    db.run(_plant, world, PAYLOADS)
    response = client.get("/actions/export")  # XLSX by default
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.get_data()))
    sheet = book["Actions"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == 7
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.value is None or cell.data_type == "s", (cell.coordinate, cell.value)
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert '=HYPERLINK("http://x")' in values  # kept as the text typed, never as a formula
    assert book.properties.creator == "DHR Case Manager"


def test_every_export_is_audited(db, client, world):
    client.get("/actions/export?format=csv&overdue=y")
    client.get("/actions/export?format=xlsx")
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "action_tracker.exported").order_by(AuditEvent.id)
    )
    assert [(e.data["format"], e.data["rows"]) for e in events] == [("csv", 1), ("xlsx", 6)]
    assert events[0].data["filters"] == {"overdue": "y"}
    assert events[0].actor_id == world["users"]["coordinator"].id
    assert events[0].partnership_id == world["users"]["coordinator"].partnership_id
