"""Stored clocks: the table the lists read agrees with the engine for every demo review, today and as time passes,
and is kept current by the writes that move clocks, whichever form or job makes them."""

from datetime import timedelta

from sqlalchemy import select

from dhr.clocks.engine import next_clock
from dhr.clocks.models import ReviewClock
from dhr.clocks.rows import Filters, review_rows
from dhr.clocks.rules import ClockState, OffsetUnit
from dhr.clocks.service import clocks_for, rules_for, save_rules
from dhr.clocks.stored import clocks_by_review, rebuild
from dhr.core.dates import london_today
from dhr.correspondence.models import CorrespondenceEntry, Counterpart, Direction, Method, Subject
from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.permissions import Role
from dhr.reviews.models import Decision, Review
from dhr.reviews.stages import TERMINAL, ReviewStage
from dhr.seed import seed_demo
from tests.factories import create_partnership, create_review, create_user

LATER = (0, 1, 6, 30, 45, 200, 400)  # days after the clocks were stored: each side of every demo due date


def _every_review():
    return _db.session.scalars(select(Review).order_by(Review.id)).all()


def _compare_at(days_on: int) -> tuple[int, int]:
    today = london_today() + timedelta(days=days_on)
    reviews = _every_review()
    stored = clocks_by_review(_db.session, [r.id for r in reviews], today)
    clocks = 0
    for review in reviews:
        expected = clocks_for(review, rules_for(review.partnership), today)
        assert stored[review.id] == expected, (review.reference, today)
        clocks += len(expected)
    return len(reviews), clocks


def test_stored_clocks_equal_the_engines_for_every_demo_review_as_time_passes(db):
    db.run(seed_demo)
    paused = db.scalar(select(ReviewClock.id).where(ReviewClock.frozen))
    assert paused is not None, "the demo has a paused review whose clocks pauses extend"
    for days_on in LATER:
        reviews, clocks = db.run(_compare_at, days_on)
        assert reviews >= 16
        assert clocks >= 40


def test_the_nightly_rebuild_gives_the_same_clocks_as_storing_them_at_the_event(db):
    db.run(seed_demo)
    today = db.run(london_today)

    def stored_rows():
        columns = (ReviewClock.review_id, ReviewClock.key, ReviewClock.state, ReviewClock.days, ReviewClock.frozen)
        return sorted(_db.session.execute(select(*columns)).all())

    def rebuilt_later(days_on):
        rebuild(_db.session, [r.id for r in _every_review()], today + timedelta(days=days_on))
        return _compare_at(days_on)

    before = db.run(stored_rows)
    for days_on in (30, 200):
        db.run(rebuilt_later, days_on)
    db.run(lambda: rebuild(_db.session, [r.id for r in _every_review()], today))
    assert db.run(stored_rows) == before


def _world():
    partnership = create_partnership()
    coordinator = create_user(partnership, Role.COORDINATOR)
    review = create_review(partnership, coordinator=coordinator, notified_on=london_today() - timedelta(days=40))
    return partnership.id, review.id, coordinator.id


def _stored(review_id: int) -> dict[str, ReviewClock]:
    return {row.key: row for row in _db.session.scalars(select(ReviewClock).where(ReviewClock.review_id == review_id))}


