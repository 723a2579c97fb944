"""`flask dhr import-chronology`: the column mapping it uses, printed, and `--map FIELD=HEADER` to choose it."""

import pytest
from sqlalchemy import func, select

from dhr.evidence.models import ChronologyEntry
from dhr.reviews.models import Review
from tests.reviews.review_world import build_review_world

AGENCY = "RW-A"


@pytest.fixture
def world(db):
    return db.run(build_review_world)


@pytest.fixture
def reference(db, world):
    return db.scalar(select(Review.reference).where(Review.id == world["objects"]["R1"]["review"]))


def _entries(db, world):
    return db.scalar(
        select(func.count())
        .select_from(ChronologyEntry)
        .where(ChronologyEntry.involvement_id == world["evidence"]["A"]["involvement"])
    )


def _import(app, reference, path, *options):
    return app.test_cli_runner().invoke(args=["dhr", "import-chronology", reference, AGENCY, str(path), *options])


def test_the_mapping_used_is_printed_one_line_per_field(app, db, world, reference, tmp_path):
    sheet = tmp_path / "renamed.csv"
    sheet.write_bytes(
        b"Ref,Time and date,Agency (Mosaic),Event details (RiO),Type of contact,Outcome/Action,Reviewer's comments\n"
        b"P-1,3/3/2026 14:30,Response team,Officers attended,Visit,Advice given,Late response\n"
    )
    before = _entries(db, world)
    done = _import(app, reference, sheet)
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[:9] == [
        'date <- "Time and date"',
        "time <- (not used)",
        'service_team <- "Agency (Mosaic)"',
        'source_ref <- "Ref"',
        "people <- (not used)",
        'event_type <- "Type of contact"',
        'details <- "Event details (RiO)"',
        'outcome <- "Outcome/Action"',
        'comment <- "Reviewer\'s comments"',
    ]
    assert "1 row imported" in done.output
    assert _entries(db, world) == before + 1
    entry = db.scalar(select(ChronologyEntry).order_by(ChronologyEntry.id.desc()))
    assert (entry.details, entry.source_ref, entry.comment) == ("Officers attended", "P-1", "Late response")


def test_map_overrides_the_automatic_match(app, db, world, reference, tmp_path):
    sheet = tmp_path / "two-texts.csv"
    sheet.write_bytes(b"Date,Summary,Narrative\n3/3/2026,Short version,The full account\n")
    done = _import(app, reference, sheet, "--map", "details=Narrative", "--map", "comment=Summary")
    assert done.exit_code == 0, done.output
    assert 'details <- "Narrative"' in done.output
    assert 'comment <- "Summary"' in done.output
    entry = db.scalar(select(ChronologyEntry).order_by(ChronologyEntry.id.desc()))
    assert (entry.details, entry.comment) == ("The full account", "Short version")


def test_map_with_no_header_leaves_a_field_out(app, db, world, reference, tmp_path):
    sheet = tmp_path / "with-notes.csv"
    sheet.write_bytes(b"Date,Details,Comments\n3/3/2026,Visit,Not for the review\n")
    done = _import(app, reference, sheet, "--map", "comment=")
    assert done.exit_code == 0, done.output
    assert "comment <- (not used)" in done.output
    assert db.scalar(select(ChronologyEntry.comment).order_by(ChronologyEntry.id.desc())) == ""


def test_map_makes_a_file_with_no_recognisable_column_importable(app, db, world, reference, tmp_path):
    sheet = tmp_path / "odd.csv"
    sheet.write_bytes(b"Date,Blurb\n3/3/2026,Called the police\n")
    unmatched = _import(app, reference, sheet)
    assert unmatched.exit_code != 0
    assert "No column could be matched for: What happened" in unmatched.output
    assert "--map" in unmatched.output
    before = _entries(db, world)
    done = _import(app, reference, sheet, "--map", "details=Blurb")
    assert done.exit_code == 0, done.output
    assert _entries(db, world) == before + 1


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("colour=Date", "'colour' is not a field. Use one of: date, time, service_team"),
        ("details=Missing column", "The file has no column called 'Missing column'. Its columns are: Date, Details"),
        ("details", "Write it as FIELD=HEADER"),
    ],
)
def test_an_unknown_field_or_header_is_a_clear_error_and_imports_nothing(
    app, db, world, reference, tmp_path, option, message
):
    sheet = tmp_path / "plain.csv"
    sheet.write_bytes(b"Date,Details\n3/3/2026,Visit\n")
    before = _entries(db, world)
    failed = _import(app, reference, sheet, "--map", option)
    assert failed.exit_code == 2  # click's usage error
    assert "Invalid value for --map" in failed.output
    assert message in failed.output
    assert _entries(db, world) == before


def test_a_field_given_twice_is_refused(app, reference, tmp_path):
    sheet = tmp_path / "plain.csv"
    sheet.write_bytes(b"Date,Details,Notes\n3/3/2026,Visit,More\n")
    failed = _import(app, reference, sheet, "--map", "details=Details", "--map", "details=Notes")
    assert failed.exit_code == 2
    assert "details is given more than once" in failed.output
