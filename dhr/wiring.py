"""Where one package plugs into another, listed once; create_app calls install() and nothing installs itself.

- GUARDS: every precondition of a review's stage moves: which stage it guards, what it checks, and the task that
  meets it. The review's task list and the stage page read them from there. The order matters where a move has
  several guards: a refusal quotes the first unmet one.
- CLOCK_SOURCES: the records outside the review itself that give clock events (what a list must load, and which
  writes move the stored clocks).
- HOOKS: what runs, in the same transaction, when a lower package's event happens (every audit event is one).

Lower packages (reviews, clocks) declare the slot; the packages above them fill it here, so the imports point one way.
"""

from dhr.actions import guards as actions
from dhr.assurance import guards as assurance
from dhr.assurance import records as assurance_records
from dhr.assurance.models import Publication, PublicationHold, QaLetter, ReportCopy, SignOff, Submission
from dhr.clocks import service as clocks
from dhr.clocks.service import FactSource
from dhr.core import events
from dhr.correspondence import clock_events as correspondence
from dhr.correspondence.models import CorrespondenceEntry
from dhr.evidence import outstanding as evidence
from dhr.notifications.services import tell
from dhr.privacy.rescan import rescan
from dhr.readiness import guards as readiness
from dhr.reviews import guards as reviews
from dhr.reviews import pauses, workflow
from dhr.reviews import services as review_services
from dhr.reviews.stages import ReviewStage as S
from dhr.reviews.workflow import Guard
from dhr.terms import pauses as terms_pauses

GUARDS = (
    Guard((S.SET_UP,), reviews.commissioned),
    Guard((S.NOT_COMMISSIONED,), reviews.not_commissioned),
    Guard((S.EVIDENCE,), reviews.chair_appointed, "Appoint an independent chair", "reviews.members"),
    Guard(
        (S.EVIDENCE,),
        reviews.chair_declared,
        "Record the chair's declaration of independence",
        "panel.index",
        "Needed before evidence gathering",
    ),
    Guard(
        (S.EVIDENCE,),
        reviews.terms_agreed,
        "Agree the terms of reference",
        "terms.index",
        "Scope period, key lines of enquiry, agencies, parallel processes",
    ),
    Guard(
        (S.DRAFTING,),
        evidence.evidence_outstanding,
        "Accept every agency's chronology and IMR",
        "evidence.matrix",
        "Moving on to drafting without them needs a recorded reason",
        warns=True,
    ),
    Guard(
        (S.CSP_SIGN_OFF,),
        readiness.readiness_outstanding,
        warns=True,
    ),
    Guard(
        (S.SUBMITTED,),
        reviews.signed_off,
        "Record the CSP sign-off",
        "assurance.record_sign_off",
        "Date, who, and the minute reference",
    ),
    Guard((S.SUBMITTED, S.RESUBMITTED), readiness.ready_for_quality_assurance),
    Guard(
        (S.SUBMITTED,),
        assurance.submission_recorded,
        "Record the submission to the Home Office",
        "assurance.record_submission",
        "The date and the versions sent. This moves the review to Submitted",
    ),
    Guard(
        (S.QA_FEEDBACK,),
        assurance.letter_about_latest_submission,
        "Record the QA panel's letter",
        "assurance.record_qa_letter",
        "With its development points. This moves the review to QA feedback",
    ),
    Guard((S.APPROVED,), assurance.letter_approves),
    Guard((S.REVISIONS,), assurance.letter_asks_for_resubmission),
    Guard((S.RESUBMITTED,), assurance.points_answered_and_resubmission_recorded),
    Guard((S.PUBLISHED,), reviews.approved),
    Guard(
        (S.PUBLISHED,),
        assurance.publication_recorded,
        "Record the publication",
        "assurance.record_publication",
        "Date, web address, when the family was told, and the Home Office library entry",
    ),
    Guard((S.MONITORING,), assurance.published_or_withheld),
    Guard(
        (S.CLOSED,),
        actions.action_plan_unfinished,
        "Complete or supersede every action",
        "actions.plan",
        check_many=actions.action_plans_unfinished,
    ),
)

CLOCK_SOURCES = (
    FactSource(
        "correspondence register",
        correspondence.correspondence_events,
        correspondence.eager_loads,
        (CorrespondenceEntry,),
    ),
    FactSource(
        "sign-off and QA records",
        assurance_records.assurance_events,
        assurance_records.eager_loads,
        (SignOff, Submission, ReportCopy, QaLetter, Publication, PublicationHold),
    ),
)

HOOKS = (
    (review_services.REGISTER_CHANGED, [rescan]),
    # Every audit event: the notifications' table decides who, if anyone, is told.
    (events.HAPPENED, [tell]),
)


def install() -> None:
    """Install the guards, clock sources and hooks above, replacing whatever was installed before."""
    workflow.install(GUARDS)
    pauses.install([terms_pauses.running])
    clocks.install_sources(CLOCK_SOURCES)
    for hook, handlers in HOOKS:
        hook.connect(handlers)
