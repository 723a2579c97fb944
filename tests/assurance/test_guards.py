"""Each guard from submission to publication, met and unmet, on reviews built through the services."""

from datetime import date

import pytest

from dhr.assurance.models import Publication, QaLetter, Submission
from dhr.assurance.stages import PointStatus, QaOutcome, SendMethod, SubmissionKind
from dhr.extensions import db as _db
from dhr.reviews import workflow
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import TransitionError, transition, unmet_guards
from tests.assurance.conftest import close_points, qa_letter, sign_off, submit, walk_to_sign_off

S = ReviewStage


@pytest.fixture
def make(app, people):
    """make(situation) returns (review, target) set up for one guard check, inside an app context."""
    with app.app_context():
        yield lambda situation: SITUATIONS[situation](people)
        _db.session.rollback()


def _signed(people):
    review = walk_to_sign_off(people)
    sign_off(review, people["coordinator"])
    return review


def _submitted(people):
    review = _signed(people)
    submit(review, people["coordinator"])
    return review


def _letter(people, outcome, **kwargs):
    review = _submitted(people)
    return review, qa_letter(review, people["coordinator"], outcome=outcome, **kwargs)


def _revisions(people, close=True):
    review, letter = _letter(people, QaOutcome.RESUBMISSION)
    workflow.transition(review, S.REVISIONS, actor=people["coordinator"], effective_on=date(2026, 9, 2))
    if close:
        close_points(letter, people["chair"])
    return review, letter


def _legacy_qa_feedback(people):
    review = _submitted(people)
    review.stage = S.QA_FEEDBACK  # set-up only: a review moved on before letters were recorded here
    _db.session.flush()
    return review, S.APPROVED


def _bare_submission_move(people):
    return _signed(people), S.SUBMITTED


def _letter_before_submission(people):
    review = _submitted(people)
    # Set-up only: an old letter the services would refuse, dated before the latest submission.
    old = date(2026, 7, 1)
    review.qa_letters.append(QaLetter(panel_on=old, letter_dated_on=old, received_on=old, outcome=QaOutcome.APPROVED))
    _db.session.flush()
    return review, S.QA_FEEDBACK


def _resubmitted_after_letter(people):
    review, letter = _revisions(people)
    submit(review, people["coordinator"], on=date(2026, 10, 1))
    # Set-up only: an approving letter older than the resubmission.
    letter.outcome = QaOutcome.APPROVED
    _db.session.flush()
    return review, S.APPROVED


def _open_points_at_approval(people):
    review, letter = _letter(people, QaOutcome.SUBJECT_TO_CHANGES)
    close_points(letter, people["chair"])
    from dhr.assurance import qa

    qa.respond_to_point(
        letter.points[1],
        status=PointStatus.IN_PROGRESS,
        response="Reopened",
        paragraphs_changed="",
        not_accepted_reason="",
        actor=people["chair"],
    )
    return review, S.APPROVED


def _declined_point_counts_as_answered(people):
    review, letter = _letter(people, QaOutcome.SUBJECT_TO_CHANGES, points="1. Add a glossary")
    from dhr.assurance import qa

    qa.respond_to_point(
        letter.points[0],
        status=PointStatus.NOT_ACCEPTED,
        response="",
        paragraphs_changed="",
        not_accepted_reason="Abbreviations are written out instead",
        actor=people["author"],
    )
    return review, S.APPROVED


def _resubmission_without_record(people):
    review, _ = _revisions(people)
    return review, S.RESUBMITTED


def _resubmission_with_open_points(people):
    review, _ = _revisions(people, close=False)
    # Set-up only: the record the guard also wants, so that the open points are the one thing missing.
    review.ho_submissions.append(
        Submission(
            kind=SubmissionKind.RESUBMISSION, sent_on=date(2026, 10, 1), method=SendMethod.EMAIL, versions_sent="v1.1"
        )
    )
    _db.session.flush()
    return review, S.RESUBMITTED


def _resubmission_recorded(people):
    review, _ = _revisions(people)
    review.ho_submissions.append(
        Submission(
            kind=SubmissionKind.RESUBMISSION, sent_on=date(2026, 10, 1), method=SendMethod.EMAIL, versions_sent="v1.1"
        )
    )
    _db.session.flush()
    return review, S.RESUBMITTED


def _old_resubmission_record(people):
    review, _ = _revisions(people)
    review.ho_submissions.append(
        Submission(
            kind=SubmissionKind.RESUBMISSION, sent_on=date(2026, 8, 1), method=SendMethod.EMAIL, versions_sent="v1.1"
        )
    )
    _db.session.flush()
    return review, S.RESUBMITTED


