"""The stage machine: every (from, to) pair allowed or refused, the guards, pause/resume, and history rows."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.permissions import ReviewRole, Role
from dhr.readiness.checks import run_checks
from dhr.readiness.models import ReadinessOverride
from dhr.reviews import workflow
from dhr.reviews.models import DeathCategory, Decision, Review, ReviewMember, StageChange
from dhr.reviews.stages import TERMINAL, TRANSITIONS, PauseReason, ReviewStage
from dhr.reviews.workflow import TransitionError, transition
from tests.assurance.helpers import meet_assurance_guards
from tests.factories import create_agency, create_partnership, create_user

_serial = iter(range(1, 1_000_000))

S = ReviewStage
OPEN = [s for s in ReviewStage if s not in TERMINAL and s is not S.PAUSED]

# The main line and its deliberate steps back, written out by hand from the brief (not read from the code).
EDGES = {
    (S.NOTIFIED, S.SCOPING),
    (S.NOTIFIED, S.DECISION),
    (S.SCOPING, S.DECISION),
    (S.DECISION, S.SET_UP),
    (S.DECISION, S.NOT_COMMISSIONED),
    (S.SET_UP, S.EVIDENCE),
    (S.EVIDENCE, S.DRAFTING),
    (S.DRAFTING, S.PANEL_AGREEMENT),
    (S.PANEL_AGREEMENT, S.FAMILY_SIGHT),
    (S.PANEL_AGREEMENT, S.DRAFTING),
    (S.FAMILY_SIGHT, S.CSP_SIGN_OFF),
    (S.FAMILY_SIGHT, S.DRAFTING),
    (S.CSP_SIGN_OFF, S.SUBMITTED),
    (S.CSP_SIGN_OFF, S.DRAFTING),
    (S.SUBMITTED, S.QA_FEEDBACK),
    (S.QA_FEEDBACK, S.REVISIONS),
    (S.QA_FEEDBACK, S.APPROVED),
    (S.REVISIONS, S.RESUBMITTED),
    (S.RESUBMITTED, S.QA_FEEDBACK),
    (S.RESUBMITTED, S.APPROVED),
    (S.APPROVED, S.PUBLISHED),
    (S.PUBLISHED, S.MONITORING),
    (S.PUBLISHED, S.CLOSED),
    (S.MONITORING, S.CLOSED),
}
# Every open stage can be paused and withdrawn; a paused review can be withdrawn or resumed where it was.
EXPECTED = EDGES | {(s, S.PAUSED) for s in OPEN} | {(s, S.WITHDRAWN) for s in OPEN} | {(S.PAUSED, S.WITHDRAWN)}


def test_the_transition_table_is_exactly_the_expected_edges():
    actual = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert actual == EXPECTED


def _declared_chair(review, user_id: int, on) -> ReviewMember:
    """A chair with a dated declaration of independence, as evidence gathering needs."""
    return ReviewMember(
        review=review,
        user_id=user_id,
        role=ReviewRole.CHAIR,
        independence_statement="Independent of every agency involved",
        independence_declared_on=on,
    )


def override_failing_checks(review) -> None:
    """Set-up only: record, directly, an override of each failing readiness check against what it finds now."""
    for result in run_checks(review):
        if not result.satisfied:
            _db.session.add(
                ReadinessOverride(review_id=review.id, check_key=result.key, reason="-", detail=result.outcome.detail)
            )


@pytest.fixture
def maker(app, db):
    """make(stage) builds a review at `stage` with every guard satisfied, inside the caller's app context."""

    def _setup():
        partnership = create_partnership()
        return create_user(partnership, Role.COORDINATOR), create_user(partnership), create_agency(partnership)

    coordinator, chair, agency = db.run(_setup)

    def make(stage: ReviewStage, *, decision=Decision.COMMISSION, paused_from=None, complete=True):
        past = london_today() - timedelta(days=30)
        review = Review(
            partnership_id=coordinator.partnership_id,
            reference=f"T-{next(_serial)}",
            year=2026,
            number=1,
            category=DeathCategory.OTHER,
            notified_on=past,
            notifying_agency_id=agency.id,
        )
        _db.session.add(review)
        workflow.start(review, actor=coordinator, effective_on=past)
        review.stage = stage  # test set-up only: the app itself never assigns a stage outside the workflow
        if paused_from is not None:
            review.paused_from_stage, review.pause_reason = paused_from, PauseReason.INQUEST
        if complete:
            review.decision, review.decided_on = decision, (past if decision else None)
            review.terms_of_reference_agreed_on, review.signed_off_on = past, past
            _db.session.add(_declared_chair(review, chair.id, past))
            _db.session.add(
                StageChange(review=review, from_stage=S.QA_FEEDBACK, to_stage=S.APPROVED, effective_on=past)
            )
            _db.session.flush()
            # No draft is written here: every readiness check is overridden (its own tests are in tests/readiness).
            override_failing_checks(review)
        _db.session.flush()
        return review

    make.actor, make.chair = coordinator, chair
    return make


