"""Terms of reference: versions (drafts change, agreed versions are frozen, a new draft copies the latest), the
review's derived fields, lines of enquiry, agency scope against the matrix, the queries, the diff, the guard."""

from datetime import date

import pytest
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.reviews import workflow as review_workflow
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.stages import ReviewStage
from dhr.terms import queries, services, workflow
from dhr.terms.diff import changes
from dhr.terms.models import TermsVersion
from dhr.terms.stages import TermsStatus

LINE_1 = "What knowledge did agencies have that could have indicated that the victim might be at risk of harm?"
LINE_2 = "How well did agencies share information with each other?"


def _review(world) -> Review:
    return _db.session.get(Review, world["review"])


def _ready_v1(world) -> TermsVersion:
    """v1 with a scope period and two lines: everything agreement needs."""
    actor = world["coordinator"]
    version = services.start_draft(_review(world), actor=actor)
    services.update_draft(
        version, actor=actor, scope_from=date(2023, 9, 28), scope_to=date(2026, 9, 28), purpose="Lessons"
    )
    services.add_line(version, text=LINE_1, actor=actor)
    services.add_line(version, text=LINE_2, actor=actor)
    return version


def test_the_first_draft_takes_the_agency_matrix(app, db, terms_world):
    def _start():
        version = services.start_draft(_review(terms_world), actor=terms_world["coordinator"])
        rows = {row.agency.code: (row.included, row.reason) for row in version.agencies}
        return version.number, version.status, version.scope_to, rows

    number, status, scope_to, rows = db.run(_start)
    assert (number, status, scope_to) == (1, TermsStatus.DRAFT, date(2026, 9, 28))  # the date of death
    assert rows == {
        "POL": (True, "Asked for: Individual Management Review and chronology"),
        "FIRE": (False, "No contact with either of them"),
    }
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "terms.draft_started"))
    assert event.data == {"number": 1, "copied_from": None}


def test_one_draft_at_a_time(app, db, terms_world):
    db.run(lambda: services.start_draft(_review(terms_world), actor=terms_world["coordinator"]))
    with pytest.raises(DomainError, match="v1 is already a draft"):
        db.run(lambda: services.start_draft(_review(terms_world), actor=terms_world["coordinator"]))


def test_agreeing_needs_a_scope_lines_and_every_matrix_agency(app, db, terms_world):
    actor = terms_world["coordinator"]
    with app.app_context():
        version = services.start_draft(_review(terms_world), actor=actor)
        services.remove_agency(next(r for r in version.agencies if r.agency.code == "FIRE"), actor=actor)
        assert workflow.agreement_problems(version) == [
            "Enter the scope period: when it starts and when it ends",
            "Add at least one key line of enquiry",
            "Include or exclude (with a reason) every agency in the agency matrix: Test Fire",
        ]
        with pytest.raises(DomainError, match="Enter the scope period"):
            workflow.agree(version, agreed_on=date(2026, 11, 1), actor=actor)
        assert queries.excluded_without_reason(_review(terms_world)) == ["Test Fire"]
        services.add_agencies_from_matrix(version, actor=actor)
        assert queries.excluded_without_reason(_review(terms_world)) == []
        _db.session.rollback()


def test_agreeing_freezes_the_version_and_sets_the_reviews_fields(app, db, terms_world):
    actor = terms_world["coordinator"]

    def _agree():
        version = _ready_v1(terms_world)
        workflow.agree(version, agreed_on=date(2026, 11, 2), actor=actor)
        return version.id

    version_id = db.run(_agree)
    review = db.scalar(select(Review).where(Review.id == terms_world["review"]))
    assert (review.terms_of_reference_agreed_on, review.scope_from, review.scope_to) == (
        date(2026, 11, 2),
        date(2023, 9, 28),
        date(2026, 9, 28),
    )
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "terms.agreed"))
    assert event.data == {"number": 1, "agreed_on": "2026-11-02"}

    def _try(change):
        version = _db.session.get(TermsVersion, version_id)
        change(version)

    frozen = [
        lambda v: services.update_draft(v, actor=actor, scope_from=None, scope_to=None, purpose="Changed"),
        lambda v: services.add_line(v, text="Another", actor=actor),
        lambda v: services.update_line(v.lines[0], text="Reworded", actor=actor),
        lambda v: services.remove_line(v.lines[0], actor=actor),
        lambda v: services.move_line_up(v.lines[1], actor=actor),
        lambda v: services.update_agency(v.agencies[0], included=False, reason="Changed", actor=actor),
        lambda v: services.remove_agency(v.agencies[0], actor=actor),
        lambda v: services.add_agencies_from_matrix(v, actor=actor),
        lambda v: workflow.agree(v, agreed_on=date(2026, 11, 3), actor=actor),
        lambda v: services.discard_draft(v, actor=actor),
    ]
    for change in frozen:
        with pytest.raises(DomainError, match="v1 was agreed on 2 November 2026 and cannot change"):
            db.run(_try, change)
    version = db.scalar(select(TermsVersion).where(TermsVersion.id == version_id))
    assert version.purpose == "Lessons"


