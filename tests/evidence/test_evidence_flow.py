"""The evidence state machine and the portal flow: entries, submit, return, accept, and who sees what when."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.core.errors import DomainError
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EVIDENCE_TRANSITIONS, EvidenceStatus
from dhr.mail.models import OutboxMessage
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world

S = EvidenceStatus
# Written out by hand from the brief: requested -> in progress -> submitted -> returned -> ... or accepted.
EXPECTED = {
    (S.NOT_REQUESTED, S.REQUESTED),
    (S.REQUESTED, S.IN_PROGRESS),
    (S.REQUESTED, S.SUBMITTED),
    (S.IN_PROGRESS, S.SUBMITTED),
    (S.SUBMITTED, S.RETURNED),
    (S.SUBMITTED, S.ACCEPTED),
    (S.RETURNED, S.IN_PROGRESS),
    (S.RETURNED, S.SUBMITTED),
}


def test_the_evidence_transition_table():
    actual = {(a, b) for a, targets in EVIDENCE_TRANSITIONS.items() for b in targets}
    assert actual == EXPECTED


@pytest.mark.parametrize("source", list(EvidenceStatus), ids=lambda s: s.value)
def test_every_pair_through_change_status(app, db, source):
    from dhr.evidence import services
    from dhr.extensions import db as _db

    world = db.run(build_review_world)
    with app.app_context():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        actor = world["users"]["coordinator"]
        for target in EvidenceStatus:
            with _db.session.begin_nested() as savepoint:
                involvement.status = source  # test set-up only
                if (source, target) in EXPECTED:
                    services.change_status(involvement, target, actor=actor)
                    assert involvement.status is target
                else:
                    with pytest.raises(DomainError, match="cannot become"):
                        services.change_status(involvement, target, actor=actor)
                savepoint.rollback()
        _db.session.rollback()


@pytest.fixture
def world(db):
    return db.run(build_review_world)


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _url(world, key="A", suffix=""):
    review = world["objects"]["R1"]["review"]
    return f"/reviews/{review}/evidence/{world['evidence'][key]['involvement']}{suffix}"


def test_requests_tell_and_email_the_agency_contributors(world, db):
    messages = db.scalars(select(OutboxMessage).where(OutboxMessage.category == "evidence.requested"))
    assert len(messages) == 2  # agencies A and B on R1, one contributor each
    assert all("/evidence/" in m.body for m in messages)
    assert all("CNRY" not in m.body + m.subject for m in messages)


def test_a_bad_date_keeps_everything_typed(app, db, world):
    contributor = _as(app, db, world, "contributor_a")
    response = contributor.post(
        _url(world, suffix="/entries/new"),
        data={
            "csrf_token": csrf_token(contributor),
            "when": "31/2/2026",
            "details": "Kept details",
            "event_type": "Call",
        },
    )
    html = response.get_data(as_text=True)
    assert "31/2/2026 is not a real date" in html
    assert "Kept details" in html
    assert 'value="Call"' in html


def test_save_and_add_another_comes_back_to_an_empty_entry_form(app, db, world):
    contributor = _as(app, db, world, "contributor_a")
    url = _url(world, suffix="/entries/new")
    assert "Save and add another" in contributor.get(url).get_data(as_text=True)
    response = contributor.post(
        url,
        data={
            "csrf_token": csrf_token(contributor),
            "when": "4/3/2026",
            "details": "First of several",
            "event_type": "Call",
            "another": "Save and add another",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == url
    page = contributor.get(url).get_data(as_text=True)
    assert "Entry added. Add the next one" in page
    assert "First of several" not in page
    assert db.scalar(select(ChronologyEntry).where(ChronologyEntry.details == "First of several")) is not None


def test_the_same_entry_twice_is_refused(app, db, world):
    contributor = _as(app, db, world, "contributor_a")
    data = {"when": "3/3/2026", "details": "CNRY-ENTRY-A", "event_type": "Contact"}
    response = contributor.post(
        _url(world, suffix="/entries/new"), data={"csrf_token": csrf_token(contributor), **data}
    )
    assert "already in the chronology" in response.get_data(as_text=True)


def test_submit_return_resubmit_accept_and_who_sees_what(app, db, world):
    contributor = _as(app, db, world, "contributor_a")
    chair = _as(app, db, world, "chair")
    panel = _as(app, db, world, "panel_member")
    other_agency = _as(app, db, world, "contributor_b")
    combined = f"/reviews/{world['objects']['R1']['review']}/chronology"

    assert (
        contributor.post(_url(world, suffix="/submit"), data={"csrf_token": csrf_token(contributor)}).status_code == 302
    )
    locked = contributor.post(
        _url(world, suffix="/entries/new"),
        data={"csrf_token": csrf_token(contributor), "when": "5/3/2026", "details": "Too late"},
    )
    assert "cannot be changed" in locked.get_data(as_text=True)
    # Submitted, not accepted: the chair may include it; the panel does not see it yet.
    assert "CNRY-ENTRY-A" in chair.get(combined + "?include=submitted").get_data(as_text=True)
    assert "CNRY-ENTRY-A" not in panel.get(combined + "?include=submitted").get_data(as_text=True)

    chair.post(_url(world, suffix="/return"), data={"csrf_token": csrf_token(chair), "reason": "Add the GP visit"})
    page = contributor.get(_url(world)).get_data(as_text=True)
    assert "Returned for amendment" in page
    assert "Add the GP visit" in page
    contributor.post(
        _url(world, suffix="/entries/new"),
        data={
            "csrf_token": csrf_token(contributor),
            "when": "c. March 2026",
            "details": "GP visit",
            "event_type": "GP",
        },
    )
    contributor.post(_url(world, suffix="/submit"), data={"csrf_token": csrf_token(contributor)})
    chair.post(_url(world, suffix="/accept"), data={"csrf_token": csrf_token(chair)})

    involvement = db.scalar(
        select(AgencyInvolvement).where(AgencyInvolvement.id == world["evidence"]["A"]["involvement"])
    )
    assert (involvement.status, involvement.submission_version) == (S.ACCEPTED, 2)
    seen = panel.get(combined).get_data(as_text=True)
    assert "CNRY-ENTRY-A" in seen
    assert "c. March 2026" in seen
    assert "version 2" in seen
    assert "CNRY-ENTRY-B" not in seen  # agency B has not submitted
    assert "CNRY-ENTRY-A" not in other_agency.get(_url(world, "B")).get_data(as_text=True)
    history = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "AgencyInvolvement", AuditEvent.object_id == involvement.id)
        .order_by(AuditEvent.id)
    )
    assert history == [
        "evidence.agency_involved",
        "evidence.requested",
        "evidence.in_progress",
        "evidence.submitted",
        "evidence.returned",
        "evidence.in_progress",
        "evidence.submitted",
        "evidence.accepted",
    ]


def test_nothing_needed_requires_a_reason(app, db, world):
    coordinator = _as(app, db, world, "coordinator")
    review = world["objects"]["R1"]["review"]
    response = coordinator.post(
        f"/reviews/{review}/agencies/add",
        data={
            "csrf_token": csrf_token(coordinator),
            "agency": str(world["evidence"]["agency_c"]),
            "contact_victim": "no",
            "contact_perpetrator": "no",
            "contact_children": "no",
            "output": "none",
        },
    )
    assert "Enter why nothing is needed" in response.get_data(as_text=True)


def test_combined_chronology_query_count_does_not_grow(app, db):
    from dhr.evidence import services
    from dhr.evidence.fuzzy_dates import parse_fuzzy_date
    from dhr.extensions import db as _db
    from tests.test_query_counts import count_queries

    counts = []
    for size in (2, 40):
        with db.cell():
            world = db.run(build_review_world)

            def _fill(n=size, world=world):
                involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
                people = involvement.review.people
                for i in range(n):
                    services.add_entry(
                        involvement,
                        when=parse_fuzzy_date(f"{1 + i % 28}/1/2026"),
                        people=people,
                        actor=world["users"]["contributor_a"],
                        details=f"Entry {i}",
                    )
                services.submit(involvement, actor=world["users"]["contributor_a"])
                services.accept(involvement, actor=world["users"]["coordinator"])

            db.run(_fill)
            chair = _as(app, db, world, "chair")
            with count_queries(db.connection) as statements:
                response = chair.get(f"/reviews/{world['objects']['R1']['review']}/chronology")
            assert response.status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_combined_chronology_filters(app, db):
    from datetime import date

    from dhr.evidence import services
    from dhr.evidence.fuzzy_dates import parse_fuzzy_date
    from dhr.extensions import db as _db
    from dhr.reviews.models import Review

    world = db.run(build_review_world)

    def _fill():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        actor = world["users"]["contributor_a"]
        for text, kind, details in (
            ("2018", "GP", "CNRY-YEAR-2018"),
            ("5/6/2019", "Call-out", "CNRY-JUNE-2019"),
            ("c. March 2020", "GP", "CNRY-MARCH-2020"),
            ("1-3 May 2021", "MARAC", "CNRY-MAY-2021"),
        ):
            services.add_entry(
                involvement, when=parse_fuzzy_date(text), people=[], actor=actor, details=details, event_type=kind
            )
        services.submit(involvement, actor=actor)
        services.accept(involvement, actor=world["users"]["chair"])
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        review.scope_from, review.scope_to = date(2019, 1, 1), date(2020, 12, 31)

    db.run(_fill)
    chair = _as(app, db, world, "chair")
    url = f"/reviews/{world['objects']['R1']['review']}/chronology"

    def shown(query):
        html = chair.get(f"{url}?{query}").get_data(as_text=True)
        return {c for c in ("CNRY-YEAR-2018", "CNRY-JUNE-2019", "CNRY-MARCH-2020", "CNRY-MAY-2021") if c in html}

    assert shown("") == {"CNRY-YEAR-2018", "CNRY-JUNE-2019", "CNRY-MARCH-2020", "CNRY-MAY-2021"}
    assert shown("date_from=2019&date_to=March+2020") == {"CNRY-JUNE-2019", "CNRY-MARCH-2020"}
    assert shown("date_from=2%2F5%2F2021") == {"CNRY-MAY-2021"}  # a range overlapping the start counts
    assert shown("event_type=GP") == {"CNRY-YEAR-2018", "CNRY-MARCH-2020"}
    assert shown("scope=yes") == {"CNRY-JUNE-2019", "CNRY-MARCH-2020"}
    bad = chair.get(f"{url}?date_from=31%2F2%2F2020")
    assert bad.status_code == 200
    assert "From: 31/2/2020 is not a real date" in bad.get_data(as_text=True)
    exported = chair.get(f"/reviews/{world['objects']['R1']['review']}/chronology/export?format=csv&scope=yes")
    assert "CNRY-JUNE-2019" in exported.get_data(as_text=True)
    assert "CNRY-YEAR-2018" not in exported.get_data(as_text=True)


def test_an_agency_needed_for_nothing_shows_no_due_date_and_is_not_needed(app, db, world):
    coordinator = _as(app, db, world, "coordinator")
    review = world["objects"]["R1"]["review"]
    coordinator.post(
        f"/reviews/{review}/agencies/add",
        data={
            "csrf_token": csrf_token(coordinator),
            "agency": str(world["evidence"]["agency_c"]),
            "contact_victim": "no",
            "contact_perpetrator": "no",
            "contact_children": "no",
            "output": "none",
            "exclusion_reason": "No contact with either party",
            "due_on": ["1", "12", "2030"],
        },
    )
    excluded = db.scalar(select(AgencyInvolvement).where(AgencyInvolvement.agency_id == world["evidence"]["agency_c"]))
    assert excluded.due_on is None
    page = BeautifulSoup(coordinator.get(f"/reviews/{review}/agencies").get_data(as_text=True), "html.parser")
    row = next(r for r in page.select("tbody tr") if "No contact with either party" in r.get_text())
    cells = [" ".join(c.get_text(" ").split()) for c in row.select("td")]
    assert "Not needed" in cells
    assert "Not requested" not in cells
    assert not any("2030" in cell for cell in cells)


def test_send_all_requests_asks_every_agency_it_can_and_says_why_not_the_rest(app, db, world):
    from dhr.extensions import db as _db
    from dhr.permissions import ReviewRole
    from dhr.reviews import services as review_services
    from dhr.reviews.models import Review

    review_id, involvement_id = world["objects"]["R2"]["review"], world["evidence"]["R2"]["involvement"]
    agency_name = db.run(lambda: _db.session.get(AgencyInvolvement, involvement_id).agency.name)
    coordinator = _as(app, db, world, "coordinator")

    def send_all() -> str:
        response = coordinator.post(
            f"/reviews/{review_id}/agencies/requests", data={"csrf_token": csrf_token(coordinator)}
        )
        assert response.status_code == 302
        return coordinator.get(response.headers["Location"]).get_data(as_text=True)

    def status():
        return db.scalar(select(AgencyInvolvement.status).where(AgencyInvolvement.id == involvement_id))

    assert "Send the request not yet sent" in coordinator.get(f"/reviews/{review_id}/agencies").get_data(as_text=True)
    # No contributor from the agency on this review yet: nothing is sent, and the page says why.
    assert f"{agency_name}: add a contributor from {agency_name}" in send_all()
    assert status() is EvidenceStatus.NOT_REQUESTED

    def add_contributor():
        review = _db.session.get(Review, review_id)
        user = world["users"]["contributor_a"]
        agency = _db.session.get(AgencyInvolvement, involvement_id).agency
        review_services.add_member(
            review, user=user, role=ReviewRole.AGENCY_CONTRIBUTOR, agency=agency, actor=world["users"]["coordinator"]
        )

    db.run(add_contributor)
    assert f"Requests sent to 1 agency: {agency_name}" in send_all()
    assert status() is EvidenceStatus.REQUESTED
    assert "not yet sent" not in coordinator.get(f"/reviews/{review_id}/agencies").get_data(as_text=True)