def _attempt(make, source, target):
    paused_from = S.EVIDENCE if source is S.PAUSED else None
    decision = Decision.NOT_COMMISSION if target is S.NOT_COMMISSIONED else Decision.COMMISSION
    review = make(source, decision=decision, paused_from=paused_from)
    meet_assurance_guards(review, target)
    transition(
        review,
        target,
        actor=make.actor,
        reason="Because",
        pause_reason=PauseReason.CRIMINAL_TRIAL if target is S.PAUSED else None,
    )
    return review


@pytest.mark.parametrize("source", list(ReviewStage), ids=lambda s: s.value)
def test_every_pair_from_a_stage(app, maker, source):
    """Each (source, target): allowed pairs succeed with guards met; every other pair is refused."""
    with app.app_context():
        for target in ReviewStage:
            allowed = (source, target) in EXPECTED or (source is S.PAUSED and target is S.EVIDENCE)
            if allowed:
                review = _attempt(maker, source, target)
                assert review.stage is target, (source, target)
            else:
                with pytest.raises(TransitionError, match="cannot move"):
                    _attempt(maker, source, target)
        _db.session.rollback()


@pytest.mark.parametrize(
    ("target", "setup", "message"),
    [
        (S.SET_UP, {"decision": None}, "Record a decision to commission"),
        (S.SET_UP, {"decision": Decision.NOT_COMMISSION}, "Record a decision to commission"),
        (S.NOT_COMMISSIONED, {"decision": Decision.COMMISSION}, "Record a decision not to commission"),
        (S.EVIDENCE, {"no_chair": True}, "Appoint an independent chair"),
        (S.EVIDENCE, {"undeclared_chair": True}, "Record the chair's declaration of independence"),
        (S.EVIDENCE, {"no_terms": True}, "terms of reference were agreed"),
        (S.SUBMITTED, {"no_sign_off": True}, "without a CSP sign-off record"),
        (S.SUBMITTED, {"no_readiness": True}, "readiness checker fails without an override: A tribute is present"),
        (S.PUBLISHED, {"no_approval": True}, "without the Home Office QA panel's approval"),
    ],
)
def test_guards_refuse_with_a_clear_message(app, maker, target, setup, message):
    source = {
        S.SET_UP: S.DECISION,
        S.NOT_COMMISSIONED: S.DECISION,
        S.EVIDENCE: S.SET_UP,
        S.SUBMITTED: S.CSP_SIGN_OFF,
        S.PUBLISHED: S.APPROVED,
    }[target]
    with app.app_context():
        complete = not any(key.startswith(("no_", "undeclared_")) for key in setup)
        review = maker(source, decision=setup.get("decision", Decision.COMMISSION), complete=complete)
        if not complete:
            review.decision, review.decided_on = Decision.COMMISSION, review.notified_on
            review.terms_of_reference_agreed_on = None if setup.get("no_terms") else review.notified_on
            review.signed_off_on = None if setup.get("no_sign_off") else review.notified_on
            if not setup.get("no_readiness"):
                _db.session.flush()
                override_failing_checks(review)
            if not setup.get("no_chair"):
                _db.session.add(_declared_chair(review, maker.actor.id, review.notified_on))
            if setup.get("undeclared_chair"):
                # A second chair (co-chairs) who has not declared holds the review in set-up as well.
                _db.session.add(ReviewMember(review=review, user_id=maker.chair.id, role=ReviewRole.CHAIR))
            _db.session.flush()
        if "decision" in setup and setup["decision"] is None:
            review.decision = review.decided_on = None
        with pytest.raises(TransitionError, match=message):
            transition(review, target, actor=maker.actor)
        assert review.stage is source
        _db.session.rollback()


