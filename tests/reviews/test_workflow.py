"""The stage machine: every (from, to) pair allowed or refused, the guards, pause/resume, and history rows."""

import re
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
    (S.APPROVED, S.MONITORING),  # publication withheld with the Home Office's agreement
    (S.NOT_COMMISSIONED, S.DECISION),  # a Home Office challenge, or the Secretary of State's direction
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

    make.actor, make.chair, make.agency = coordinator, chair, agency
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
        (
            S.SUBMITTED,
            {"no_readiness": True},
            "readiness checker fails without an override: A tribute opens both reports",
        ),
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


def test_resuming_is_refused_while_a_guard_of_the_paused_stage_no_longer_holds(app, maker):
    from dhr.reviews import services

    with app.app_context():
        review = maker(S.EVIDENCE)
        transition(review, S.PAUSED, actor=maker.actor, pause_reason=PauseReason.CRIMINAL_TRIAL)
        # The chair stands down during a long trial: evidence gathering cannot go on without one.
        (chair,) = [member for member in review.members if member.role is ReviewRole.CHAIR]
        services.remove_member(chair, actor=maker.actor)
        _db.session.expire(review, ["members"])  # as the next request would load the panel afresh
        with pytest.raises(TransitionError, match="Appoint an independent chair"):
            transition(review, S.EVIDENCE, actor=maker.actor)
        assert (review.stage, review.paused_from_stage) == (S.PAUSED, S.EVIDENCE)
        _db.session.add(_declared_chair(review, maker.chair.id, london_today()))
        _db.session.flush()
        transition(review, S.EVIDENCE, actor=maker.actor)
        assert review.stage is S.EVIDENCE
        _db.session.rollback()


def _targets(moves) -> list[ReviewStage]:
    return [target for target, _blockers in moves]


@pytest.mark.parametrize("source", OPEN, ids=lambda s: s.value)
def test_allowed_moves_are_the_ordinary_edges_in_stage_order(app, maker, source):
    """Pause and withdraw have their own buttons, so the list of next stages never offers them."""
    order = list(ReviewStage)
    expected = sorted((target for edge_source, target in EDGES if edge_source is source), key=order.index)
    with app.app_context():
        review = maker(source)
        assert _targets(workflow.allowed_moves(review)) == expected
        _db.session.rollback()


@pytest.mark.parametrize("source", [*TERMINAL, S.PAUSED], ids=lambda s: s.value)
def test_a_paused_or_finished_review_has_no_ordinary_moves(app, maker, source):
    with app.app_context():
        review = maker(source, paused_from=S.DRAFTING if source is S.PAUSED else None)
        assert workflow.allowed_moves(review) == []
        _db.session.rollback()


def test_allowed_moves_say_what_still_blocks_each_move(app, maker):
    with app.app_context():
        review = maker(S.DECISION, decision=None, complete=False)
        assert workflow.allowed_moves(review) == [
            (S.SET_UP, ["Record a decision to commission the review before set-up"]),
            (S.NOT_COMMISSIONED, ["Record a decision not to commission the review first"]),
        ]
        review.decision, review.decided_on = Decision.COMMISSION, review.notified_on
        assert workflow.allowed_moves(review)[0] == (S.SET_UP, [])
        _db.session.rollback()


def test_entered_on_is_the_latest_entry_into_a_stage(app, maker):
    today = london_today()
    with app.app_context():
        review = maker(S.PANEL_AGREEMENT)
        # Sent back for more drafting twice: the stage's clock runs from the most recent return.
        for days_ago, target in ((20, S.DRAFTING), (15, S.PANEL_AGREEMENT), (5, S.DRAFTING)):
            transition(review, target, actor=maker.actor, effective_on=today - timedelta(days=days_ago))
        assert workflow.entered_on(review, S.DRAFTING) == today - timedelta(days=5)
        assert workflow.entered_on(review, S.PANEL_AGREEMENT) == today - timedelta(days=15)
        assert workflow.entered_on(review, S.NOTIFIED) == today - timedelta(days=30)
        assert workflow.entered_on(review, S.SCOPING) is None
        _db.session.rollback()


def _summaries(review) -> list[str]:
    return list(
        _db.session.scalars(
            select(AuditEvent.summary)
            .where(AuditEvent.action == "review.stage_changed", AuditEvent.review_id == review.id)
            .order_by(AuditEvent.id)
        )
    )


