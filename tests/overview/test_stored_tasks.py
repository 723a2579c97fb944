"""Stored tasks: the table the dashboards read agrees with the task list for every demo review, is kept current by
any write to a review's records (its parent's review for a record without one), and the SQL that picks the reviews
a person may work on gives what the permission check gives."""

from datetime import timedelta

from sqlalchemy import delete, func, select

from dhr.assurance.models import QaLetter, QaPoint, QaPointChange
from dhr.assurance.qa import respond_to_point
from dhr.assurance.stages import PointStatus
from dhr.audit.services import record
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.jobs.daily import run_daily
from dhr.overview.models import ReviewTask
from dhr.overview.stored import _parents, settle
from dhr.overview.tasks import tasks_for
from dhr.permissions import Permission, ReviewRole, can
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.queries import granted_reviews, visible_reviews
from dhr.reviews.stages import ReviewStage
from dhr.seed import seed_demo
from tests.factories import create_user

RESPOND = "Respond to the development points"


def _stored(review_id: int) -> list[tuple[str, str]]:
    rows = _db.session.scalars(
        select(ReviewTask).where(ReviewTask.review_id == review_id).order_by(ReviewTask.position)
    )
    return [(row.label, row.href) for row in rows]


def _worked_out(review: Review) -> list[tuple[str, str]]:
    return [(task.label, task.href) for task in tasks_for(review) if not task.done]


def _compare_every_review() -> int:
    reviews = _db.session.scalars(select(Review).order_by(Review.id)).all()
    tasks = 0
    for review in reviews:
        expected = _worked_out(review)
        assert _stored(review.id) == expected, review.reference
        tasks += len(expected)
    return tasks


def test_stored_tasks_equal_the_task_lists_for_every_demo_review(db):
    db.run(seed_demo)
    assert db.run(_compare_every_review) >= 15


def _review_in(stage: ReviewStage) -> Review:
    return _db.session.scalars(select(Review).where(Review.stage == stage).order_by(Review.id)).first()


def test_answering_a_qa_letters_points_settles_its_reviews_tasks_through_the_letter(db):
    """A development point has no review of its own: its letter's review is the one whose tasks move."""
    db.run(seed_demo)

    def respond_to_every_point() -> tuple[int, list, list]:
        review = _review_in(ReviewStage.REVISIONS)
        before = [label for label, _href in _stored(review.id)]
        letter = _db.session.scalars(
            select(QaLetter).where(QaLetter.review_id == review.id).order_by(QaLetter.id.desc())
        ).first()
        chair = _db.session.scalar(
            select(User)
            .join(ReviewMember, ReviewMember.user_id == User.id)
            .where(ReviewMember.review_id == review.id, ReviewMember.role == ReviewRole.CHAIR)
        )
        for point in letter.open_points:
            respond_to_point(
                point,
                status=PointStatus.NOT_ACCEPTED,
                response="",
                paragraphs_changed="",
                not_accepted_reason="The panel considered it and keeps the finding",
                actor=chair,
            )
        _db.session.commit()
        return review.id, before, [label for label, _href in _stored(review.id)]

    review_id, before, after = db.run(respond_to_every_point)
    assert RESPOND in before
    assert RESPOND not in after
    assert db.run(lambda: _stored(review_id) == _worked_out(_db.session.get(Review, review_id)))


def test_records_without_a_review_name_the_parent_that_has_one():
    parents = _parents()
    assert parents[QaPoint] == ("letter_id", QaLetter)
    assert QaPointChange not in parents  # written with its point, whose letter names the review


def test_observing_a_review_does_not_work_its_tasks_out_again(db):
    db.run(seed_demo)

    def view_then_settle() -> int:
        review = _review_in(ReviewStage.REVISIONS)
        record("review.viewed", "Viewed the review", review=review)
        return settle(_db.session)

    assert db.run(view_then_settle) == 0


def test_the_daily_run_catches_a_write_made_around_the_session(db):
    db.run(seed_demo)

    def lose_a_reviews_tasks() -> tuple[int, list]:
        # Written straight to the table, as a script might: no flush sees it, so the stored tasks go stale.
        review = _review_in(ReviewStage.REVISIONS)
        before = _stored(review.id)
        _db.session.execute(delete(ReviewTask).where(ReviewTask.review_id == review.id))
        _db.session.commit()
        return review.id, before

    review_id, before = db.run(lose_a_reviews_tasks)
    assert before
    assert db.run(_stored, review_id) == []
    db.run(lambda: run_daily(london_today() + timedelta(days=1), ["clock-alerts"]))
    assert db.run(_stored, review_id) == before


def _granted_agrees_with_can() -> int:
    checked = 0
    reviews = _db.session.scalars(select(Review)).all()
    for user in _db.session.scalars(select(User).order_by(User.id)):
        for permission in Permission:
            granted = set(_db.session.scalars(granted_reviews(user, (permission,), select(Review))))
            for review in reviews:
                assert (review.id in granted) == can(user, permission, review), (user.email, permission, review.id)
                checked += 1
    return checked


def test_the_reviews_granted_in_sql_are_those_the_permission_check_allows(db):
    db.run(seed_demo)

    def add_a_stranger():
        # An inactive member and a member of another role, so the SQL meets both.
        review = _review_in(ReviewStage.REVISIONS)
        stranger = create_user(review.partnership)
        _db.session.add(ReviewMember(review=review, user=stranger, role=ReviewRole.OBSERVER))
        stranger.active = False
        _db.session.commit()

    db.run(add_a_stranger)
    assert db.run(_granted_agrees_with_can) > 5_000


def test_granted_reviews_narrow_the_candidates_they_are_given(db):
    db.run(seed_demo)

    def narrowed() -> tuple[set, set]:
        coordinator = _db.session.scalar(select(User).where(User.email == "coordinator@swp.example"))
        open_only = visible_reviews(coordinator).where(Review.stage != ReviewStage.CLOSED)
        granted = set(_db.session.scalars(granted_reviews(coordinator, (Permission.CHANGE_STAGE,), open_only)))
        return granted, set(_db.session.scalars(open_only.with_only_columns(Review.id)))

    granted, candidates = db.run(narrowed)
    assert granted == candidates
    assert granted


def test_the_rebuild_command_stores_every_reviews_tasks_again(app, db):
    db.run(seed_demo)

    def forget_every_task() -> int:
        reviews = _db.session.scalar(select(func.count()).select_from(Review))
        _db.session.execute(delete(ReviewTask))
        _db.session.commit()
        return reviews

    reviews = db.run(forget_every_task)
    result = app.test_cli_runner().invoke(args=["dhr", "rebuild-clocks"])
    assert result.exit_code == 0, result.output
    assert f"Clocks and tasks worked out again for {reviews} reviews" in result.output
    assert db.run(_compare_every_review) >= 15