def _approved(people):
    review, letter = _letter(people, QaOutcome.SUBJECT_TO_CHANGES)
    close_points(letter, people["chair"])
    transition(review, S.APPROVED, actor=people["coordinator"], effective_on=date(2026, 9, 10))
    return review


def _publication_missing(people):
    return _approved(people), S.PUBLISHED


def _publication_recorded(people):
    review = _approved(people)
    _db.session.add(Publication(review=review, published_on=date(2026, 10, 1), web_address="https://example.org/r"))
    _db.session.flush()
    return review, S.PUBLISHED


SITUATIONS = {
    "no submission record": _bare_submission_move,
    "submission recorded": lambda p: (_submitted(p), None),
    "no letter yet": lambda p: (_submitted(p), S.QA_FEEDBACK),
    "letter before the submission": _letter_before_submission,
    "letter after the submission": lambda p: (_letter(p, QaOutcome.APPROVED)[0], S.QA_FEEDBACK),
    "no letter at approval": _legacy_qa_feedback,
    "resubmission letter at approval": lambda p: (_letter(p, QaOutcome.RESUBMISSION)[0], S.APPROVED),
    "open points at approval": _open_points_at_approval,
    "approval older than the resubmission": _resubmitted_after_letter,
    "approved outright": lambda p: (_letter(p, QaOutcome.APPROVED)[0], S.APPROVED),
    "approved once every point is closed": lambda p: (_approved_ready(p), S.APPROVED),
    "a declined point counts as answered": _declined_point_counts_as_answered,
    "approving letter at revisions": lambda p: (_letter(p, QaOutcome.SUBJECT_TO_CHANGES)[0], S.REVISIONS),
    "resubmission letter at revisions": lambda p: (_letter(p, QaOutcome.RESUBMISSION)[0], S.REVISIONS),
    "open points at resubmission": _resubmission_with_open_points,
    "no resubmission record": _resubmission_without_record,
    "resubmission record before the letter": _old_resubmission_record,
    "resubmission recorded": _resubmission_recorded,
    "publication missing": _publication_missing,
    "publication recorded": _publication_recorded,
}


def _approved_ready(people):
    review, letter = _letter(people, QaOutcome.SUBJECT_TO_CHANGES)
    close_points(letter, people["chair"])
    return review


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("no submission record", "Record the submission to the Home Office"),
        ("no letter yet", "Record the QA panel's letter on the Sign-off and QA page before moving to QA feedback"),
        ("letter before the submission", "is dated before the latest submission"),
        ("no letter at approval", "Record the QA panel's letter on the Sign-off and QA page before approval"),
        ("resubmission letter at approval", "The QA panel asked for resubmission"),
        ("open points at approval", "1 development point is still open"),
        ("approval older than the resubmission", "resubmitted after the latest QA letter"),
        ("approving letter at revisions", "the latest letter does not"),
        ("open points at resubmission", "3 development points are still open"),
        ("no resubmission record", "Record the resubmission to the Home Office"),
        ("resubmission record before the letter", "Record the resubmission to the Home Office"),
        ("publication missing", "Record the publication"),
    ],
)
def test_unmet_guards_refuse_with_a_message(make, people, situation, message):
    review, target = make(situation)
    assert any(message in problem for problem in unmet_guards(review, target)), unmet_guards(review, target)
    stage = review.stage
    with pytest.raises(TransitionError, match=message):
        transition(review, target, actor=people["coordinator"], effective_on=date(2026, 11, 20))
    assert review.stage is stage


@pytest.mark.parametrize(
    "situation",
    [
        "letter after the submission",
        "approved outright",
        "approved once every point is closed",
        "a declined point counts as answered",
        "resubmission letter at revisions",
        "resubmission recorded",
        "publication recorded",
    ],
)
def test_met_guards_let_the_review_move(make, people, situation):
    review, target = make(situation)
    assert unmet_guards(review, target) == []
    if review.stage is target:
        return  # recording the letter made this very move, through the same guard
    transition(review, target, actor=people["coordinator"], effective_on=date(2026, 11, 20))
    assert review.stage is target


def test_recording_the_submission_meets_the_submission_guard(make):
    review, _ = make("submission recorded")
    assert review.stage is S.SUBMITTED
    assert unmet_guards(review, S.SUBMITTED) == []