def test_the_audit_log_says_whether_a_review_moved_paused_or_resumed(app, maker):
    with app.app_context():
        review = maker(S.EVIDENCE)
        transition(review, S.PAUSED, actor=maker.actor, pause_reason=PauseReason.INQUEST)
        transition(review, S.EVIDENCE, actor=maker.actor)
        transition(review, S.DRAFTING, actor=maker.actor)
        # Withdrawing a paused review ends it; it is not a resumption.
        transition(review, S.PAUSED, actor=maker.actor, pause_reason=PauseReason.IOPC)
        transition(review, S.WITHDRAWN, actor=maker.actor, reason="Family withdrew consent")
        ref = review.reference
        assert _summaries(review) == [
            f"{ref} paused: Evidence gathering to Paused (Inquest)",
            f"{ref} resumed: Paused to Evidence gathering",
            f"{ref} moved: Evidence gathering to Analysis and drafting",
            f"{ref} paused: Analysis and drafting to Paused (IOPC investigation)",
            f"{ref} moved: Paused to Withdrawn",
        ]
        _db.session.rollback()


def test_history_rows_and_audit_data_keep_the_date_and_pause_reason(app, maker):
    yesterday = london_today() - timedelta(days=1)
    with app.app_context():
        review = maker(S.DRAFTING)
        change = transition(
            review, S.PAUSED, actor=maker.actor, effective_on=yesterday, pause_reason=PauseReason.AWAITING_AGENCY
        )
        assert (change.effective_on, change.pause_reason) == (yesterday, PauseReason.AWAITING_AGENCY)
        event = _db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
        assert event.data == {
            "from": "analysis_drafting",
            "to": "paused",
            "effective_on": yesterday.isoformat(),
            "pause_reason": "awaiting_agency",
        }
        _db.session.rollback()


def test_each_move_stamps_when_the_stage_changed(app, maker, frozen_clock):
    with app.app_context():
        review = maker(S.NOTIFIED)
        frozen_clock.advance(hours=3)
        transition(review, S.SCOPING, actor=maker.actor)
        assert review.stage_changed_at == frozen_clock()
        _db.session.rollback()


def test_a_date_between_earlier_changes_is_refused(app, maker):
    """Only the latest change bounds the date: a date after the first change but before the last is still refused."""
    today = london_today()
    with app.app_context():
        review = maker(S.NOTIFIED)
        transition(review, S.SCOPING, actor=maker.actor, effective_on=today - timedelta(days=10))
        with pytest.raises(TransitionError, match="on or after the last stage change"):
            transition(review, S.DECISION, actor=maker.actor, effective_on=today - timedelta(days=20))
        transition(review, S.DECISION, actor=maker.actor, effective_on=today - timedelta(days=10))
        assert review.stage is S.DECISION
        _db.session.rollback()


def test_submitting_keeps_the_sign_off_and_sending_back_clears_its_notes(app, maker):
    with app.app_context():
        submitted = maker(S.CSP_SIGN_OFF)
        meet_assurance_guards(submitted, S.SUBMITTED)
        signed_off_on = submitted.signed_off_on
        transition(submitted, S.SUBMITTED, actor=maker.actor)
        assert submitted.signed_off_on == signed_off_on
        sent_back = maker(S.CSP_SIGN_OFF)
        sent_back.signed_off_by, sent_back.sign_off_notes = "Chair of the CSP", "Signed off at the board"
        transition(sent_back, S.DRAFTING, actor=maker.actor, reason="Family asked for changes")
        assert (sent_back.signed_off_on, sent_back.signed_off_by, sent_back.sign_off_notes) == (None, "", "")
        _db.session.rollback()


def _unoverride(review, count: int) -> list[str]:
    """Withdraw the overrides of `count` checks; returns the titles of the checks that now fail, in check order."""
    overrides = list(_db.session.scalars(select(ReadinessOverride).where(ReadinessOverride.review_id == review.id)))
    for override in overrides[:count]:
        _db.session.delete(override)
    _db.session.flush()
    _db.session.expire_all()
    return [result.title for result in run_checks(review) if not result.satisfied]


@pytest.mark.parametrize(("failing", "suffix"), [(1, ""), (2, " and 1 more"), (3, " and 2 more")])
def test_the_readiness_guard_names_the_first_failing_check_and_counts_the_rest(app, maker, failing, suffix):
    with app.app_context():
        review = maker(S.CSP_SIGN_OFF)
        meet_assurance_guards(review, S.SUBMITTED)
        titles = _unoverride(review, failing)
        assert len(titles) == failing
        expected = f"The readiness checker fails without an override: {titles[0]}{suffix}"
        assert workflow.unmet_guards(review, S.SUBMITTED) == [expected]
        _db.session.rollback()


def test_the_reason_is_kept_without_surrounding_spaces(app, maker):
    with app.app_context():
        review = maker(S.NOTIFIED)
        change = transition(review, S.SCOPING, actor=maker.actor, reason="  Scoping letters sent \n")
        assert change.reason == "Scoping letters sent"
        _db.session.rollback()