def test_writes_that_move_a_clock_store_it_again_in_the_same_transaction(db):
    partnership_id, review_id, coordinator_id = db.run(_world)
    assert db.run(lambda: _stored(review_id)["decision"].state) is ClockState.OVERDUE

    def decide():
        review = _db.session.get(Review, review_id)
        review.decided_on = london_today() - timedelta(days=5)
        review.decision = Decision.COMMISSION

    db.run(decide)
    stored = db.run(lambda: {key: (row.state, row.met_on) for key, row in _stored(review_id).items()})
    assert stored["decision"][0] is ClockState.MET_LATE
    assert stored["home_office_decision"][0] is ClockState.RUNNING
    assert stored["completion"][0] is ClockState.RUNNING

    def tell_home_office():
        _db.session.add(
            CorrespondenceEntry(
                review_id=review_id,
                direction=Direction.SENT,
                counterpart=Counterpart.HOME_OFFICE,
                subject=Subject.DECISION,
                method=Method.EMAIL,
                occurred_on=london_today(),
                summary="Decision letter",
                recorded_by_id=coordinator_id,
            )
        )

    db.run(tell_home_office)  # a fact source's record, not the review itself
    assert db.run(lambda: _stored(review_id)["home_office_decision"].state) is ClockState.MET_ON_TIME

    def shorten_completion():
        from dhr.auth.models import User

        partnership = _db.session.get(Partnership, partnership_id)
        specs = [
            spec if spec.key != "completion" else type(spec)(**{**spec.__dict__, "offset": 1, "unit": OffsetUnit.DAYS})
            for spec in rules_for(partnership)
        ]
        save_rules(partnership, partnership.guidance, specs, actor=_db.session.get(User, coordinator_id))

    db.run(shorten_completion)  # a rule change moves every review of the partnership
    assert db.run(lambda: _stored(review_id)["completion"].state) is ClockState.OVERDUE


def test_a_reader_in_the_middle_of_a_transaction_reads_its_own_writes(db):
    _partnership_id, review_id, _coordinator_id = db.run(_world)

    def decide_then_read():
        review = _db.session.get(Review, review_id)
        review.decided_on = london_today()
        review.decision = Decision.COMMISSION
        return {c.key: c.state for c in clocks_by_review(_db.session, [review_id], london_today())[review_id]}

    assert db.run(decide_then_read)["decision"] is ClockState.MET_LATE


def test_the_list_order_is_the_engines_most_urgent_first(db):
    db.run(seed_demo)

    def both_orders():
        today = london_today()
        partnership = _db.session.scalar(select(Partnership).order_by(Partnership.id))
        query = select(Review).where(Review.partnership_id == partnership.id)
        listed = [row.review.reference for row in review_rows(query, Filters(), today)]
        open_reviews = [r for r in _every_review() if r.partnership_id == partnership.id and r.stage not in TERMINAL]

        def urgency(review):
            clocks = clocks_for(review, rules_for(partnership), today)
            upcoming = next_clock(clocks)
            overdue = any(c.state is ClockState.OVERDUE for c in clocks)
            return (0 if overdue else 1, upcoming.days if upcoming else 10**6, review.reference)

        overdue_only = {row.review.reference for row in review_rows(query, Filters(overdue_only=True), today)}
        expected_overdue = {
            r.reference
            for r in open_reviews
            if any(c.state is ClockState.OVERDUE for c in clocks_for(r, rules_for(partnership), today))
        }
        return listed, [r.reference for r in sorted(open_reviews, key=urgency)], overdue_only, expected_overdue

    listed, expected, overdue_only, expected_overdue = db.run(both_orders)
    assert listed == expected
    assert overdue_only == expected_overdue
    assert overdue_only


def test_a_withdrawn_review_keeps_no_clocks_and_a_missing_one_stores_none(db):
    _partnership_id, review_id, _coordinator_id = db.run(_world)
    assert db.run(lambda: len(_stored(review_id))) > 0
    db.run(lambda: rebuild(_db.session, [review_id + 10_000]))  # an id with no review: nothing to store, no error

    def withdraw():
        review = _db.session.get(Review, review_id)
        review.stage = ReviewStage.WITHDRAWN

    db.run(withdraw)
    assert db.run(lambda: set(_stored(review_id))) == set()  # a withdrawn review's unstarted clocks do not apply


