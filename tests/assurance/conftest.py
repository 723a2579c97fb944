"""A partnership with a coordinator, chair, author, panel member and observer, and reviews walked to CSP sign-off."""

from datetime import date

import pytest

from dhr.agencies.models import AgencyKind
from dhr.assurance import qa
from dhr.assurance import services as assurance
from dhr.assurance.stages import CopyRecipient, QaOutcome, SendMethod
from dhr.panel.seed import declare_chair
from dhr.permissions import ReviewRole, Role
from dhr.readiness import services as readiness
from dhr.readiness.checks import run_checks
from dhr.reviews import services, workflow
from dhr.reviews.models import DeathCategory, Decision, Review
from dhr.reviews.stages import ReviewStage
from dhr.terms import services as terms_services
from dhr.terms import workflow as terms_workflow
from tests.factories import create_agency, create_partnership, create_review, create_user

S = ReviewStage
SIGN_OFF_REACHED = date(2026, 7, 1)
MEMBER_ROLES = {
    "chair": ReviewRole.CHAIR,
    "author": ReviewRole.AUTHOR,
    "panel": ReviewRole.PANEL_MEMBER,
    "observer": ReviewRole.OBSERVER,
}


def build_people() -> dict:
    """The partnership and one user per role (call inside an app context)."""
    partnership = create_partnership(name="Assurance Partnership", prefix="AQA")
    agency = create_agency(partnership, code="AQ-P", kind=AgencyKind.POLICE)
    return {
        "partnership": partnership,
        "agency": agency,
        "coordinator": create_user(partnership, Role.COORDINATOR, name="Cora Ordinator"),
        "chair": create_user(partnership, name="Chair Person"),
        "author": create_user(partnership, name="Author Person"),
        "panel": create_user(partnership, agency=agency, name="Panel Person"),
        "observer": create_user(partnership, name="Observer Person"),
    }


def walk_to_sign_off(people: dict) -> Review:
    """A commissioned review at CSP sign-off (reached 1 July 2026), with every member role filled."""
    coordinator = people["coordinator"]
    review = create_review(
        people["partnership"],
        coordinator=coordinator,
        agency=people["agency"],
        notified_on=date(2026, 1, 5),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=date(2026, 1, 2),
        place_of_death="Westminster",
        police_force_area="Metropolitan Police",
        circumstances="CNRY-CIRCUMSTANCES",
        victim="Adult A",
        real_name="CNRY-REALNAME",
    )
    services.record_decision(
        review,
        decision=Decision.COMMISSION,
        decided_on=date(2026, 1, 20),
        decision_maker="Decision group",
        rationale="Criteria met",
        actor=coordinator,
    )
    for key, role in MEMBER_ROLES.items():
        agency = people["agency"] if role.needs_agency else None
        services.add_member(review, user=people[key], role=role, agency=agency, actor=coordinator)
    declare_chair(review, date(2026, 1, 25), coordinator)
    terms = terms_services.start_draft(review, actor=coordinator)
    terms_services.update_draft(
        terms, actor=coordinator, scope_from=date(2024, 1, 1), scope_to=date(2026, 1, 2), purpose="To learn lessons."
    )
    terms_services.add_line(terms, text="What did agencies know of the risk?", actor=coordinator)
    terms_workflow.agree(terms, agreed_on=date(2026, 2, 1), actor=coordinator)
    for stage, on in (
        (S.EVIDENCE, date(2026, 2, 2)),
        (S.DRAFTING, date(2026, 4, 1)),
        (S.PANEL_AGREEMENT, date(2026, 5, 1)),
        (S.FAMILY_SIGHT, date(2026, 6, 1)),
    ):
        workflow.transition(review, stage, actor=coordinator, effective_on=on)
    # No report is drafted here: readiness is tested in tests/readiness, so every failing check is overridden
    # (before sign-off, which warns of failing checks otherwise).
    for result in run_checks(review):
        if not result.satisfied:
            readiness.override(review, result.key, reason="Checked outside this test", actor=coordinator)
    workflow.transition(review, S.CSP_SIGN_OFF, actor=coordinator, effective_on=SIGN_OFF_REACHED)
    return review


def sign_off(review, actor, on=date(2026, 7, 10), minute="SWP board 10 July 2026, item 5", body="SWP board"):
    """Record a sign-off through the service."""
    return assurance.record_sign_off(
        review,
        signed_off_on=on,
        signed_off_by="Chair of the board",
        body=body,
        minute_reference=minute,
        notes="CNRY-SIGNOFF-NOTES",
        actor=actor,
    )


def submit(review, actor, on=date(2026, 7, 14), versions="Overview report v1.0; Action plan v1.0"):
    """Record a submission (or resubmission, at Revisions) through the service."""
    return assurance.record_submission(
        review,
        sent_on=on,
        method=SendMethod.SECURE_EMAIL,
        versions_sent=versions,
        notes="CNRY-SUBMISSION-NOTES",
        actor=actor,
    )


def copy_to_commissioner(review, actor, on=date(2026, 7, 15), recipient=CopyRecipient.COMMISSIONER):
    """Record the copy of the report through the service."""
    return assurance.record_report_copy(
        review,
        recipient=recipient,
        sent_on=on,
        method=SendMethod.EMAIL,
        what_sent="Overview report v1.0",
        notes="",
        actor=actor,
    )


POINTS = (
    "1. Analyse coercive control in section 16.\n2. Add a tribute agreed with the family.\n"
    "3. Make recommendation 4 specific."
)


def qa_letter(
    review, actor, outcome=QaOutcome.SUBJECT_TO_CHANGES, received=date(2026, 9, 1), points=POINTS, panel=None
):
    """Record a QA letter through the service: panel four weeks and letter two days before it arrived."""
    from datetime import timedelta

    return qa.record_qa_letter(
        review,
        panel_on=panel or received - timedelta(days=28),
        letter_dated_on=received - timedelta(days=2),
        received_on=received,
        outcome=outcome,
        positives="A sensitive report.",
        points_text=points,
        actor=actor,
    )


def close_points(letter, actor) -> None:
    """Mark every point of the letter addressed."""
    from dhr.assurance.stages import PointStatus

    for point in letter.points:
        qa.respond_to_point(
            point,
            status=PointStatus.ADDRESSED,
            response=f"Done for point {point.number}",
            paragraphs_changed="6.2",
            not_accepted_reason="",
            actor=actor,
        )


@pytest.fixture
def people(app, db, frozen_clock):
    """Users for each role, created and committed (the clock is frozen at 25 November 2026)."""
    return db.run(build_people)
