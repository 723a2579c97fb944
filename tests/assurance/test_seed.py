"""The demo reviews from sign-off on carry real records, made through the services."""

from sqlalchemy import func, select

from dhr.assurance.models import Publication, QaLetter, QaPoint, ReportCopy, SignOff, Submission
from dhr.assurance.stages import PointStatus, QaOutcome, SubmissionKind
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from dhr.seed import seed_demo


def _count(db, model, *where):
    return db.scalar(select(func.count()).select_from(model).where(*where))


def _review(db, victim: str) -> Review:
    from dhr.reviews.models import Person

    return db.scalar(select(Review).join(Person).where(Person.pseudonym == victim))


def test_the_demo_walks_each_review_through_sign_off_and_qa(db, frozen_clock):
    db.run(seed_demo)
    submitted, revisions, approved = _review(db, "Adult U"), _review(db, "Ms W"), _review(db, "Adult Y")
    monitored, closed = _review(db, "Mrs AA"), _review(db, "Adult EE")
    assert submitted.stage is ReviewStage.SUBMITTED
    assert _count(db, SignOff, SignOff.review_id == submitted.id) == 1
    assert db.scalar(select(SignOff.minute_reference).where(SignOff.review_id == submitted.id)).startswith("SWP board")
    assert _count(db, ReportCopy, ReportCopy.review_id == submitted.id) == 0  # its Commissioner clock is overdue

    assert revisions.stage is ReviewStage.REVISIONS
    statuses = db.scalars(
        select(QaPoint.status).join(QaLetter).where(QaLetter.review_id == revisions.id).order_by(QaPoint.number)
    )
    assert len(statuses) == 5
    assert statuses.count(PointStatus.OPEN) == 1
    assert PointStatus.NOT_ACCEPTED in statuses

    assert approved.stage is ReviewStage.APPROVED
    assert _count(db, Publication, Publication.review_id == approved.id) == 0

    assert monitored.stage is ReviewStage.MONITORING
    assert db.scalar(select(Publication.published_on).where(Publication.review_id == monitored.id)) is not None

    assert closed.stage is ReviewStage.CLOSED
    kinds = db.scalars(select(Submission.kind).where(Submission.review_id == closed.id).order_by(Submission.sent_on))
    assert kinds == [SubmissionKind.FIRST, SubmissionKind.RESUBMISSION]
    outcomes = db.scalars(select(QaLetter.outcome).where(QaLetter.review_id == closed.id).order_by(QaLetter.id))
    assert outcomes == [QaOutcome.RESUBMISSION, QaOutcome.APPROVED]
    assert _count(db, SignOff, SignOff.review_id == closed.id) == 2

    before = [_count(db, model) for model in (SignOff, Submission, ReportCopy, QaLetter, QaPoint, Publication)]
    db.run(seed_demo)
    assert [_count(db, model) for model in (SignOff, Submission, ReportCopy, QaLetter, QaPoint, Publication)] == before
