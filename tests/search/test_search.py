"""Search: need-to-know exactly as the pages apply it, identity matches audited, the index kept current by every
write, and no input that breaks it."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.drafting.models import DraftSection
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db as _db
from dhr.search.index import rebuild_all
from dhr.search.models import SearchDocument
from tests.conftest import start_session_cookie
from tests.reviews.review_world import build_review_world
from tests.test_query_counts import count_queries

PERSONAS = (
    "admin",
    "coordinator",
    "board_member",
    "chair",
    "author",
    "panel_member",
    "observer",
    "contributor_a",
    "contributor_b",
    "other_review_chair",
    "other_coordinator",
)


def _world():
    world = build_review_world()
    entries = {key: _db.session.get(ChronologyEntry, world["evidence"][key]["entry"]) for key in ("A", "B")}
    entries["A"].details = "The officer visited and found quokka footprints"
    entries["B"].details = "Wombat clinic appointment missed"
    _db.session.add(
        DraftSection(
            review_id=world["objects"]["R1"]["review"],
            document="overview",
            section_key="analysis",
            body="The panel found platypus evidence in the records.",
        )
    )
    _db.session.flush()
    return world


@pytest.fixture
def world(db):
    return db.run(_world)


def _found(app, db, world, persona, words) -> list[str]:
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    response = client.get("/search", query_string={"q": words})
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [" ".join(item.get_text(" ").split()) for item in page.select("#search-results li")]


def _who_finds(app, db, world, words) -> set[str]:
    return {persona for persona in PERSONAS if _found(app, db, world, persona, words)}


def test_each_kind_is_found_only_by_those_whose_pages_show_it(app, db, world):
    everyone_on_r1 = {"admin", "coordinator", "chair", "author", "panel_member", "observer"}
    everyone_on_r1 |= {"contributor_a", "contributor_b"}
    assert _who_finds(app, db, world, "Adult R1") == everyone_on_r1
    assert _who_finds(app, db, world, "Adult R2") == {"admin", "coordinator", "other_review_chair"}
    # Real names: the identity permission only.
    assert _who_finds(app, db, world, "CNRY-REALNAME-R1") == {"coordinator", "chair", "author"}
    # A chronology entry of a request not yet accepted: the evidence reviewers and that agency's contributors.
    assert _who_finds(app, db, world, "quokka") == {"coordinator", "chair", "contributor_a"}
    assert _who_finds(app, db, world, "wombat") == {"coordinator", "chair", "contributor_b"}
    # The draft: its readers, and no contributor.
    assert _who_finds(app, db, world, "platypus") == {"coordinator", "chair", "author", "panel_member", "observer"}

    def accept_a():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        involvement.status = EvidenceStatus.ACCEPTED  # set-up: the workflow's own tests move it

    db.run(accept_a)
    # Accepted, it is in the combined chronology, which the author and panel read too.
    assert _who_finds(app, db, world, "quokka") == {"coordinator", "chair", "author", "panel_member", "contributor_a"}


def test_a_result_links_to_its_page_with_an_extract(app, db, world):
    (hit,) = _found(app, db, world, "coordinator", "quokka")
    assert "Chronology" in hit
    assert "quokka footprints" in hit
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    page = BeautifulSoup(client.get("/search?q=quokka").get_data(as_text=True), "html.parser")
    href = page.select_one("#search-results a")["href"]
    assert href == f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}"
    assert client.get(href).status_code == 200


def test_words_are_stemmed_and_the_last_is_a_prefix(app, db, world):
    assert _found(app, db, world, "coordinator", "visits")
    assert _found(app, db, world, "coordinator", "quok")
    assert not _found(app, db, world, "coordinator", "quokka kangaroo")


def test_a_reference_finds_its_review(app, db, world):
    from dhr.reviews.models import Review

    reference = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R1"]["review"]))
    hits = _found(app, db, world, "coordinator", reference)
    assert any(hit.startswith(f"Review {reference}") for hit in hits), hits
    assert _found(app, db, world, "coordinator", reference[:-1])  # as it is being typed


def test_a_search_matching_a_real_name_is_audited_without_the_words(app, db, world):
    _found(app, db, world, "chair", "CNRY-REALNAME-R1")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "search.identity_matched"))
    assert event is not None
    assert event.data["review_ids"] == [world["objects"]["R1"]["review"]]
    assert event.data["person_ids"]
    assert "REALNAME" not in str(event.data) + event.summary
    _found(app, db, world, "chair", "quokka")
    assert len(db.scalars(select(AuditEvent).where(AuditEvent.action == "search.identity_matched"))) == 1


def test_the_index_follows_every_write(app, db, world):
    def change():
        entry = _db.session.get(ChronologyEntry, world["evidence"]["A"]["entry"])
        entry.details = "Numbat seen at the address"

    db.run(change)
    assert not _found(app, db, world, "coordinator", "quokka")
    assert _found(app, db, world, "coordinator", "numbat")

    def delete():
        _db.session.delete(_db.session.get(ChronologyEntry, world["evidence"]["A"]["entry"]))

    db.run(delete)
    assert not _found(app, db, world, "coordinator", "numbat")


def test_rebuilding_the_index_gives_the_same_rows(app, db, world):
    def rows():
        return sorted((row.kind, row.source_id, row.body) for row in _db.session.scalars(select(SearchDocument)).all())

    before = db.run(rows)
    db.run(lambda: rebuild_all(_db.session))
    assert db.run(rows) == before
    assert len(before) > 10


@pytest.mark.parametrize(
    "typed", ['"', "quokka*", "NEAR(quokka", "quokka OR wombat", "-", "' OR 1=1 --", "a" * 500, "ÅÄÖ \u200b", ":*&|!"]
)
def test_no_input_breaks_the_search(app, db, world, typed):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    response = client.get("/search", query_string={"q": typed})
    assert response.status_code == 200


def test_the_search_box_is_on_every_page_for_someone_signed_in(app, db, world):
    client = app.test_client()
    assert 'id="header-search-q"' not in client.get("/sign-in").get_data(as_text=True)
    start_session_cookie(client, db, world["users"]["contributor_a"])
    assert 'id="header-search-q"' in client.get("/").get_data(as_text=True)


def test_a_search_uses_the_same_number_of_queries_however_many_it_finds(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    counts = []
    for words in ("quokka", "contact"):
        with count_queries(db.connection) as statements:
            assert client.get("/search", query_string={"q": words}).status_code == 200
        counts.append(len(statements))
    assert len(_found(app, db, world, "coordinator", "contact")) > 1
    assert counts[0] == counts[1]


def test_too_many_matches_to_rank_come_newest_first_and_the_page_says_so(app, db, world, monkeypatch):
    from dhr.search import engine

    monkeypatch.setattr(engine, "RANK_LIMIT", 1)  # the threshold, not the engine: two rows are "too many" here
    monkeypatch.setattr("dhr.search.queries.LIMIT", 1)
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    page = BeautifulSoup(client.get("/search?q=contact").get_data(as_text=True), "html.parser")
    assert "These are the newest 1 result:" in page.select_one("#search-count").get_text()
    (newest,) = page.select("#search-results li")
    assert "wombat" in newest.get_text().lower()  # entry B was written after entry A


def test_renaming_an_agency_or_a_person_rewrites_every_row_that_shows_the_name(app, db, world):
    from dhr.reviews.models import Person, Review

    def rename():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        involvement.agency.name = "Zebracorp Services"
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        person = _db.session.get(Person, world["objects"]["R1"]["person"])
        review.circumstances = f"Found by [[person:{person.id}]] at home"
        _db.session.flush()
        person.pseudonym = "Xylophone"

    db.run(rename)
    assert any("Zebracorp Services" in hit for hit in _found(app, db, world, "coordinator", "zebracorp"))
    assert any("Found by Xylophone" in hit for hit in _found(app, db, world, "coordinator", "xylophone found"))


def test_a_real_name_matched_beyond_the_page_is_still_audited(app, db, world, monkeypatch):
    monkeypatch.setattr("dhr.search.queries.LIMIT", 1)
    _found(app, db, world, "coordinator", "CNRY")  # many rows carry the marker; the real name need not come first
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "search.identity_matched"))
    assert world["objects"]["R1"]["review"] in event.data["review_ids"]


def test_readers_of_the_combined_chronology_find_only_accepted_agencies_and_go_to_the_combined_chronology(
    app, db, world
):
    assert "panel_member" not in _who_finds(app, db, world, "quokka")

    def accept_a():
        _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"]).status = EvidenceStatus.ACCEPTED

    db.run(accept_a)
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["panel_member"])
    page = BeautifulSoup(client.get("/search?q=quokka").get_data(as_text=True), "html.parser")
    href = page.select_one("#search-results a")["href"]
    assert href == f"/reviews/{world['objects']['R1']['review']}/chronology"
    assert client.get(href).status_code == 200