def test_a_new_draft_copies_the_latest_and_leaves_it_alone(app, db, terms_world):
    actor = terms_world["coordinator"]

    def _two_versions():
        v1 = _ready_v1(terms_world)
        workflow.agree(v1, agreed_on=date(2026, 11, 2), actor=actor)
        v2 = services.start_draft(_review(terms_world), actor=actor)
        copied = (
            v2.number,
            [(line.number, line.text) for line in v2.lines],
            sorted((row.agency_id, row.included, row.reason) for row in v2.agencies),
            (v2.scope_from, v2.scope_to, v2.purpose),
        )
        original = (
            v1.number,
            [(line.number, line.text) for line in v1.lines],
            sorted((row.agency_id, row.included, row.reason) for row in v1.agencies),
            (v1.scope_from, v1.scope_to, v1.purpose),
        )
        assert {line.id for line in v2.lines}.isdisjoint(line.id for line in v1.lines)
        services.update_line(v2.lines[0], text="Reworded in v2", actor=actor)
        services.remove_line(v2.lines[1], actor=actor)
        _db.session.expire_all()
        return copied, original, [line.text for line in _db.session.get(TermsVersion, v1.id).lines]

    copied, original, v1_lines = db.run(_two_versions)
    assert copied[0] == 2
    assert copied[1:] == original[1:]
    assert v1_lines == [LINE_1, LINE_2]


def test_later_versions_lead_and_cannot_be_agreed_before_earlier_ones(app, db, terms_world):
    actor = terms_world["coordinator"]
    with app.app_context():
        v1 = _ready_v1(terms_world)
        workflow.agree(v1, agreed_on=date(2026, 11, 2), actor=actor)
        v2 = services.start_draft(_review(terms_world), actor=actor)
        services.update_draft(v2, actor=actor, scope_from=date(2022, 9, 28), scope_to=v2.scope_to, purpose="")
        services.add_line(v2, text="A third question", actor=actor)
        review = _review(terms_world)
        # An agreed version outranks a later draft.
        assert queries.current_terms(review).number == 1
        assert queries.lines_of_enquiry(review) == [(1, LINE_1), (2, LINE_2)]
        with pytest.raises(DomainError, match=r"on or after the previous version was agreed \(02/11/2026\)"):
            workflow.agree(v2, agreed_on=date(2026, 11, 1), actor=actor)
        workflow.agree(v2, agreed_on=date(2026, 11, 20), actor=actor)
        assert (review.terms_of_reference_agreed_on, review.scope_from) == (date(2026, 11, 20), date(2022, 9, 28))
        assert queries.current_terms(review).number == 2
        assert queries.lines_of_enquiry(review) == [(1, LINE_1), (2, LINE_2), (3, "A third question")]
        _db.session.rollback()


def test_lines_keep_numbers_one_to_n_through_removal_and_moves(app, db, terms_world):
    actor = terms_world["coordinator"]
    with app.app_context():
        version = _ready_v1(terms_world)
        third = services.add_line(version, text="Third", actor=actor)
        services.move_line_up(third, actor=actor)
        assert [(line.number, line.text) for line in version.lines] == [(1, LINE_1), (2, "Third"), (3, LINE_2)]
        with pytest.raises(DomainError, match="already the first"):
            services.move_line_up(version.lines[0], actor=actor)
        services.remove_line(version.lines[0], actor=actor)
        assert [(line.number, line.text) for line in version.lines] == [(1, "Third"), (2, LINE_2)]
        with pytest.raises(DomainError, match="Enter the line of enquiry"):
            services.add_line(version, text="   ", actor=actor)
        actions = _db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("terms.line%"))).all()
        assert actions.count("terms.line_added") == 3
        assert {"terms.line_moved", "terms.line_removed"} <= set(actions)
        _db.session.rollback()