def test_pause_needs_a_reason_and_withdraw_needs_an_explanation(app, maker):
    with app.app_context():
        review = maker(S.DRAFTING)
        with pytest.raises(TransitionError, match="Select why the review is paused"):
            transition(review, S.PAUSED, actor=maker.actor)
        with pytest.raises(TransitionError, match="Enter why the review is being withdrawn"):
            transition(review, S.WITHDRAWN, actor=maker.actor, reason="  ")
        _db.session.rollback()


def test_resume_returns_to_the_stage_it_was_paused_in(app, maker):
    with app.app_context():
        review = maker(S.DRAFTING)
        transition(review, S.PAUSED, actor=maker.actor, pause_reason=PauseReason.IOPC)
        assert (review.stage, review.paused_from_stage, review.pause_reason) == (S.PAUSED, S.DRAFTING, PauseReason.IOPC)
        with pytest.raises(TransitionError, match="cannot move"):
            transition(review, S.PANEL_AGREEMENT, actor=maker.actor)
        transition(review, S.DRAFTING, actor=maker.actor)
        assert (review.stage, review.paused_from_stage, review.pause_reason) == (S.DRAFTING, None, None)
        _db.session.rollback()


def test_dates_cannot_be_in_the_future_or_before_the_last_change(app, maker):
    with app.app_context():
        review = maker(S.NOTIFIED)
        with pytest.raises(TransitionError, match="today or in the past"):
            transition(review, S.SCOPING, actor=maker.actor, effective_on=london_today() + timedelta(days=1))
        with pytest.raises(TransitionError, match="on or after the last stage change"):
            transition(review, S.SCOPING, actor=maker.actor, effective_on=london_today() - timedelta(days=400))
        _db.session.rollback()


def test_each_change_writes_history_and_an_audit_event(app, maker):
    with app.app_context():
        review = maker(S.NOTIFIED)
        transition(review, S.SCOPING, actor=maker.actor, reason="Scoping letters sent")
        change = review.stage_changes[-1]
        assert (change.from_stage, change.to_stage, change.reason, change.actor_id) == (
            S.NOTIFIED,
            S.SCOPING,
            "Scoping letters sent",
            maker.actor.id,
        )
        event = _db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "review.stage_changed").order_by(AuditEvent.id.desc())
        )
        assert event.review_id == review.id
        assert event.data["from"] == "notified"
        assert event.data["to"] == "scoping"
        _db.session.rollback()


def test_publishing_sets_the_publication_date(app, maker):
    with app.app_context():
        review = maker(S.APPROVED)
        meet_assurance_guards(review, S.PUBLISHED)
        transition(review, S.PUBLISHED, actor=maker.actor)
        assert review.published_on == london_today()
        _db.session.rollback()


def _stage_assignments(tree) -> list[int]:
    """Line numbers that set a review's stage: `x.stage = ...` (also in tuples), setattr(x, "stage", ...),
    or Review(..., stage=...)."""
    import ast

    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Attribute) and leaf.attr == "stage" and isinstance(leaf.ctx, ast.Store):
                    lines.append(node.lineno)
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "setattr" and len(node.args) > 1 and getattr(node.args[1], "value", None) == "stage":
                lines.append(node.lineno)
            if name == "Review" and any(k.arg == "stage" for k in node.keywords):
                lines.append(node.lineno)
    return lines


def test_nothing_outside_the_workflow_assigns_a_stage():
    import ast

    root = Path(__file__).resolve().parents[2] / "dhr"
    offenders = [
        f"{path.relative_to(root)}:{line}"
        for path in root.rglob("*.py")
        if path.name != "workflow.py"
        for line in _stage_assignments(ast.parse(path.read_text()))
    ]
    assert offenders == []
    # The detector itself finds each way of assigning.
    sample = "r.stage = 1\nr.stage, x = 1, 2\nsetattr(r, 'stage', 1)\nReview(stage=1)\nr.stage == 1\n"
    assert _stage_assignments(ast.parse(sample)) == [1, 2, 3, 4]


def test_sending_the_report_back_voids_the_sign_off(app, maker):
    with app.app_context():
        review = maker(S.CSP_SIGN_OFF)
        assert review.signed_off_on is not None
        transition(review, S.DRAFTING, actor=maker.actor, reason="Family asked for changes")
        assert (review.signed_off_on, review.signed_off_by) == (None, "")
        _db.session.rollback()


def test_the_database_refuses_inconsistent_pause_fields(app, maker):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        review = maker(S.DRAFTING)
        review.pause_reason = PauseReason.INQUEST  # paused reason without being paused
        with pytest.raises(IntegrityError):
            _db.session.flush()
        _db.session.rollback()