def test_only_writes_that_can_move_clocks_ask_for_them_to_be_worked_out_again(db):
    """Renaming a partnership or adding a review to it leaves its other reviews' clocks alone; a new guidance
    version works every one of them out again."""
    from dhr.auth.models import User
    from dhr.clocks.service import set_guidance
    from dhr.clocks.stored import PENDING_PARTNERSHIPS, PENDING_REVIEWS
    from dhr.partnerships.models import GuidanceVersion

    partnership_id, review_id, coordinator_id = db.run(_world)

    def pending() -> tuple[set, set]:
        _db.session.flush()
        return set(_db.session.info.get(PENDING_PARTNERSHIPS, ())), set(_db.session.info.get(PENDING_REVIEWS, ()))

    def rename():
        _db.session.get(Partnership, partnership_id).name = "Safer Elsewhere Partnership"
        return pending()

    def add_review():
        partnership = _db.session.get(Partnership, partnership_id)
        added = create_review(partnership, coordinator=_db.session.get(User, coordinator_id))
        return pending(), added.id

    def new_guidance():
        partnership = _db.session.get(Partnership, partnership_id)
        other = next(version for version in GuidanceVersion if version is not partnership.guidance)
        set_guidance(partnership, other, actor=_db.session.get(User, coordinator_id))
        return pending()

    assert db.run(rename) == (set(), set())
    (partnerships, reviews), added = db.run(add_review)
    assert partnerships == set()
    assert review_id not in reviews
    assert added in reviews
    assert db.run(new_guidance)[0] == {partnership_id}


def test_the_dashboards_open_reviews_come_fifty_a_page_most_urgent_first(app, db):
    import re

    from tests.conftest import start_session_cookie

    def build():
        partnership = create_partnership()
        coordinator = create_user(partnership, Role.COORDINATOR)
        for n in range(55):
            create_review(partnership, notified_on=london_today() - timedelta(days=n))  # the oldest is most overdue
        return coordinator

    coordinator = db.run(build)
    client = app.test_client()
    start_session_cookie(client, db, coordinator)
    first = client.get("/").get_data(as_text=True)
    assert "55 reviews, " in first
    assert "Page 1 of 2" in first
    table = first.split('id="open-reviews"')[1].split("</table>")[0]
    assert table.count('class="govuk-table__row"') == 51  # the header row and 50 reviews
    later = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(later).get_data(as_text=True)
    assert "Page 2 of 2" in second
    rest = second.split('id="open-reviews"')[1].split("</table>")[0]
    assert rest.count('class="govuk-table__row"') == 6
    assert 'rel="prev"' in second


def test_your_reviews_are_the_most_urgent_few_above_the_table_or_a_page_of_their_own(app, db):
    """Someone who sees every open review gets the ten most urgent of their own and a filter to see the rest in the
    table; someone who sees only their own gets them fifty a page."""
    from dhr.permissions import ReviewRole
    from dhr.reviews.models import ReviewMember
    from tests.conftest import start_session_cookie

    def build():
        partnership = create_partnership()
        coordinator = create_user(partnership, Role.COORDINATOR)
        chair = create_user(partnership)
        for n in range(52):
            review = create_review(partnership, notified_on=london_today() - timedelta(days=n))
            if n < 12:
                _db.session.add(ReviewMember(review=review, user=coordinator, role=ReviewRole.COORDINATOR))
            _db.session.add(ReviewMember(review=review, user=chair, role=ReviewRole.CHAIR))
        create_review(partnership)  # on neither's list
        _db.session.commit()
        return coordinator, chair

    coordinator, chair = db.run(build)
    client = app.test_client()
    start_session_cookie(client, db, coordinator)
    page = client.get("/").get_data(as_text=True)
    mine = page.split('id="my-reviews"')[1].split("</table>")[0]
    assert mine.count('class="govuk-table__row"') == 11  # the header row and the ten most urgent
    assert "The 10 most urgent of the 12 open reviews you are on." in page
    only_mine = client.get("/?mine=y").get_data(as_text=True)
    assert "12 reviews match the filters" in only_mine
    table = only_mine.split('id="open-reviews"')[1].split("</table>")[0]
    assert table.count('class="govuk-table__row"') == 13

    client = app.test_client()
    start_session_cookie(client, db, chair)
    first = client.get("/").get_data(as_text=True)
    assert 'id="open-reviews"' not in first
    assert first.split('id="my-reviews"')[1].split("</table>")[0].count('class="govuk-table__row"') == 51
    assert "Page 1 of 2" in first
    second = client.get("/?page=2").get_data(as_text=True)
    assert second.split('id="my-reviews"')[1].split("</table>")[0].count('class="govuk-table__row"') == 3
