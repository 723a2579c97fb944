"""Duplicate candidates and the chair's decisions."""

from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.evidence.duplicates import candidates, similarity
from dhr.evidence.models import AgencyInvolvement, DuplicateDecision
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


def _entry(entry_id, day, details, people=(), event_type="Call-out"):
    return SimpleNamespace(
        id=entry_id,
        date_start=date(2026, 3, day),
        details=details,
        event_type=event_type,
        people=[SimpleNamespace(id=p) for p in people],
    )


def test_similarity():
    assert (
        similarity("Police attended the address after a 999 call", "Officers attended the address after 999 call") > 0.5
    )
    assert similarity("GP appointment for back pain", "Police attended the address") == 0.0


def test_candidates_need_close_dates_the_same_people_and_similar_words():
    entries = [
        _entry(1, 3, "Police attended the address after a 999 call", people=[7]),
        _entry(2, 4, "Attended the address after 999 call from neighbour", people=[7]),  # next day: a pair
        _entry(3, 3, "Police attended the address after a 999 call", people=[8]),  # other person: no
        _entry(4, 6, "Police attended the address after a 999 call", people=[7]),  # 3 days later: no
        _entry(5, 3, "Housing repair request for a broken window", people=[7]),  # different words: no
    ]
    assert [c.key for c in candidates(entries)] == [(1, 2)]


def test_the_chair_decides_and_the_decision_is_kept_and_shown(app, db):
    from dhr.evidence import services
    from dhr.evidence.fuzzy_dates import parse_fuzzy_date
    from dhr.extensions import db as _db

    world = db.run(build_review_world)

    def _two_reports():
        for key, actor in (("A", "contributor_a"), ("B", "contributor_b")):
            involvement = _db.session.get(AgencyInvolvement, world["evidence"][key]["involvement"])
            services.add_entry(
                involvement,
                when=parse_fuzzy_date("10/3/2026"),
                people=[],
                actor=world["users"][actor],
                details="Police and ambulance attended a fall at home",
                event_type="Call-out",
            )
            services.submit(involvement, actor=world["users"][actor])
            services.accept(involvement, actor=world["users"]["chair"])

    db.run(_two_reports)
    chair = app.test_client()
    start_session_cookie(chair, db, world["users"]["chair"])
    review = world["objects"]["R1"]["review"]
    page = chair.get(f"/reviews/{review}/chronology/duplicates").get_data(as_text=True)
    assert "To decide (2)" in page  # the fall, and the world's two one-word "Contact" entries of the same day
    after_fall = page.split("a fall at home")[2]  # past both cards of the pair
    action = after_fall.split('action="')[1].split('"')[0]
    assert chair.post(action, data={"csrf_token": csrf_token(chair), "same_event": "yes"}).status_code == 302
    decision = db.scalar(select(DuplicateDecision))
    assert decision.same_event
    assert decision.decided_by_id == world["users"]["chair"].id
    assert "To decide (1)" in chair.get(f"/reviews/{review}/chronology/duplicates").get_data(as_text=True)
    assert "Same event as another entry" in chair.get(f"/reviews/{review}/chronology").get_data(as_text=True)
    chair.post(action, data={"csrf_token": csrf_token(chair), "same_event": "no"})
    assert db.scalar(select(DuplicateDecision.same_event)) is False  # changed, not duplicated
    assert len(db.scalars(select(AuditEvent).where(AuditEvent.action == "chronology.duplicate_decided"))) == 2
