"""The national oversight export: only national recommendations of the user's partnership, in the documented
schema (read from docs/national-oversight-export.md), as JSON, CSV and from the command line; pseudonymised and
audited."""

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dhr.actions import services as actions
from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.files.guard import check_upload
from dhr.recommendations import national
from dhr.recommendations import services as recommendations
from dhr.recommendations.scopes import Department, Scope
from dhr.reviews.models import DeathCategory, Review
from tests.conftest import start_session_cookie
from tests.factories import create_review
from tests.recommendations.rec_world import build_recommendation_world

DOC = Path(__file__).resolve().parents[2] / "docs" / "national-oversight-export.md"


def _blocks(marker: str) -> list[str]:
    return re.findall(rf"```{marker}\n(.*?)\n```", DOC.read_text(), re.S)


SCHEMA = json.loads(_blocks("json schema")[0])
EXAMPLE = json.loads(_blocks("json")[0])


TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _scalar(value, schema, where) -> list[str]:
    """Type, enum, pattern and minimum."""
    kinds = schema.get("type")
    if kinds is not None and not any(TYPES[k](value) for k in (kinds if isinstance(kinds, list) else [kinds])):
        return [f"{where}: {value!r} is not {kinds}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: {value} < {schema['minimum']}")
    return problems


def conforms(value, schema, where="$") -> list[str]:
    """The problems of value against the subset of JSON Schema the document uses (type, enum, pattern, minimum,
    required, properties, additionalProperties, items)."""
    problems = _scalar(value, schema, where)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [f"{where}: missing {key}" for key in schema.get("required", []) if key not in value]
        if schema.get("additionalProperties") is False:
            problems += [f"{where}: unexpected {key}" for key in value if key not in properties]
        for key, item in value.items():
            if key in properties:
                problems += conforms(item, properties[key], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            problems += conforms(item, schema["items"], f"{where}[{n}]")
    return problems


def test_the_documented_example_fits_the_documented_schema_and_the_validator_can_fail():
    assert conforms(EXAMPLE, SCHEMA) == []
    broken = json.loads(json.dumps(EXAMPLE))
    broken["recommendations"][0]["actions"][0]["status"] = "done"
    del broken["recommendations"][0]["text"]
    broken["extra"] = 1
    assert len(conforms(broken, SCHEMA)) == 3


def test_the_documented_csv_columns_are_the_ones_exported():
    columns = re.search(r"`(review_reference, review_stage.*?)`", DOC.read_text(), re.S).group(1)
    assert [c.strip() for c in columns.split(",")] == list(national.CSV_COLUMNS)


@pytest.fixture
def world(app, db):
    """R1 with a national recommendation (one completed action, one open) and a local one; R2 a national one
    without actions; P2 a national one that must never appear."""
    built = db.run(build_recommendation_world)

    def plant():
        coordinator = _db.session.get(User, built["users"]["coordinator"].id)
        agency = _db.session.get(Agency, built["objects"]["R1"]["agency"])
        r1 = _db.session.get(Review, built["objects"]["R1"]["review"])
        r2 = _db.session.get(Review, built["objects"]["R2"]["review"])
        victim = next(p for p in r1.people)
        themes = recommendations.themes_for(r1.partnership_id)

        def national_one(review, text, department=Department.HOME_OFFICE, other=""):
            return recommendations.save_recommendation(
                review,
                text=text,
                scope=Scope.NATIONAL,
                multi_agency=False,
                agency=None,
                department=department,
                department_other=other,
                answers=["18.1"],
                themes=themes[:2],
                actor=coordinator,
            )

        first = national_one(r1, f"The Home Office should publish guidance after [[person:{victim.id}]]'s death.")
        done = actions.save_action(
            first,
            action_text='=HYPERLINK("http://evil") Write to the Home Office.',
            lead_agency=agency,
            owner=None,
            owner_name="CNRY-OWNER-NAME",
            milestones="Letter drafted",
            target_on=london_today() - timedelta(days=30),
            actor=coordinator,
        )
        actions.add_evidence(done, upload=check_upload("letter.txt", b"sent"), description="Letter", actor=coordinator)
        actions.request_completion(
            done,
            outcome="Letter sent and answered.",
            completed_on=london_today() - timedelta(days=3),
            actor=coordinator,
        )
        actions.approve_completion(done, actor=coordinator)
        actions.save_action(
            first,
            action_text="Chase a reply.",
            lead_agency=agency,
            owner=_db.session.get(User, built["users"]["contributor_a"].id),  # works for the lead agency
            owner_name="",
            milestones="",
            target_on=london_today() - timedelta(days=1),
            actor=coordinator,
        )
        national_one(r2, "Another department should fund refuges.", Department.OTHER, "Cabinet Office")
        # A text that names the victim for real is withheld, never exported.
        national_one(r2, f"The DWP should review benefits after the death of {victim.real_name}.", Department.DWP)
        # Another partnership's national recommendation: never in this partnership's export.
        p2_agency = _db.session.get(Agency, built["objects"]["P2"]["agency"])
        p2_coordinator = _db.session.get(User, built["users"]["other_coordinator"].id)
        elsewhere = create_review(
            p2_agency.partnership,
            coordinator=p2_coordinator,
            agency=p2_agency,
            notified_on=london_today(),
            category=DeathCategory.INTIMATE_PARTNER,
            date_of_death=london_today() - timedelta(days=3),
            place_of_death="Elsewhere",
            police_force_area="Elsewhere",
        )
        recommendations.save_recommendation(
            elsewhere,
            text="CNRY-P2-NATIONAL should never leave its partnership.",
            scope=Scope.NATIONAL,
            multi_agency=False,
            agency=None,
            department=Department.MOJ,
            department_other="",
            answers=[],
            themes=[],
            actor=p2_coordinator,
        )
        return {"first": first.id, "victim": victim.pseudonym, "real_name": victim.real_name}

    built["national"] = db.run(plant)
    return built


def _client(app, db, world, persona="coordinator"):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_the_json_export_fits_the_documented_schema_and_holds_only_this_partnerships_national_ones(app, db, world):
    response = _client(app, db, world, "board_member").get("/recommendations/national.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert conforms(data, SCHEMA) == []
    items = data["recommendations"]
    references = [
        db.scalar(select(Review.reference).where(Review.id == world["objects"][k]["review"])) for k in ("R1", "R2")
    ]
    assert [(i["review_reference"], i["recommendation"]) for i in items] == sorted(
        [(references[0], "R2"), (references[1], "R2"), (references[1], "R3")]
    )
    first = next(i for i in items if i["review_reference"] == references[0])
    assert first["text"] == f"The Home Office should publish guidance after {world['national']['victim']}'s death."
    assert first["department"] == "home_office"
    assert first["department_name"] == "Home Office"
    assert first["status"] == "in_progress"
    assert first["outcome_summary"] == "in progress: 1 of 2 actions open"
    done, open_ = first["actions"]
    assert done["status"] == "completed"
    assert done["rag"] == "blue"
    assert done["completion_date"] == (london_today() - timedelta(days=3)).isoformat()
    assert done["outcome"] == "Letter sent and answered."
    assert open_["status"] == "overdue"  # past its target date
    assert open_["completion_date"] is None
    other = next(i for i in items if i["department"] == "other")
    assert other["department_name"] == "Cabinet Office"
    assert other["status"] == "no_actions"
    assert other["actions"] == []
    withheld = next(i for i in items if i["department"] == "dwp")
    assert withheld["text"] == national.WITHHELD
    body = response.get_data(as_text=True)
    assert world["national"]["real_name"] not in body
    assert "CNRY-OWNER-NAME" not in body
    assert "CNRY-REALNAME" not in body
    assert "CNRY-P2-NATIONAL" not in body


def test_the_csv_export_has_a_row_per_action_and_no_formulas(app, db, world):
    response = _client(app, db, world).get("/recommendations/national.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == list(national.CSV_COLUMNS)
    assert len(rows) == 1 + 2 + 1 + 1  # two actions, then two recommendations without any
    action_cell = rows[0].index("action_text")
    assert any(row[action_cell].startswith("'=HYPERLINK") for row in rows[1:])
    assert all(world["national"]["real_name"] not in cell for row in rows for cell in row)


def test_every_export_is_audited(app, db, world):
    client = _client(app, db, world)
    client.get("/recommendations/national.json")
    client.get("/recommendations/national.csv")
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "recommendations.national_exported").order_by(AuditEvent.id)
    )
    assert [(e.data["format"], e.data["recommendations"], e.data["withheld"], e.data["via"]) for e in events] == [
        ("json", 3, 1, "web"),
        ("csv", 3, 1, "web"),
    ]


def test_the_command_line_export_writes_the_file_and_is_audited(app, db, world, tmp_path):
    out = tmp_path / "national.json"
    partnership = db.scalar(select(Review.partnership_id).where(Review.id == world["objects"]["R1"]["review"]))
    from dhr.partnerships.models import Partnership

    name = db.scalar(select(Partnership.name).where(Partnership.id == partnership))
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["dhr", "export-national", "--format", "json", "--out", str(out), "--partnership", name]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert conforms(data, SCHEMA) == []
    assert len(data["recommendations"]) == 3
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "recommendations.national_exported", AuditEvent.partnership_id == partnership)
        )
        == 1
    )
    csv_out = tmp_path / "national.csv"
    result = runner.invoke(
        args=["dhr", "export-national", "--format", "csv", "--out", str(csv_out), "--partnership", name]
    )
    assert result.exit_code == 0, result.output
    assert csv_out.read_text(encoding="utf-8-sig").startswith("review_reference,")
    bad = runner.invoke(args=["dhr", "export-national", "--format", "xml", "--out", str(out)])
    assert bad.exit_code != 0


def test_another_partnership_exports_only_its_own(app, db, world):
    client = _client(app, db, world, "other_coordinator")
    data = json.loads(client.get("/recommendations/national.json").get_data(as_text=True))
    assert [item["text"] for item in data["recommendations"]] == [
        "CNRY-P2-NATIONAL should never leave its partnership."
    ]
    assert conforms(data, SCHEMA) == []
