"""The save-time shield: a date of birth or a family contact's name is refused in a review's case text through a
form (the field named, the text kept), an import (every bad row listed, nothing imported) and any other write
(the flush refused); the register, the family log and text only identity holders see are left alone."""

from datetime import date

import pytest
from sqlalchemy import func, select

from dhr.evidence.models import ChronologyEntry
from dhr.extensions import db as _db
from dhr.privacy.shield import CaseTextRefusedError
from dhr.reviews.models import Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.dates import fields_from_today
from tests.family.world import build_family_world

CONTACT = "the name of a family contact: write their relationship to the victim instead, such as 'her sister'"
BIRTH = "the date of birth of Adult R1 (victim): write their age instead"


def _world():
    world = build_family_world()
    review = _db.session.get(Review, world["objects"]["R1"]["review"])
    review.victim.date_of_birth = date(1985, 5, 4)
    return world


@pytest.fixture
def world(db):
    return db.run(_world)


def _contributor(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["contributor_a"])
    return client


def _entries(db, world):
    return db.scalar(
        select(func.count())
        .select_from(ChronologyEntry)
        .where(ChronologyEntry.review_id == world["objects"]["R1"]["review"])
    )


def test_a_form_refuses_a_date_of_birth_and_a_contacts_name_naming_the_field_and_keeping_the_text(app, db, world):
    client = _contributor(app, db, world)
    before = _entries(db, world)
    url = f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}/entries/new"
    typed = "Officers spoke to CNRY-CONTACT-R1 about her daughter, born the fourth of May 1985."
    response = client.post(
        url, data={"csrf_token": csrf_token(client), "when": "3/3/2026", "details": typed, "event_type": "Visit"}
    )
    page = check_page(response.get_data(as_text=True))
    assert page.title.text.startswith("Error:")
    summary = page.select_one(".govuk-error-summary").text
    assert f"What happened must not include {CONTACT}" in summary
    assert f"What happened must not include {BIRTH}" in summary
    assert typed in page.select_one("textarea").text
    assert _entries(db, world) == before


def test_the_register_and_the_family_log_may_hold_identities(app, db, world):
    coordinator = app.test_client()
    start_session_cookie(coordinator, db, world["users"]["coordinator"])
    r1 = world["objects"]["R1"]["review"]
    contact = world["objects"]["R1"]["contact"]
    response = coordinator.post(
        f"/reviews/{r1}/family/contacts/{contact}/attempts/new",
        data={
            "csrf_token": csrf_token(coordinator),
            "attempted_on": fields_from_today(-1),
            "method": "phone",
            "made_by": "The chair",
            "outcome": "reached",
            "note": "Spoke to CNRY-CONTACT-R1, who was born on 4 May 1985.",
        },
    )
    assert response.status_code == 302, check_page(response.get_data(as_text=True)).select_one(".govuk-error-summary")


def test_any_other_write_of_case_text_is_refused_at_the_flush(app, db, world):
    def write():
        entry = _db.session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.review_id == world["objects"]["R1"]["review"])
        ).first()
        entry.outcome = "Referred to CNRY-CONTACT-R1."
        _db.session.flush()

    with pytest.raises(CaseTextRefusedError) as refused:
        db.run(write)
    assert refused.value.problems == [("ChronologyEntry outcome", CONTACT)]


def test_text_only_identity_holders_see_is_not_refused(app, db, world):
    def write():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        review.circumstances = "Found at home by CNRY-CONTACT-R1; born 4/5/1985."
        _db.session.flush()
        return review.circumstances

    assert db.run(write).startswith("Found at home")


def test_an_import_lists_every_row_with_a_refused_detail_and_imports_nothing(app, db, world):
    from dhr.evidence import importer
    from dhr.privacy import shield

    def check():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        table = importer.read_table(
            "rows.csv",
            b"Date,What happened,Outcome\n"
            b"3/3/2026,Officers attended.,None\n"
            b"4/3/2026,Spoke to CNRY-CONTACT-R1.,None\n"
            b"5/3/2026,Seen.,Her DOB is 04/05/1985\n",
        )
        mapping = importer.suggest_mapping(table.headers)
        return importer.validate(table, mapping, review.people, shield.checker(review))

    rows, errors = db.run(check)
    assert [(e.row, e.reason) for e in errors] == [
        (3, f"What happened must not include {CONTACT}"),
        (4, f"Action taken or outcome must not include {BIRTH}"),
    ]


def test_a_page_whose_form_missed_it_still_refuses_and_shows_what_was_typed(app, db, world, monkeypatch):
    # As if the entry form had not checked its fields: the flush refuses, and the page keeps the text.
    from dhr.evidence.forms import EntryForm

    monkeypatch.setattr(EntryForm, "shield_exempt", ("details",))
    client = _contributor(app, db, world)
    before = _entries(db, world)
    url = f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}/entries/new"
    typed = "Officers spoke to CNRY-CONTACT-R1."
    response = client.post(
        url, data={"csrf_token": csrf_token(client), "when": "3/3/2026", "details": typed, "event_type": "Visit"}
    )
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert f"The text must not include {CONTACT}" in page.select_one(".govuk-error-summary").text
    assert typed in page.text
    assert _entries(db, world) == before


def test_a_register_change_in_the_same_transaction_is_seen_at_the_next_flush(app, db, world):
    # The flush check keeps each review's needles for the transaction; a changed person must refresh them.
    def write():
        entry = _db.session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.review_id == world["objects"]["R1"]["review"])
        ).first()
        entry.outcome = "Seen on 2 June 1990."
        _db.session.flush()  # no one was born then: accepted, and the needles are kept
        _db.session.get(Review, entry.review_id).victim.date_of_birth = date(1990, 6, 2)
        _db.session.flush()
        entry.comment = "Born 2 June 1990."
        _db.session.flush()

    with pytest.raises(CaseTextRefusedError) as refused:
        db.run(write)
    assert refused.value.problems == [
        ("ChronologyEntry comment", "the date of birth of Adult R1 (victim): write their age instead")
    ]