def test_starting_a_review_writes_its_first_history_row_and_stamps_it_at_once(app, maker, frozen_clock):
    today = london_today()
    with app.app_context():
        review = Review(
            partnership_id=maker.actor.partnership_id,
            reference=f"T-{next(_serial)}",
            year=today.year,
            number=1,
            category=DeathCategory.OTHER,
            notified_on=today,
            notifying_agency_id=maker.agency.id,
        )
        _db.session.add(review)
        change = workflow.start(review, actor=maker.actor, effective_on=today)
        # Read before any flush: callers see the stage and its time straight away, not only after the insert.
        assert (review.stage, review.stage_changed_at) == (S.NOTIFIED, frozen_clock())
        _db.session.flush()
        assert review.stage_changes == [change]
        assert (change.from_stage, change.to_stage, change.effective_on, change.actor_id, change.reason) == (
            None,
            S.NOTIFIED,
            today,
            maker.actor.id,
            "Notification recorded",
        )
        _db.session.rollback()


def test_resubmission_is_refused_while_a_readiness_check_fails(app, maker):
    with app.app_context():
        review = maker(S.REVISIONS)
        meet_assurance_guards(review, S.RESUBMITTED)
        (title,) = _unoverride(review, 1)
        with pytest.raises(TransitionError, match=f"readiness checker fails without an override: {re.escape(title)}$"):
            transition(review, S.RESUBMITTED, actor=maker.actor)
        assert review.stage is S.REVISIONS
        _db.session.rollback()


def test_a_registered_guard_stays_a_function_other_code_can_call(app, maker):
    """The review task list calls the closure guard itself to say what still stops closure."""
    from dhr.actions.guards import action_plan_unfinished

    assert action_plan_unfinished in [guard.check for guard in workflow.GUARDS[S.CLOSED]]
    with app.app_context():
        assert action_plan_unfinished(maker(S.MONITORING)) is None  # no recommendations, so nothing is unfinished
        _db.session.rollback()


def test_only_publishing_sets_the_publication_date(app, maker):
    with app.app_context():
        review = maker(S.NOTIFIED)
        for target in (S.SCOPING, S.DECISION):
            transition(review, target, actor=maker.actor)
            assert review.published_on is None, target
        _db.session.rollback()


def test_other_panel_members_do_not_stand_in_for_the_chair(app, maker):
    with app.app_context():
        review = maker(S.SET_UP, complete=False)
        review.decision, review.decided_on = Decision.COMMISSION, review.notified_on
        review.terms_of_reference_agreed_on = review.notified_on
        # Declared and independent, but neither is the chair.
        for user, role in ((maker.actor, ReviewRole.AUTHOR), (maker.chair, ReviewRole.PANEL_MEMBER)):
            member = _declared_chair(review, user.id, review.notified_on)
            member.role, member.agency_id = role, maker.agency.id
            _db.session.add(member)
        _db.session.flush()
        assert workflow.unmet_guards(review, S.EVIDENCE) == ["Appoint an independent chair before gathering evidence"]
        _db.session.rollback()


def test_a_history_that_never_reached_approval_cannot_be_published(app, maker):
    with app.app_context():
        review = maker(S.APPROVED, complete=False)
        meet_assurance_guards(review, S.PUBLISHED)
        for source, target in ((S.EVIDENCE, S.DRAFTING), (S.PUBLISHED, S.MONITORING)):
            _db.session.add(
                StageChange(review=review, from_stage=source, to_stage=target, effective_on=review.notified_on)
            )
        _db.session.flush()
        assert workflow.unmet_guards(review, S.PUBLISHED) == [
            "You cannot publish without the Home Office QA panel's approval"
        ]
        _db.session.rollback()


def test_the_app_installs_every_guard_from_the_one_list(app):
    """No guard registers itself on import: the stage moves hold exactly what dhr/wiring.py lists."""
    from dhr.wiring import GUARDS as LISTED

    assert workflow.installed() == list(LISTED)
    guarded = {target: [guard.check.__name__ for guard in workflow.GUARDS[target]] for target in workflow.GUARDS}
    assert guarded == {
        S.SET_UP: ["commissioned"],
        S.NOT_COMMISSIONED: ["not_commissioned"],
        S.EVIDENCE: ["chair_appointed", "chair_declared", "terms_agreed"],
        S.DRAFTING: ["evidence_outstanding"],
        S.CSP_SIGN_OFF: ["readiness_outstanding"],
        S.SUBMITTED: ["signed_off", "ready_for_quality_assurance", "submission_recorded"],
        S.RESUBMITTED: ["ready_for_quality_assurance", "points_answered_and_resubmission_recorded"],
        S.QA_FEEDBACK: ["letter_about_latest_submission"],
        S.APPROVED: ["letter_approves"],
        S.REVISIONS: ["letter_asks_for_resubmission"],
        S.PUBLISHED: ["approved", "publication_recorded"],
        S.MONITORING: ["published_or_withheld"],
        S.CLOSED: ["action_plan_unfinished"],
    }


