"""Family services and queries: rules, consent and comment workflows with history, audit events, the 28-day flag."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dhr.audit.models import AuditEvent
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.family import queries, services, workflow
from dhr.family.models import CommentStatusChange, ConsentChange, FamilyComment, FamilyEngagement
from dhr.family.stages import (
    COMMENT_TRANSITIONS,
    CONSENT_TRANSITIONS,
    AttemptOutcome,
    CommentStatus,
    ConsentStatus,
    ContactKind,
    ContactMethod,
    Leaflet,
    NoEngagementReason,
)
from dhr.reviews.models import Person
from tests.family.conftest import make_office

CS, CM = ConsentStatus, CommentStatus
# Written out by hand from the brief: consent is asked once, may be given, declined or withdrawn, and a "no" may
# later become a "yes"; nobody is ever "not yet asked" again.
CONSENT_MOVES = {
    (CS.NOT_ASKED, CS.GIVEN),
    (CS.NOT_ASKED, CS.DECLINED),
    (CS.GIVEN, CS.WITHDRAWN),
    (CS.DECLINED, CS.GIVEN),
    (CS.WITHDRAWN, CS.GIVEN),
}
COMMENT_MOVES = {
    (CM.OPEN, CM.ADDRESSED),
    (CM.OPEN, CM.NOT_ACCEPTED),
    (CM.ADDRESSED, CM.OPEN),
    (CM.NOT_ACCEPTED, CM.OPEN),
    (CM.NOT_ACCEPTED, CM.ADDRESSED),
}


def contact_fields(**overrides) -> dict:
    fields = {
        "name": "Lucia Russo",
        "relationship_to_victim": "Mother",
        "kind": ContactKind.FAMILY,
        "preferred_method": ContactMethod.PHONE,
        "contact_details": "07700 900418",
        "advocate_name": "Frances Lowe",
        "advocacy_organisation": "AAFDA",
        "leaflet": Leaflet.FAMILY,
        "leaflet_given_on": date(2026, 7, 1),
        "person_id": None,
        "notes": "Prefers mornings",
    }
    return fields | overrides


def attempt_fields(on: date, outcome=AttemptOutcome.REACHED, **overrides) -> dict:
    return {
        "attempted_on": on,
        "method": ContactMethod.PHONE,
        "made_by": "The chair",
        "outcome": outcome,
        "note": "",
    } | overrides


@pytest.fixture
def ctx(app, db, frozen_clock):
    """An app context holding the office world; everything is rolled back after the test."""
    with app.app_context():
        yield make_office()


def _events(action_prefix: str) -> list[AuditEvent]:
    return list(
        _db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like(f"{action_prefix}%")).order_by(AuditEvent.id)
        )
    )


def test_the_transition_tables():
    assert {(a, b) for a, targets in CONSENT_TRANSITIONS.items() for b in targets} == CONSENT_MOVES
    assert {(a, b) for a, targets in COMMENT_TRANSITIONS.items() for b in targets} == COMMENT_MOVES


def test_a_contact_starts_unasked_and_is_audited_without_their_name(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    assert contact.consent is CS.NOT_ASKED
    (event,) = _events("family.contact_added")
    assert event.review_id == ctx["review"].id
    assert event.object_id == contact.id
    assert event.actor_id == ctx["chair"].id
    assert "Lucia" not in event.summary + str(event.data)
    assert "07700" not in str(event.data)
    assert "family contact" in event.summary


def test_changing_a_contact_records_the_fields_not_the_values(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    assert services.update_contact(contact, actor=ctx["chair"], **contact_fields()) == []
    assert _events("family.contact_updated") == []
    changed = services.update_contact(
        contact, actor=ctx["chair"], **contact_fields(name="Lucia Bianchi", advocate_name="")
    )
    assert changed == ["name", "advocate_name"]
    (event,) = _events("family.contact_updated")
    assert event.data == {"changed": ["name", "advocate_name"]}
    assert "Bianchi" not in event.summary


def test_a_leaflet_needs_its_date_and_no_leaflet_clears_it(ctx):
    with pytest.raises(DomainError, match="date the leaflet was given"):
        services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields(leaflet_given_on=None))
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields(leaflet=None))
    assert contact.leaflet is None
    assert contact.leaflet_given_on is None


def test_the_database_refuses_a_leaflet_without_a_date(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    with _db.session.begin_nested():
        contact.leaflet_given_on = None
        with pytest.raises(IntegrityError):
            _db.session.flush()


def test_a_linked_person_must_be_in_the_review_and_not_the_victim(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields(person_id=ctx["sister"].id))
    assert contact.person.pseudonym == "Sister A"
    with pytest.raises(DomainError, match="people register"):
        services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields(person_id=ctx["victim"].id))
    other = make_office()
    with pytest.raises(DomainError, match="people register"):
        services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields(person_id=other["sister"].id))


def test_consent_moves_keep_their_history_and_audit_each_step(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    workflow.change_consent(contact, CS.GIVEN, effective_on=date(2026, 7, 2), note="At home", actor=ctx["chair"])
    workflow.change_consent(contact, CS.WITHDRAWN, effective_on=date(2026, 9, 1), note="", actor=ctx["coordinator"])
    workflow.change_consent(
        contact, CS.GIVEN, effective_on=date(2026, 9, 1), note="Changed her mind", actor=ctx["chair"]
    )
    history = _db.session.scalars(select(ConsentChange).order_by(ConsentChange.id)).all()
    assert [(c.from_status, c.to_status, c.effective_on) for c in history] == [
        (CS.NOT_ASKED, CS.GIVEN, date(2026, 7, 2)),
        (CS.GIVEN, CS.WITHDRAWN, date(2026, 9, 1)),
        (CS.WITHDRAWN, CS.GIVEN, date(2026, 9, 1)),
    ]
    assert [c.actor_id for c in history] == [ctx["chair"].id, ctx["coordinator"].id, ctx["chair"].id]
    assert [e.action for e in _events("family.consent")] == [
        "family.consent_given",
        "family.consent_withdrawn",
        "family.consent_given",
    ]
    assert contact.consent is CS.GIVEN


@pytest.mark.parametrize("source", list(ConsentStatus), ids=lambda s: s.value)
def test_every_consent_pair_through_change_consent(ctx, source):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    for target in ConsentStatus:
        with _db.session.begin_nested() as savepoint:
            contact.consent = source  # test set-up only
            if (source, target) in CONSENT_MOVES:
                workflow.change_consent(contact, target, effective_on=date(2026, 8, 1), note="", actor=ctx["chair"])
                assert contact.consent is target
            else:
                with pytest.raises(DomainError, match="cannot become"):
                    workflow.change_consent(contact, target, effective_on=date(2026, 8, 1), note="", actor=ctx["chair"])
            savepoint.rollback()


def test_consent_cannot_be_dated_before_the_last_change(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    workflow.change_consent(contact, CS.GIVEN, effective_on=date(2026, 8, 1), note="", actor=ctx["chair"])
    with pytest.raises(DomainError, match="on or after the last change"):
        workflow.change_consent(contact, CS.WITHDRAWN, effective_on=date(2026, 7, 31), note="", actor=ctx["chair"])
    assert contact.consent is CS.GIVEN


def test_attempts_give_last_contacted_and_the_28_day_flag(ctx):
    today = date(2026, 11, 25)
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    assert contact.last_contacted is None
    assert not contact.needs_follow_up(today)
    services.add_attempt(contact, actor=ctx["chair"], **attempt_fields(today - timedelta(days=28)))
    services.add_attempt(
        contact, actor=ctx["chair"], **attempt_fields(today - timedelta(days=2), AttemptOutcome.NO_ANSWER)
    )
    assert contact.last_contacted == today - timedelta(days=2)
    assert contact.last_reached == today - timedelta(days=28)
    assert not contact.needs_follow_up(today)  # reached exactly 28 days ago
    assert contact.needs_follow_up(today + timedelta(days=1))
    workflow.change_consent(contact, CS.DECLINED, effective_on=today, note="", actor=ctx["chair"])
    assert not contact.needs_follow_up(today + timedelta(days=60))  # a "no" is not chased


def test_someone_never_reached_counts_from_the_first_attempt(ctx):
    today = date(2026, 11, 25)
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    services.add_attempt(
        contact, actor=ctx["chair"], **attempt_fields(today - timedelta(days=40), AttemptOutcome.MESSAGE_LEFT)
    )
    assert contact.last_reached is None
    assert contact.needs_follow_up(today)


def test_attempts_are_audited_and_corrected(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    attempt = services.add_attempt(contact, actor=ctx["chair"], **attempt_fields(date(2026, 11, 1), note="Secret"))
    changed = services.update_attempt(
        attempt, actor=ctx["chair"], **attempt_fields(date(2026, 11, 2), AttemptOutcome.NO_ANSWER, note="Secret")
    )
    assert changed == ["attempted_on", "outcome"]
    logged, corrected = _events("family.attempt")
    assert logged.data["outcome"] == "reached"
    assert logged.data["contact_id"] == contact.id
    assert corrected.data == {"changed": ["attempted_on", "outcome"], "contact_id": contact.id}
    assert "Secret" not in logged.summary + str(logged.data)


def test_the_tribute_and_draft_sharing_create_one_engagement_record(ctx):
    review = ctx["review"]
    assert queries.engagement_for(review) is None
    assert queries.tribute_text(review) == ""
    services.record_tribute(review, text="She loved the sea.", given_by="Her mother", actor=ctx["chair"])
    services.record_draft_shared(review, shared_on=date(2026, 11, 1), shared_with="Her mother", actor=ctx["chair"])
    assert _db.session.scalar(select(FamilyEngagement.id).where(FamilyEngagement.review_id == review.id))
    assert queries.tribute_text(review) == "She loved the sea." == queries.tribute_text(review.id)
    assert queries.engagement_for(review).draft_shared_on == date(2026, 11, 1)
    tribute, shared = _events("family.")
    assert tribute.action == "family.tribute_recorded"
    assert "sea" not in tribute.summary + str(tribute.data)
    assert shared.data["shared_on"] == "2026-11-01"
    with pytest.raises(DomainError, match="on or after the date the partnership was notified"):
        services.record_draft_shared(review, shared_on=date(2026, 5, 1), shared_with="x", actor=ctx["chair"])


def test_saving_the_same_tribute_again_writes_no_event(ctx):
    services.record_tribute(ctx["review"], text="Words", given_by="Her mother", actor=ctx["chair"])
    services.record_tribute(ctx["review"], text="Words", given_by="Her mother", actor=ctx["chair"])
    assert len(_events("family.tribute_recorded")) == 1


def test_the_pseudonym_must_not_be_a_real_name(ctx):
    services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    for real in ("Maria Lennox", "maria  lennox", "Rosa Lennox", "LUCIA RUSSO"):
        with pytest.raises(DomainError, match="real name"):
            services.record_pseudonym(ctx["review"], pseudonym=real, actor=ctx["chair"])
    services.record_pseudonym(ctx["review"], pseudonym="Bella", actor=ctx["chair"])
    (event,) = _events("family.pseudonym_recorded")
    assert "Bella" in event.summary


def test_using_the_pseudonym_renames_the_victim_through_the_people_register(ctx):
    review = ctx["review"]
    with pytest.raises(DomainError, match="Record the pseudonym"):
        services.use_pseudonym_for_victim(review, actor=ctx["chair"])
    services.record_pseudonym(review, pseudonym="Bella", actor=ctx["chair"])
    assert services.use_pseudonym_for_victim(review, actor=ctx["chair"]) == "Adult A"
    victim = _db.session.get(Person, ctx["victim"].id)
    assert victim.pseudonym == "Bella"
    assert victim.real_name == "Maria Lennox"
    (person_event,) = _events("person.updated")
    assert person_event.data == {"changed": ["pseudonym"]}
    (used,) = _events("family.pseudonym_used")
    assert used.data == {"from": "Adult A", "to": "Bella", "person_id": victim.id}
    assert "Maria" not in used.summary
    with pytest.raises(DomainError, match="already called Bella"):
        services.use_pseudonym_for_victim(review, actor=ctx["chair"])


def test_no_victim_no_rename(ctx):
    review = ctx["review"]
    services.record_pseudonym(review, pseudonym="Bella", actor=ctx["chair"])
    _db.session.delete(ctx["victim"])
    _db.session.flush()
    _db.session.expire(review, ["people"])
    with pytest.raises(DomainError, match="Add the victim"):
        services.use_pseudonym_for_victim(review, actor=ctx["chair"])


def test_participation_and_the_reason_for_the_report(ctx):
    review = ctx["review"]
    assert queries.no_engagement_reason(review) == ""
    with pytest.raises(DomainError, match="Enter why"):
        services.record_participation(review, reason=NoEngagementReason.OTHER, detail="  ", actor=ctx["chair"])
    services.record_participation(review, reason=NoEngagementReason.NOT_TRACED, detail="", actor=ctx["chair"])
    assert queries.no_engagement_reason(review) == "The family could not be traced"
    services.record_participation(
        review, reason=NoEngagementReason.DECLINED, detail="They asked not to be contacted again.", actor=ctx["chair"]
    )
    assert queries.no_engagement_reason(review) == (
        "The family declined to take part: They asked not to be contacted again."
    )
    services.record_participation(review, reason=NoEngagementReason.OTHER, detail="No family.", actor=ctx["chair"])
    assert queries.no_engagement_reason(review) == "No family."
    services.record_participation(review, reason=None, detail="", actor=ctx["chair"])
    assert queries.no_engagement_reason(review) == ""
    assert [e.data["reason"] for e in _events("family.participation_recorded")] == [
        "not_traced",
        "declined",
        "other",
        None,
    ]


def _comment(ctx, contact, **overrides) -> FamilyComment:
    fields = {"contact_id": contact.id, "received_on": date(2026, 11, 10), "paragraph": "6.3", "comment": "Wrong"}
    return services.add_comment(ctx["review"], actor=ctx["chair"], **(fields | overrides))


def test_comments_move_through_their_workflow_with_history(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    comment = _comment(ctx, contact)
    assert comment.status is CM.OPEN
    assert queries.open_comments(ctx["review"]) == [comment]
    with pytest.raises(DomainError, match="how the comment was addressed"):
        workflow.respond_to_comment(comment, status=CM.ADDRESSED, response=" ", actor=ctx["chair"])
    with pytest.raises(DomainError, match="why the comment was not accepted"):
        workflow.respond_to_comment(comment, status=CM.NOT_ACCEPTED, response="", actor=ctx["chair"])
    workflow.respond_to_comment(comment, status=CM.OPEN, response="Draft reply", actor=ctx["chair"])
    workflow.respond_to_comment(comment, status=CM.NOT_ACCEPTED, response="Out of scope", actor=ctx["chair"])
    workflow.respond_to_comment(comment, status=CM.ADDRESSED, response="Added at 6.3", actor=ctx["coordinator"])
    with pytest.raises(DomainError, match="cannot become"):
        workflow.respond_to_comment(comment, status=CM.NOT_ACCEPTED, response="No", actor=ctx["chair"])
    history = _db.session.scalars(select(CommentStatusChange).order_by(CommentStatusChange.id)).all()
    assert [(h.from_status, h.to_status, h.response) for h in history] == [
        (CM.OPEN, CM.NOT_ACCEPTED, "Out of scope"),
        (CM.NOT_ACCEPTED, CM.ADDRESSED, "Added at 6.3"),
    ]
    assert [e.action for e in _events("family.comment")] == [
        "family.comment_recorded",
        "family.comment_response_updated",
        "family.comment_not_accepted",
        "family.comment_addressed",
    ]
    assert queries.open_comments(ctx["review"]) == []
    assert queries.comments_for(ctx["review"]) == [comment]


def test_a_comment_must_come_from_a_contact_of_this_review(ctx):
    other = make_office()
    stranger = services.add_contact(other["review"], actor=other["chair"], **contact_fields())
    with pytest.raises(DomainError, match="Choose who"):
        services.add_comment(
            ctx["review"],
            actor=ctx["chair"],
            contact_id=stranger.id,
            received_on=date(2026, 11, 1),
            paragraph="",
            comment="x",
        )


def test_the_database_refuses_a_decided_comment_without_a_response(ctx):
    contact = services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    comment = _comment(ctx, contact)
    with _db.session.begin_nested():
        comment.status = CM.ADDRESSED
        with pytest.raises(IntegrityError):
            _db.session.flush()


def test_contact_names_are_every_contact_of_the_review_only(ctx):
    services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields())
    services.add_contact(ctx["review"], actor=ctx["chair"], **contact_fields(name="Elena Russo", leaflet=None))
    other = make_office()
    services.add_contact(other["review"], actor=other["chair"], **contact_fields(name="Someone Else"))
    assert queries.contact_names(ctx["review"]) == ["Lucia Russo", "Elena Russo"]
    assert [c.name for c in queries.contacts_for(ctx["review"])] == ["Elena Russo", "Lucia Russo"]


def test_no_audit_event_holds_a_contact_name_or_what_the_family_said(ctx):
    review = ctx["review"]
    contact = services.add_contact(review, actor=ctx["chair"], **contact_fields(name="CNRY-NAME", notes="CNRY-NOTE"))
    services.add_attempt(contact, actor=ctx["chair"], **attempt_fields(date(2026, 11, 1), note="CNRY-ATTEMPT"))
    workflow.change_consent(contact, CS.GIVEN, effective_on=date(2026, 11, 1), note="CNRY-CONSENT", actor=ctx["chair"])
    services.update_contact(contact, actor=ctx["chair"], **contact_fields(name="CNRY-NAME2"))
    services.record_tribute(review, text="CNRY-TRIBUTE", given_by="CNRY-GIVER", actor=ctx["chair"])
    services.record_draft_shared(review, shared_on=date(2026, 11, 1), shared_with="CNRY-SHARED", actor=ctx["chair"])
    comment = _comment(ctx, contact, comment="CNRY-COMMENT")
    services.update_comment(
        comment,
        actor=ctx["chair"],
        contact_id=contact.id,
        received_on=date(2026, 11, 2),
        paragraph="1",
        comment="CNRY-COMMENT2",
    )
    workflow.respond_to_comment(comment, status=CM.ADDRESSED, response="CNRY-RESPONSE", actor=ctx["chair"])
    events = _events("family.")
    assert len(events) == 9
    assert all(e.review_id == review.id and e.partnership_id == review.partnership_id for e in events)
    assert "CNRY" not in " ".join(e.summary + str(e.data) for e in events)
