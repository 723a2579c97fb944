"""The readiness checker: each rule passing and failing, overrides, and the guard on submission."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dhr.assurance import services as assurance
from dhr.assurance.stages import SendMethod
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.drafting import services as drafting
from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW
from dhr.extensions import db as _db
from dhr.panel.services import record_declarations
from dhr.permissions import ReviewRole
from dhr.readiness import services
from dhr.readiness.checks import active_overrides, run_checks
from dhr.recommendations.scopes import Scope
from dhr.reviews import workflow
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from dhr.terms import services as terms
from tests.drafting.drafting_world import build_drafting_world
from tests.factories import write_past_the_shield

NINE = (
    "Her age, any disability, gender reassignment, marriage and civil partnership, pregnancy and maternity, race, "
    "religion or belief, sex and sexual orientation were all considered."
)


@pytest.fixture
def review(app, db):
    """R1 of the drafting world, inside an app context; the chair writes as `review.chair`."""
    world = db.run(build_drafting_world)
    with app.test_request_context():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        review.chair = _db.session.get(User, world["users"]["chair"].id)
        review.coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        review.world = world
        yield review
        _db.session.rollback()


def write(review, key: str, body: str, document=OVERVIEW) -> None:
    current = drafting.section_of(review, document, key)
    drafting.save_section(
        review,
        document,
        document.section(key),
        body=body,
        base_revision=current.revision if current else 0,
        actor=review.chair,
    )


def check(review, key: str):
    return next(result for result in run_checks(review) if result.key == key).outcome


def test_a_tribute_opens_both_reports_or_the_family_gave_a_reason_for_none(review):
    from dhr.family import services as family

    assert not check(review, "tribute").passed
    write(review, "tribute", "She loved music.\n\nThe panel offers its condolences.")
    outcome = check(review, "tribute")
    assert (outcome.passed, outcome.slug, outcome.section) == (False, "executive-summary", "review_process")
    assert "Executive Summary does not carry the tribute" in outcome.detail
    write(review, "review_process", "She   loved music!\n\nThis review looks at her death.", EXECUTIVE_SUMMARY)
    assert check(review, "tribute").passed
    write(review, "review_process", "This review looks at her death.", EXECUTIVE_SUMMARY)
    assert not check(review, "tribute").passed
    family.record_no_tribute(review, reason="The family asked for no tribute", actor=review.coordinator)
    outcome = check(review, "tribute")
    assert outcome.passed
    assert "asked" not in outcome.detail  # the reason stays in the family log


def test_outstanding_agency_evidence_fails_until_accepted(review):
    from dhr.agencies.models import Agency
    from dhr.evidence.models import AgencyInvolvement
    from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired

    agency = _db.session.scalar(select(Agency).where(Agency.partnership_id == review.partnership_id))
    requests = _db.session.scalars(select(AgencyInvolvement).where(AgencyInvolvement.review_id == review.id)).all()
    for other in requests[1:]:
        other.status = EvidenceStatus.ACCEPTED  # test set-up: one request is followed here
    request = requests[0] if requests else None
    if request is None:
        request = AgencyInvolvement(
            review_id=review.id,
            agency_id=agency.id,
            output=OutputRequired.IMR,
            contact_victim=Contact.YES,
            contact_perpetrator=Contact.UNKNOWN,
            contact_children=Contact.UNKNOWN,
        )
        _db.session.add(request)
    name = _db.session.get(Agency, request.agency_id).name
    for status, shown in (
        (EvidenceStatus.REQUESTED, "requested"),
        (EvidenceStatus.SUBMITTED, "submitted, not yet accepted"),
        (EvidenceStatus.RETURNED, "returned for amendment"),
    ):
        request.status = status  # test set-up: the workflow's own tests move it
        _db.session.flush()
        outcome = check(review, "evidence")
        assert not outcome.passed
        assert f"{name} ({shown})" in outcome.detail
        assert outcome.page == "evidence.matrix"
    request.status = EvidenceStatus.ACCEPTED
    _db.session.flush()
    assert check(review, "evidence").passed

    # Owed but never asked for is outstanding too; owing nothing is not.
    request.status, request.output = EvidenceStatus.NOT_REQUESTED, OutputRequired.CHRONOLOGY
    _db.session.flush()
    assert f"{name} (not yet requested)" in check(review, "evidence").detail
    request.output, request.exclusion_reason = OutputRequired.NONE, "No contact with either party"
    _db.session.flush()
    assert check(review, "evidence").passed


def test_the_action_plan_needs_an_action_for_every_recommendation(review):
    from dhr.actions.models import Action
    from dhr.recommendations.models import Recommendation

    recorded = _db.session.scalars(select(Recommendation).where(Recommendation.review_id == review.id)).all()
    for item in recorded:
        for action in list(item.actions):
            _db.session.delete(action)
        _db.session.delete(item)
    _db.session.flush()
    outcome = check(review, "action_plan")
    assert not outcome.passed
    assert "Record the recommendations" in outcome.detail
    from tests.factories import create_agency

    agency = create_agency(review.partnership)
    first, second = (
        Recommendation(review_id=review.id, number=n, text=f"Recommendation {n}", scope=Scope.LOCAL, answers=[])
        for n in (1, 2)
    )
    _db.session.add_all([first, second])
    _db.session.flush()
    _db.session.add(
        Action(recommendation_id=first.id, review_id=review.id, action="Train staff", lead_agency_id=agency.id)
    )
    _db.session.flush()
    _db.session.expire_all()
    outcome = check(review, "action_plan")
    assert (outcome.passed, outcome.detail) == (False, "Agree at least one action for: R2.")


def test_the_terms_of_reference_must_be_in_section_4_with_every_line_of_enquiry(review):
    from dhr.terms.queries import current_terms

    assert not check(review, "terms").passed
    version = current_terms(review)
    lines = [line.text for line in version.lines] if version else []
    write(review, "terms_of_reference", "The review looked at the following.\n\n" + "\n\n".join(lines[:-1]))
    outcome = check(review, "terms")
    if lines:
        assert not outcome.passed
        assert outcome.detail == f"Section 4 leaves out lines of enquiry {version.lines[-1].number}."
    write(review, "terms_of_reference", "The review looked at the following.\n\n" + "\n\n".join(lines))
    assert check(review, "terms").passed


def test_the_perpetrators_account_is_sought_or_the_reason_recorded(review):
    from dhr.family import services as family
    from dhr.family.stages import PerpetratorContact
    from dhr.reviews import services as reviews
    from dhr.reviews.models import PersonRole

    if not any(p.role is PersonRole.PERPETRATOR for p in review.people):
        assert check(review, "perpetrator").passed
        reviews.add_person(
            review,
            actor=review.coordinator,
            role=PersonRole.PERPETRATOR,
            pseudonym="Mr B",
            real_name="",
            aliases="",
            date_of_birth=None,
            living=True,
            relationship_to_victim="Partner",
        )
        _db.session.expire(review, ["people"])
    outcome = check(review, "perpetrator")
    assert (outcome.passed, outcome.page) == (False, "family.overview")
    with pytest.raises(Exception, match="Enter why the perpetrator was not approached"):
        family.record_perpetrator_contact(
            review, contact=PerpetratorContact.NOT_APPROACHED, contacted_on=None, detail=" ", actor=review.coordinator
        )
    family.record_perpetrator_contact(
        review,
        contact=PerpetratorContact.NOT_APPROACHED,
        contacted_on=None,
        detail="Police advice while the appeal is live",
        actor=review.coordinator,
    )
    assert check(review, "perpetrator").passed


def test_family_engagement_section(review):
    outcome = check(review, "family")
    assert not outcome.passed
    assert "record in the family log why" in outcome.detail
    write(review, "involvement_of_family", "The chair met her mother twice.")
    assert check(review, "family").passed


def test_equality_needs_a_judgement_on_every_characteristic_not_keywords(review):
    from dhr.drafting import equality
    from dhr.reports.context import overview_context

    # The nine named is a list, not an analysis: it no longer passes.
    write(review, "equality_and_diversity", NINE)
    outcome = check(review, "equality")
    assert (outcome.passed, outcome.page) == (False, "drafting.edit_equality")
    assert outcome.detail == "Judge each of the nine protected characteristics for section 11."
    analysis = (
        "She was 67. Agencies treated her falls as frailty, not as possible assault, and the GP's records show no "
        "routine enquiry about abuse at any of her eleven appointments in the last year of her life."
    )
    answers = dict.fromkeys(equality.CHARACTERISTICS, (False, "Nothing in the records suggests it bore on events."))
    answers["Age"] = (True, analysis)
    answers["Disability"] = (True, "Her sight loss.")  # a phrase, not a paragraph
    del answers["Sexual orientation"]
    equality.save_judgements(review, answers, actor=review.chair)
    outcome = check(review, "equality")
    assert not outcome.passed
    assert "Disability: judged relevant, so it needs a paragraph of analysis (30 words)" in outcome.detail
    assert "Sexual orientation: not judged" in outcome.detail
    answers["Disability"] = (True, analysis.replace("frailty", "her sight loss"))
    answers["Sexual orientation"] = (False, "Both were heterosexual; nothing suggests it bore on events.")
    equality.save_judgements(review, answers, actor=review.chair)
    assert check(review, "equality").passed
    # Section 11 prints the drafted text, then each relevant characteristic under its subheading, then the rest.
    section = overview_context(review, number=0).section("equality_and_diversity")  # the working text
    headings = [p.text for p in section.paragraphs if p.heading]
    assert headings == ["Age", "Disability", "Characteristics the panel judged not relevant"]
    numbered = [p.text for p in section.paragraphs if not p.heading]
    assert numbered[0] == NINE
    assert numbered[1] == analysis
    assert "Sexual orientation: Both were heterosexual; nothing suggests it bore on events." in numbered
    assert [p.number for p in section.paragraphs if not p.heading][:2] == ["11.1", "11.2"]


def test_forms_of_abuse_must_be_defined_where_referenced(review):
    assert check(review, "definitions").passed  # nothing referenced yet
    write(review, "analysis", "There was evidence of coercive control and stalking.")
    outcome = check(review, "definitions")
    assert not outcome.passed
    assert "coercive control, stalking" in outcome.detail
    write(review, "analysis", "Coercive control is defined in the Serious Crime Act 2015. There was stalking.")
    write(review, "appendix_glossary", "Stalking: a pattern of fixated, obsessive and unwanted behaviour.")
    assert check(review, "definitions").passed


def test_every_recommendation_cites_a_finding_or_lesson(review):
    assert not check(review, "recommendations").passed
    write(review, "lessons", "Routine enquiry was not used.\n\nPlans were not shared.")
    write(review, "recommendations", "Use routine enquiry (see 18.1).\n\nShare plans (see 18.7).\n\nTrain staff.")
    outcome = check(review, "recommendations")
    assert not outcome.passed
    assert "19.2, 19.3" in outcome.detail  # 18.7 does not exist; 19.3 cites nothing
    write(review, "recommendations", "Use routine enquiry (see 18.1).\n\nShare plans (18.2).")
    assert check(review, "recommendations").passed


def _recommend(review, answers):
    from dhr.recommendations import services as recommendations
    from dhr.recommendations.scopes import Department, Scope

    return recommendations.save_recommendation(
        review,
        text="The Home Office should publish guidance.",
        scope=Scope.NATIONAL,
        multi_agency=False,
        agency=None,
        department=Department.HOME_OFFICE,
        department_other="",
        answers=answers,
        themes=[],
        actor=review.coordinator,
    )


def test_structured_recommendations_are_checked_by_the_findings_they_answer(review):
    write(review, "lessons", "Routine enquiry was not used.\n\nPlans were not shared.")
    write(review, "recommendations", "Train staff.")  # cites nothing, but the structured ones take over
    first = _recommend(review, ["18.2"])
    second = _recommend(review, ["18.7", "17.1"])  # neither paragraph exists
    _recommend(review, [])
    outcome = check(review, "recommendations")
    assert not outcome.passed
    assert outcome.detail.endswith(": R2, R3.")
    assert outcome.page == "recommendations.list_recommendations"
    assert first.label not in outcome.detail
    write(review, "conclusions", "The risk was not understood.")
    from dhr.recommendations import services as recommendations
    from dhr.recommendations.models import Recommendation

    third = _db.session.scalar(
        select(Recommendation).where(Recommendation.review_id == review.id, Recommendation.number == 3)
    )
    for recommendation, answers in ((second, ["18.7", "17.1"]), (third, ["18.1"])):
        recommendations.save_recommendation(
            review,
            text=recommendation.text,
            scope=recommendation.scope,
            multi_agency=False,
            agency=None,
            department=recommendation.department,
            department_other="",
            answers=answers,
            themes=[],
            actor=review.coordinator,
            recommendation=recommendation,
        )
    outcome = check(review, "recommendations")
    assert outcome.passed
    assert outcome.detail == "All 3 recommendations answer a finding or lesson."


def test_the_readiness_page_links_a_structured_recommendations_check_to_the_recommendations_page(app, db):
    from tests.conftest import start_session_cookie

    world = db.run(build_drafting_world)

    def add():
        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        review.coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        _recommend(review, ["18.1"])

    db.run(add)
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    review_id = world["objects"]["R1"]["review"]
    html = client.get(f"/reviews/{review_id}/readiness").get_data(as_text=True)
    assert f'href="/reviews/{review_id}/recommendations"' in html
    assert "R1." in html


def test_panel_membership_and_excluded_agencies(review):
    outcome = check(review, "panel")
    assert not outcome.passed
    assert "write section 8" in outcome.detail
    write(review, "panel", "The panel members were listed here.")
    outcome = check(review, "panel")
    assert "record the chair's declaration of independence" in outcome.detail
    assert "record the terms of reference" in outcome.detail
    for chair in (m for m in review.members if m.role is ReviewRole.CHAIR):  # R1 has two chairs in the world
        record_declarations(
            chair,
            actor=review.coordinator,
            job_title="Independent chair",
            independence_statement="I have no connection with any agency involved.",
            independence_declared_on=london_today(),
            confidentiality_signed_on=london_today(),
        )
    version = terms.start_draft(review, actor=review.coordinator)  # takes both agencies from the matrix
    agency_b = next(row for row in version.agencies if row.agency_id == review.world["objects"]["R1"]["agency"])
    terms.remove_agency(agency_b, actor=review.coordinator)
    outcome = check(review, "panel")
    assert not outcome.passed
    assert "record why these agencies were excluded" in outcome.detail
    assert agency_b.agency.name in outcome.detail
    terms.add_agency(
        version, agency=agency_b.agency, included=False, reason="No contact found", actor=review.coordinator
    )
    # The chair's appointment is recorded, not inferred from the day they were added to the review.
    assert check(review, "panel").detail == "To do: record the date the chair was appointed (on the panel page)."
    for chair in (m for m in review.members if m.role is ReviewRole.CHAIR):
        record_declarations(
            chair,
            actor=review.coordinator,
            job_title="Independent chair",
            independence_statement="I have no connection with any agency involved.",
            independence_declared_on=london_today(),
            confidentiality_signed_on=london_today(),
            appointed_on=london_today(),
        )
    assert check(review, "panel").passed


def test_time_beyond_six_months_must_be_explained(review):
    from dhr.reviews.models import Decision

    review.decision, review.decided_on = Decision.COMMISSION, london_today() - timedelta(days=100)
    assert check(review, "timescales").passed
    review.decided_on = london_today() - timedelta(days=300)
    outcome = check(review, "timescales")
    assert not outcome.passed
    assert "300 days" in outcome.detail
    write(review, "timescales", "The review was paused for the criminal trial, which caused a delay.")
    assert check(review, "timescales").passed


def test_the_leak_scan_reads_every_saved_section(review):
    assert check(review, "leaks").passed
    # A name saved before its person was registered is still in the text: the scan finds it.
    row = drafting.section_of(review, OVERVIEW, "analysis")
    write_past_the_shield(row, body=row.body + "\n\nPERRY   realperp was known to police.")
    outcome = check(review, "leaks")
    assert not outcome.passed
    assert "the real name of Adult P (perpetrator) in Overview Report 16.3" in outcome.detail


def test_a_failing_leak_scan_cannot_be_overridden_and_an_old_override_does_not_count(review):
    from dhr.readiness.models import ReadinessOverride

    row = drafting.section_of(review, OVERVIEW, "analysis")
    write_past_the_shield(row, body=row.body + "\n\nPerry Realperp was known to police.")
    with pytest.raises(services.ReadinessError, match="leak scan cannot be overridden"):
        services.override(review, "leaks", reason="The family agreed", actor=review.coordinator)
    detail = check(review, "leaks").detail
    # One recorded before the rule (or written straight to the table) is not in force either.
    _db.session.add(
        ReadinessOverride(
            review_id=review.id, check_key="leaks", reason="x", detail=detail, recorded_by_id=review.coordinator.id
        )
    )
    _db.session.flush()
    result = next(result for result in run_checks(review) if result.key == "leaks")
    assert (result.satisfied, result.override, result.overridable) == (False, None, False)
    assert "The leak scan finds no real names, aliases or dates of birth" in services.blocking(review)


def submit(review):
    """Record the submission through the Sign-off and QA service, which moves the review to Submitted."""
    assurance.record_submission(
        review,
        sent_on=london_today(),
        method=SendMethod.SECURE_EMAIL,
        versions_sent="Overview Report v0.1",
        notes="",
        actor=review.coordinator,
    )


def test_submission_waits_for_every_check_or_an_override_and_overrides_are_audited(review):
    from sqlalchemy import select

    from dhr.audit.models import AuditEvent

    review.stage = ReviewStage.CSP_SIGN_OFF  # set-up only: the app moves stages through transition()
    review.signed_off_on = london_today()
    with pytest.raises(workflow.TransitionError, match="readiness checker fails"):
        submit(review)
    with pytest.raises(services.ReadinessError, match="nothing to override"):
        services.override(review, "leaks", reason="x", actor=review.coordinator)
    for result in run_checks(review):
        if not result.satisfied:
            services.override(review, result.key, reason="Agreed with the Home Office", actor=review.coordinator)
    with pytest.raises(services.ReadinessError, match="already overridden"):
        services.override(review, "tribute", reason="again", actor=review.coordinator)
    services.withdraw(review, "tribute", actor=review.coordinator)
    assert services.blocking(review) == ["A tribute opens both reports, or the family's reason for none is recorded"]
    services.override(review, "tribute", reason="The family asked for none", actor=review.coordinator)
    submit(review)
    assert review.stage is ReviewStage.SUBMITTED
    actions = _db.session.scalars(select(AuditEvent.action).where(AuditEvent.review_id == review.id)).all()
    assert actions.count("readiness.override_withdrawn") == 1
    assert actions.count("readiness.overridden") >= 2


def test_an_override_covers_only_the_finding_it_was_recorded_against(review):
    from dhr.drafting import equality

    judged = dict.fromkeys(equality.CHARACTERISTICS[1:], (False, "Not relevant on the records."))
    equality.save_judgements(review, judged, actor=review.chair)  # age is not judged
    services.override(review, "equality", reason="Agreed with the Home Office", actor=review.coordinator)
    result = next(r for r in run_checks(review) if r.key == "equality")
    assert result.satisfied
    del judged["Sex"]
    equality.save_judgements(review, {"Sex": (False, "")}, actor=review.chair)  # now sex lacks its reason too
    result = next(r for r in run_checks(review) if r.key == "equality")
    assert not result.satisfied
    assert result.lapsed is not None
    assert "Equality and diversity is analysed for each protected characteristic" in services.blocking(review)
    services.override(review, "equality", reason="Still agreed", actor=review.coordinator)
    assert next(r for r in run_checks(review) if r.key == "equality").satisfied
    assert len(active_overrides(review)) == 1


def test_delay_explanations_match_word_forms(review):
    from dhr.reviews.models import Decision

    review.decision, review.decided_on = Decision.COMMISSION, london_today() - timedelta(days=300)
    write(review, "timescales", "The trial delayed the panel's work.")
    assert check(review, "timescales").passed
    write(review, "timescales", "The panel met four times.")
    assert not check(review, "timescales").passed