def test_every_guard_with_a_task_is_on_the_task_list_of_a_stage_that_moves_into_its_target():
    from dhr.reviews.stages import TRANSITIONS

    for guard in workflow.installed():
        if guard.task:
            assert any(target in TRANSITIONS[stage] for target in guard.targets for stage in TRANSITIONS), guard
            assert guard.endpoint, guard


def test_drafting_with_agency_evidence_outstanding_needs_a_recorded_reason(app, maker):
    from dhr.evidence.models import AgencyInvolvement
    from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired

    with app.app_context():
        review = maker(S.EVIDENCE)
        request = AgencyInvolvement(
            review_id=review.id,
            agency_id=maker.agency.id,
            output=OutputRequired.IMR,
            status=EvidenceStatus.SUBMITTED,
            contact_victim=Contact.YES,
            contact_perpetrator=Contact.UNKNOWN,
            contact_children=Contact.UNKNOWN,
        )
        _db.session.add(request)
        _db.session.flush()
        expected = f"Agency evidence is outstanding: {maker.agency.name} (submitted, not yet accepted)"
        assert workflow.skipped_work(review, S.DRAFTING) == [expected]
        assert workflow.unmet_guards(review, S.DRAFTING) == []  # work skipped, not a refusal
        with pytest.raises(TransitionError, match="Enter why the review moves on without it"):
            transition(review, S.DRAFTING, actor=maker.actor)
        change = transition(review, S.DRAFTING, actor=maker.actor, reason="The police IMR follows the trial")
        assert change.reason == "The police IMR follows the trial"
        # Going back to drafting from a later stage does not ask again.
        review.stage = S.PANEL_AGREEMENT  # test set-up only
        assert workflow.skipped_work(review, S.DRAFTING) == []
        review.stage = S.EVIDENCE
        request.status = EvidenceStatus.ACCEPTED
        assert workflow.skipped_work(review, S.DRAFTING) == []
        _db.session.rollback()


def test_publication_deferred_keeps_its_clock_and_withheld_settles_it_and_opens_monitoring(app, maker):
    from dhr.assurance import services as assurance
    from dhr.assurance.stages import HoldKind
    from dhr.clocks.service import clocks_for

    with app.app_context():
        review = maker(S.APPROVED)
        approved_on = london_today() - timedelta(days=20)
        _db.session.add(
            StageChange(review=review, from_stage=S.QA_FEEDBACK, to_stage=S.APPROVED, effective_on=approved_on)
        )
        _db.session.flush()
        with pytest.raises(TransitionError, match="withhold"):
            transition(review, S.MONITORING, actor=maker.actor)
        with pytest.raises(assurance.AssuranceError, match="look at the deferral again"):
            assurance.record_publication_hold(
                review,
                kind=HoldKind.DEFERRED,
                reason="Appeal",
                decided_on=london_today(),
                review_on=None,
                home_office_agreed_on=None,
                actor=maker.actor,
            )
        assurance.record_publication_hold(
            review,
            kind=HoldKind.DEFERRED,
            reason="Appeal pending",
            decided_on=london_today(),
            review_on=london_today() + timedelta(days=90),
            home_office_agreed_on=None,
            actor=maker.actor,
        )
        _db.session.expire(review, ["publication_hold"])
        publication = next(c for c in clocks_for(review) if c.key == "publication")
        assert publication.is_open  # deferred: still to be published
        with pytest.raises(TransitionError, match="withhold"):
            transition(review, S.MONITORING, actor=maker.actor)
        assurance.record_publication_hold(
            review,
            kind=HoldKind.WITHHELD,
            reason="It would identify a surviving child",
            decided_on=london_today(),
            review_on=None,
            home_office_agreed_on=london_today(),
            actor=maker.actor,
        )
        _db.session.expire(review, ["publication_hold"])
        settled = next(c for c in clocks_for(review) if c.key == "publication")
        assert not settled.is_open  # withheld: nothing left to publish (late here, so it shows as overtaken)
        assert settled.state.value == "missed"
        transition(review, S.MONITORING, actor=maker.actor)
        assert review.stage is S.MONITORING
        _db.session.rollback()


def test_sign_off_with_readiness_checks_failing_needs_a_recorded_reason(app, maker):
    with app.app_context():
        review = maker(S.FAMILY_SIGHT, complete=False)  # no draft: the readiness checks fail
        (skipped,) = workflow.skipped_work(review, S.CSP_SIGN_OFF)
        assert skipped.startswith("Readiness checks still fail: ")
        with pytest.raises(TransitionError, match="Enter why the review moves on without it"):
            transition(review, S.CSP_SIGN_OFF, actor=maker.actor)
        change = transition(review, S.CSP_SIGN_OFF, actor=maker.actor, reason="The board meets before the chair ends")
        assert change.reason == "The board meets before the chair ends"
        _db.session.rollback()