def test_agencies_need_a_reason_to_be_excluded_and_belong_to_the_partnership(app, db, terms_world):
    from tests.factories import create_agency, create_partnership

    actor = terms_world["coordinator"]
    with app.app_context():
        version = services.start_draft(_review(terms_world), actor=actor)
        health = _db.session.get(Agency, terms_world["health"])
        with pytest.raises(DomainError, match="Enter why the agency is excluded") as raised:
            services.add_agency(version, agency=health, included=False, reason=" ", actor=actor)
        assert raised.value.field == "reason"
        elsewhere = create_agency(create_partnership())
        with pytest.raises(DomainError, match="partnership's agencies"):
            services.add_agency(version, agency=elsewhere, included=True, reason="", actor=actor)
        services.add_agency(version, agency=health, included=True, reason="", actor=actor)
        with pytest.raises(DomainError, match="already in v1"):
            services.add_agency(version, agency=health, included=True, reason="", actor=actor)
        row = next(r for r in version.agencies if r.agency_id == health.id)
        with pytest.raises(DomainError, match="Enter why"):
            services.update_agency(row, included=False, reason="", actor=actor)
        assert services.update_agency(row, included=False, reason="Not involved", actor=actor) == [
            "included",
            "reason",
        ]
        _db.session.rollback()


def test_matrix_differences_name_what_disagrees(app, db, terms_world):
    actor = terms_world["coordinator"]
    with app.app_context():
        version = services.start_draft(_review(terms_world), actor=actor)
        police = next(r for r in version.agencies if r.agency.code == "POL")
        fire = next(r for r in version.agencies if r.agency.code == "FIRE")
        services.update_agency(police, included=False, reason="Left out", actor=actor)
        services.update_agency(fire, included=True, reason="", actor=actor)
        health = _db.session.get(Agency, terms_world["health"])
        services.add_agency(version, agency=health, included=True, reason="", actor=actor)
        assert queries.matrix_differences(_review(terms_world), version) == [
            "Test Fire is included but the agency matrix asks nothing of it",
            "Test Health is included but is not in the agency matrix",
            "Test Police is excluded but the agency matrix asks it for: individual management review and chronology",
        ]
        _db.session.rollback()


def test_the_diff_shows_each_change_between_versions(app, db, terms_world):
    actor = terms_world["coordinator"]
    with app.app_context():
        v1 = _ready_v1(terms_world)
        workflow.agree(v1, agreed_on=date(2026, 11, 2), actor=actor)
        v2 = services.start_draft(_review(terms_world), actor=actor)
        assert changes(v1, v2) == []
        services.update_draft(v2, actor=actor, scope_from=date(2022, 9, 28), scope_to=v2.scope_to, purpose="Lessons")
        services.update_line(v2.lines[1], text="Reworded", actor=actor)
        services.add_line(v2, text="New question", actor=actor)
        fire = next(r for r in v2.agencies if r.agency.code == "FIRE")
        services.update_agency(fire, included=False, reason="Searched: nothing found", actor=actor)
        found = [(c.subject, c.kind, c.before, c.after) for c in changes(v1, v2)]
        assert found == [
            (
                "Scope period",
                "Changed",
                "28 September 2023 to 28 September 2026",
                "28 September 2022 to 28 September 2026",
            ),
            ("Line of enquiry 2", "Changed", LINE_2, "Reworded"),
            ("Line of enquiry 3", "Added", "", "New question"),
            ("Test Fire", "Changed", "Excluded: No contact with either of them", "Excluded: Searched: nothing found"),
        ]
        assert [c.subject for c in changes(None, v1)][:3] == ["Scope period", "Purpose and notes", "Line of enquiry 1"]
        _db.session.rollback()


def test_discarding_a_draft_keeps_the_agreed_version(app, db, terms_world):
    actor = terms_world["coordinator"]
    with app.app_context():
        v1 = _ready_v1(terms_world)
        workflow.agree(v1, agreed_on=date(2026, 11, 2), actor=actor)
        v2 = services.start_draft(_review(terms_world), actor=actor)
        services.discard_draft(v2, actor=actor)
        assert [v.number for v in workflow.versions_of(_review(terms_world))] == [1]
        assert services.start_draft(_review(terms_world), actor=actor).number == 2
        _db.session.rollback()


def test_evidence_gathering_needs_agreed_terms_not_a_draft(app, db, terms_world):
    actor = terms_world["coordinator"]

    def _declare_chair():
        chair = _db.session.get(ReviewMember, terms_world["members"]["chair"])
        chair.independence_statement, chair.independence_declared_on = "Independent", date(2026, 10, 21)
        return _ready_v1(terms_world).id

    version_id = db.run(_declare_chair)

    def _move():
        review_workflow.transition(_review(terms_world), ReviewStage.EVIDENCE, actor=actor)

    with pytest.raises(review_workflow.TransitionError, match="terms of reference were agreed"):
        db.run(_move)
    db.run(lambda: workflow.agree(_db.session.get(TermsVersion, version_id), agreed_on=date(2026, 11, 2), actor=actor))
    db.run(_move)
    assert db.scalar(select(Review.stage).where(Review.id == terms_world["review"])) is ReviewStage.EVIDENCE
