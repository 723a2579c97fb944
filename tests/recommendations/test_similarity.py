"""Repeat detection: the planted near-duplicate is found and the unrelated one ignored, the same review and other
partnerships are left out, outcomes are read from the actions, and the cached index follows every change."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dhr.actions import services as actions
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.files.guard import check_upload
from dhr.partnerships.models import Partnership
from dhr.recommendations import services as recommendations
from dhr.recommendations import similarity
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Scope
from dhr.reviews.models import Review
from tests.factories import create_review
from tests.recommendations.rec_world import build_recommendation_world
from tests.test_query_counts import count_queries

EARLIER = (
    "The police should share the outcome of every DASH risk assessment with the victim's GP practice within 48 hours."
)
REWORDED = (
    "Police officers must make sure DASH risk assessments and their outcomes are shared with GP practices quickly."
)
UNRELATED = "Housing providers should train their tenancy officers to recognise economic abuse in rent arrears cases."


@pytest.fixture
def world(app, db):
    """The recommendation world inside a request context: R2 holds the earlier recommendations."""
    built = db.run(build_recommendation_world)
    with app.test_request_context():
        similarity.forget()
        built["coordinator"] = _db.session.get(User, built["users"]["coordinator"].id)
        built["r1"] = _db.session.get(Review, built["objects"]["R1"]["review"])
        built["r2"] = _db.session.get(Review, built["objects"]["R2"]["review"])
        built["agency"] = _db.session.get(Agency, built["objects"]["R1"]["agency"])
        built["themes"] = recommendations.themes_for(built["r1"].partnership_id)
        yield built
        _db.session.rollback()


def themed(world, *slugs):
    return [t for t in world["themes"] if t.slug in slugs]


def add(world, review, text, *slugs, agency=None) -> Recommendation:
    return recommendations.save_recommendation(
        review,
        text=text,
        scope=Scope.LOCAL,
        multi_agency=False,
        agency=agency or world["agency"],
        department=None,
        department_other="",
        answers=["17.1"],
        themes=themed(world, *slugs),
        actor=world["coordinator"],
    )


def ids(matches) -> list[int]:
    return [m.recommendation_id for m in matches]


def test_text_is_normalised_stemmed_and_stripped_of_stop_words():
    assert similarity.tokens("The Police SHOULD share DASH-assessments, sharing and shared!") == [
        "polic",
        "shar",
        "dash",
        "assess",
        "shar",
        "shar",
    ]
    assert similarity.tokens("Café référral") == ["cafe", "referral"]
    assert similarity.stem("referred") == "refer"
    assert similarity.stem("agencies") == similarity.stem("agency")
    assert similarity.stem("families") == similarity.stem("family")
    assert similarity.stem("practice") == similarity.stem("practices")


def test_finds_a_reworded_near_duplicate_and_ignores_an_unrelated_recommendation(world):
    earlier = add(world, world["r2"], EARLIER, "risk-assessment", "information-sharing")
    unrelated = add(world, world["r2"], UNRELATED, "economic-abuse", "housing")
    # Same themes, different subject: sharing a theme alone is not enough.
    same_theme = add(world, world["r2"], "Train MARAC chairs in chairing skills.", "risk-assessment")
    theme_ids = [t.id for t in themed(world, "risk-assessment", "information-sharing")]
    found = similarity.similar(world["r1"].partnership_id, REWORDED, theme_ids, exclude_review_id=world["r1"].id)
    assert earlier.id in ids(found)
    assert unrelated.id not in ids(found)
    assert same_theme.id not in ids(found)
    match = next(m for m in found if m.recommendation_id == earlier.id)
    assert match.review_reference == world["r2"].reference
    assert match.label == earlier.label
    assert match.text == EARLIER
    assert match.themes == ("Risk assessment and DASH", "Information sharing")
    assert match.score >= similarity.THRESHOLD
    assert match.outcome == "no actions recorded"
    # Without themes ticked yet, the text alone still finds it.
    assert earlier.id in ids(similarity.similar(world["r1"].partnership_id, REWORDED, []))


def test_the_review_being_written_is_left_out(world):
    own = add(world, world["r1"], EARLIER, "risk-assessment")
    other = add(world, world["r2"], EARLIER, "risk-assessment")
    found = similarity.similar(world["r1"].partnership_id, EARLIER, [], exclude_review_id=world["r1"].id)
    assert ids(found) == [other.id]
    both = similarity.similar(world["r1"].partnership_id, EARLIER, [])
    assert set(ids(both)) == {own.id, other.id}


def _elsewhere(world, text: str) -> tuple[int, Recommendation]:
    """A review in the second partnership with one recommendation: (that partnership's id, the recommendation)."""
    from dhr.reviews.models import DeathCategory

    p2_agency = _db.session.get(Agency, world["objects"]["P2"]["agency"])
    p2 = _db.session.get(Partnership, p2_agency.partnership_id)
    p2_coordinator = _db.session.get(User, world["users"]["other_coordinator"].id)
    elsewhere = create_review(
        p2,
        coordinator=p2_coordinator,
        agency=p2_agency,
        notified_on=london_today(),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=london_today() - timedelta(days=3),
        place_of_death="Elsewhere",
        police_force_area="Elsewhere",
    )
    theirs = recommendations.save_recommendation(
        elsewhere,
        text=text,
        scope=Scope.LOCAL,
        multi_agency=False,
        agency=p2_agency,
        department=None,
        department_other="",
        answers=[],
        themes=[],
        actor=p2_coordinator,
    )
    return p2.id, theirs


def test_another_partnerships_recommendations_are_never_matched(world, db):
    # The same text in both partnerships, so a leak either way would show.
    ours = add(world, world["r2"], EARLIER)
    p2, theirs = _elsewhere(world, EARLIER)
    assert ids(similarity.similar(world["r1"].partnership_id, EARLIER, [])) == [ours.id]
    assert ids(similarity.similar(p2, EARLIER, [])) == [theirs.id]


def test_another_partnership_re_tagging_its_recommendation_keeps_this_partnerships_index(world):
    from dhr.recommendations.models import recommendation_themes

    partnership = world["r1"].partnership_id
    add(world, world["r2"], EARLIER, "housing")
    p2, theirs = _elsewhere(world, EARLIER)
    cached, before_theirs = similarity.index_for(partnership), similarity.fingerprint(p2)
    # Tagged by a worker elsewhere: plain SQL, so only the fingerprints can tell.
    _db.session.execute(
        recommendation_themes.insert().values(
            recommendation_id=theirs.id, theme_id=world["recommendations"]["P2"]["theme"]
        )
    )
    assert similarity.fingerprint(p2) != before_theirs
    assert similarity.index_for(partnership) is cached


def test_indexed_documents_and_matches_cannot_be_altered_by_a_caller(world):
    """Documents are shared by every lookup through the cache; a page changing one would change them all."""
    from dataclasses import FrozenInstanceError

    add(world, world["r2"], EARLIER)
    (document, *_), *_ = similarity.index_for(world["r1"].partnership_id).rank(EARLIER, [])
    with pytest.raises(FrozenInstanceError):
        document.review_id = 0
    (match,) = similarity.similar(world["r1"].partnership_id, EARLIER, [])
    with pytest.raises(FrozenInstanceError):
        match.outcome = "completed"


def test_outcomes_are_summarised_from_the_actions(world):
    earlier = add(world, world["r2"], EARLIER, "risk-assessment")
    coordinator, agency = world["coordinator"], world["agency"]

    def action(text, target_days=30):
        return actions.save_action(
            earlier,
            action_text=text,
            lead_agency=agency,
            owner=None,
            owner_name="An owner",
            milestones="",
            target_on=london_today() + timedelta(days=target_days),
            actor=coordinator,
        )

    def complete(item, on: date):
        actions.add_evidence(item, upload=check_upload("proof.txt", b"proof"), description="Proof", actor=coordinator)
        actions.request_completion(item, outcome="Done", completed_on=on, actor=coordinator)
        actions.approve_completion(item, actor=coordinator)

    def outcome():
        (match,) = similarity.similar(world["r1"].partnership_id, EARLIER, [], exclude_review_id=world["r1"].id)
        return match.outcome

    first, second, third = action("First"), action("Second"), action("Third")
    assert outcome() == "in progress: 3 of 3 actions open"
    complete(first, date(2022, 1, 10))
    complete(second, date(2022, 3, 4))
    assert outcome() == "in progress: 1 of 3 actions open"
    actions.supersede(third, reason="Replaced", actor=coordinator)
    assert outcome() == "completed March 2022 (1 of 3 actions superseded)"
    actions.reopen(third, reason="Needed after all", actor=coordinator)
    complete(third, date(2021, 12, 1))
    assert outcome() == "completed March 2022"
    assert similarity.outcome_of([]) == "no actions recorded"


def test_only_superseded_actions_read_superseded(world):
    earlier = add(world, world["r2"], EARLIER)
    item = actions.save_action(
        earlier,
        action_text="Something",
        lead_agency=world["agency"],
        owner=None,
        owner_name="An owner",
        milestones="",
        target_on=None,
        actor=world["coordinator"],
    )
    actions.supersede(item, reason="Overtaken", actor=world["coordinator"])
    assert similarity.outcome_of([item]) == "superseded"
    assert similarity.Match(1, 2, "REF-1", "R4", "", 0.5, 0.5, 0.5, (), "superseded").summary == (
        "Similar to REF-1 R4, superseded"
    )


def test_the_cached_index_is_rebuilt_when_recommendations_change(world):
    partnership = world["r1"].partnership_id
    earlier = add(world, world["r2"], UNRELATED, "housing")
    first = similarity.index_for(partnership)
    assert similarity.index_for(partnership) is first  # nothing changed: the same index
    assert similarity.similar(partnership, EARLIER, []) == []
    # A new recommendation is seen by the next lookup.
    added = add(world, world["r2"], EARLIER, "risk-assessment")
    assert ids(similarity.similar(partnership, EARLIER, [])) == [added.id]
    # So is a change of text...
    recommendations.save_recommendation(
        world["r2"],
        text=EARLIER,
        scope=Scope.LOCAL,
        multi_agency=False,
        agency=world["agency"],
        department=None,
        department_other="",
        answers=[],
        themes=earlier.themes,
        actor=world["coordinator"],
        recommendation=earlier,
    )
    assert set(ids(similarity.similar(partnership, EARLIER, []))) == {earlier.id, added.id}
    # ...and a change of themes alone.
    before = similarity.fingerprint(partnership)
    earlier.themes = themed(world, "risk-assessment", "information-sharing", "marac")
    _db.session.flush()
    assert similarity.fingerprint(partnership) != before
    (match,) = [m for m in similarity.similar(partnership, EARLIER, []) if m.recommendation_id == earlier.id]
    assert match.themes == ("Risk assessment and DASH", "MARAC", "Information sharing")


def test_looking_up_every_recommendation_of_a_review_takes_a_constant_number_of_queries(world, db):
    for n in range(6):
        add(world, world["r2"], f"{EARLIER} Variant {n}.", "risk-assessment")
    counts = []
    for size in (1, 5):
        mine = [add(world, world["r1"], f"{REWORDED} Number {n}.", "risk-assessment") for n in range(size)]
        loaded = list(_db.session.scalars(select(Recommendation).where(Recommendation.id.in_([m.id for m in mine]))))
        similarity.index_for(world["r1"].partnership_id)  # built outside the count
        with count_queries(_db.session.connection()) as statements:
            found = similarity.similar_for(world["r1"], loaded)
        assert all(found[m.id] for m in mine)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_change_made_by_another_process_is_noticed_through_the_fingerprint(world):
    """A plain SQL update fires no ORM event here, as a save in another worker would not: the fingerprint sees it."""
    from sqlalchemy import update

    partnership = world["r1"].partnership_id
    earlier = add(world, world["r2"], UNRELATED, "housing")
    cached = similarity.index_for(partnership)
    assert similarity.similar(partnership, EARLIER, []) == []
    _db.session.execute(
        update(Recommendation)
        .where(Recommendation.id == earlier.id)
        .values(text=EARLIER, version=Recommendation.version + 1)
        .execution_options(synchronize_session=False)
    )
    assert similarity.index_for(partnership) is not cached
    assert ids(similarity.similar(partnership, EARLIER, [])) == [earlier.id]


# Scoring against small hand-made corpora. Every word below appears in one document only unless said otherwise,
# so all share one IDF and each cosine is (shared words) / sqrt(words in query x words in document).


def _ranked(index, text, themes=()):
    return [
        (document.recommendation_id, score, text_score, theme_score)
        for document, score, text_score, theme_score in index.rank(text, themes)
    ]


def test_the_text_floor_keeps_out_a_weak_text_match_however_many_themes_it_shares():
    index = similarity.Index(
        [(1, 10, "alpha beta gamma delta", frozenset({1})), (2, 20, "epsilon zeta eta theta iota", frozenset({2}))]
    )
    # Document 1: 1 of 5 query words, cosine 1/sqrt(20) = 0.224, under the floor although every theme matches.
    assert _ranked(index, "alpha epsilon zeta eta theta", [1]) == [(2, 0.56, 0.8, 0.0)]
    # Cosine 1/sqrt(12) = 0.289 clears the floor; 0.7 x 0.289 + 0.3 x 1 = 0.502 puts it above the closer text match,
    # document 2 (cosine 2/sqrt(15) = 0.516, no shared theme, 0.361): best score first, not best text.
    assert _ranked(index, "alpha epsilon zeta", [1]) == [(1, 0.502, 0.289, 1.0), (2, 0.361, 0.516, 0.0)]


def test_the_threshold_needs_a_strong_text_match_or_shared_themes():
    index = similarity.Index(
        [(1, 10, "alpha beta gamma delta epsilon", frozenset({1, 2})), (2, 20, "zeta eta theta", frozenset())]
    )
    # Cosine 1/sqrt(5) = 0.447 is over the floor, but 0.7 x 0.447 = 0.313 is under the threshold...
    assert _ranked(index, "alpha") == []
    # ...until half the themes are shared: 0.313 + 0.3 x 1/2 = 0.463.
    assert _ranked(index, "alpha", [1]) == [(1, 0.463, 0.447, 0.5)]
    # Cosine 1/sqrt(3) = 0.577 is enough alone: 0.7 x 0.577 = 0.404.
    assert _ranked(index, "zeta") == [(2, 0.404, 0.577, 0.0)]
    # An identical recommendation scores 1 on every count.
    assert _ranked(index, "alpha beta gamma delta epsilon", [2, 1]) == [(1, 1.0, 1.0, 1.0)]


def test_rare_words_count_more_than_common_ones_and_unseen_words_dilute_the_match():
    index = similarity.Index(
        [
            (1, 10, "rare common", frozenset({7})),
            (2, 20, "common spare", frozenset()),
            (3, 30, "filler padding", frozenset()),
        ]
    )
    # Smoothed IDF over 3 documents: in 1 of them 1 + ln(4/2) = 1.693, in 2 of them 1 + ln(4/3) = 1.288, in none
    # 1 + ln(4) = 2.386. Document 1 has length sqrt(1.693^2 + 1.288^2) = 2.127.
    assert _ranked(index, "rare") == [(1, 0.557, 0.796, 0.0)]  # 1.693 / 2.127
    # 1.288 / 2.127 for both; equal scores come in recommendation order.
    assert _ranked(index, "common") == [(1, 0.424, 0.605, 0.0), (2, 0.424, 0.605, 0.0)]
    # "novel" is in no document: 1.693^2 / (sqrt(1.693^2 + 2.386^2) x 2.127) = 0.461, 0.322 alone (too low).
    assert _ranked(index, "rare novel") == []
    assert _ranked(index, "rare novel", [7]) == [(1, 0.622, 0.461, 1.0)]


def test_a_repeated_word_counts_sublinearly():
    index = similarity.Index([(1, 10, "echo echo foxtrot", frozenset())])
    # Twice is weighted 1 + ln 2 = 1.693, not 2: cosines 1.693 / sqrt(1.693^2 + 1) and 1 / sqrt(1.693^2 + 1).
    assert _ranked(index, "echo") == [(1, 0.603, 0.861, 0.0)]
    assert _ranked(index, "foxtrot") == [(1, 0.356, 0.509, 0.0)]


def test_equal_scores_come_in_recommendation_order_whatever_the_index_order():
    index = similarity.Index([(9, 10, "kilo lima", frozenset()), (4, 20, "kilo lima", frozenset())])
    assert [row[0] for row in _ranked(index, "kilo lima")] == [4, 9]


def test_at_most_five_matches_by_default_or_the_limit_asked_for():
    index = similarity.Index([(n, n, "kilo lima mike", frozenset()) for n in range(1, 8)])
    assert [document.recommendation_id for document, *_ in index.rank("kilo lima mike", [])] == [1, 2, 3, 4, 5]
    assert len(index.rank("kilo lima mike", [], limit=2)) == 2


def test_theme_overlap_is_shared_over_all_and_zero_without_themes():
    assert similarity.jaccard(frozenset({1, 2, 3}), frozenset({2, 3, 4})) == 0.5
    assert similarity.jaccard(frozenset({1}), frozenset()) == 0.0
    assert similarity.jaccard(frozenset(), frozenset()) == 0.0


def test_single_letters_and_stop_words_are_dropped_but_two_letter_words_kept():
    assert similarity.tokens("Tell the GP: section 4 (b)") == ["tell", "gp", "section"]


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("beds", "bed"),  # a suffix comes off when exactly three letters remain...
        ("gas", "gas"),  # ...but not when fewer would
        ("crisis", "crisis"),  # -is, -us and -ss are not plurals
        ("status", "status"),
        ("access", "access"),
        ("policies", "policy"),
        ("share", "shar"),  # a final e comes off a word of five letters or more, so it meets "shared"
        ("shared", "shar"),
        ("care", "care"),
        ("staff", "staf"),  # a doubled consonant is halved from five letters
        ("skills", "skill"),  # but never a doubled l or s
        ("managements", "manag"),
        ("biased", "bias"),  # one suffix only: "bias" does not lose its s as well
        ("analyses", "analys"),
        ("fitted", "fitt"),  # a four-letter stem keeps its double
        ("adds", "add"),  # and so does a three-letter one
        ("uses", "use"),  # never fewer than three letters, and a short stem keeps its e
    ],
)
def test_the_stemmer_strips_only_what_it_should(word, stemmed):
    assert similarity.stem(word) == stemmed


def test_the_theme_score_uses_the_themes_stored_with_each_recommendation(world):
    earlier = add(world, world["r2"], EARLIER, "risk-assessment", "information-sharing")
    theme_ids = [t.id for t in themed(world, "risk-assessment")]
    (match,) = similarity.similar(world["r1"].partnership_id, EARLIER, theme_ids, exclude_review_id=world["r1"].id)
    # Identical text, one of the two themes: 0.7 x 1 + 0.3 x 1/2.
    assert (match.recommendation_id, match.score, match.text_score, match.theme_score) == (earlier.id, 0.85, 1.0, 0.5)


def test_the_cache_keeps_the_most_recent_partnerships_and_drops_the_oldest(app, db):
    # Partnerships with no recommendations have empty indexes; ids that do not exist are enough to fill the cache.
    first_id = 1_000_000
    with app.app_context():
        similarity.forget()
        try:
            built = {pid: similarity.index_for(pid) for pid in range(first_id, first_id + similarity.CACHE_SIZE + 1)}
            # A hit does not reorder the cache, so these checks leave it as it is.
            assert all(similarity.index_for(pid) is index for pid, index in built.items() if pid != first_id)
            assert similarity.index_for(first_id) is not built[first_id]
        finally:
            similarity.forget()


def test_forgetting_one_partnership_keeps_the_others(world):
    mine, other = world["r1"].partnership_id, world["r1"].partnership_id + 1_000_000
    kept = similarity.index_for(other)
    dropped = similarity.index_for(mine)
    similarity.forget(mine)
    assert similarity.index_for(other) is kept
    assert similarity.index_for(mine) is not dropped


def test_flushing_something_other_than_a_recommendation_keeps_the_cached_index(world):
    partnership = world["r1"].partnership_id
    add(world, world["r2"], EARLIER, "risk-assessment")
    cached = similarity.index_for(partnership)
    world["r1"].circumstances = "Updated while the recommendations stay as they were"
    _db.session.flush()
    assert similarity.index_for(partnership) is cached


# As long as EARLIER, so a rolled-back EARLIER and this one can leave the same fingerprint.
SAME_LENGTH = (
    "Schools should tell the designated safeguarding lead about each pupil who is living with domestic abuse at home."
)


def test_a_rolled_back_recommendation_is_not_matched_even_when_the_fingerprint_repeats(frozen_clock, world):
    """SQLite hands a rolled-back id out again, so only the flush listener tells the cache the text changed."""
    assert len(SAME_LENGTH) == len(EARLIER)
    partnership = world["r1"].partnership_id
    savepoint = _db.session.begin_nested()
    add(world, world["r2"], EARLIER, "risk-assessment")
    assert similarity.similar(partnership, EARLIER, []) != []
    savepoint.rollback()
    second = add(world, world["r2"], SAME_LENGTH, "risk-assessment")
    assert ids(similarity.similar(partnership, SAME_LENGTH, [])) == [second.id]
    assert similarity.similar(partnership, EARLIER, []) == []


def test_outcome_wording_for_one_action_and_for_a_completion_without_a_date():
    from dhr.actions.models import Action
    from dhr.actions.stages import ActionStatus

    # Unsaved actions: the wording needs only their status and completion date.
    assert similarity.outcome_of([Action(status=ActionStatus.AT_RISK)]) == "in progress: 1 of 1 action open"
    undated = Action(status=ActionStatus.COMPLETED, completed_on=None)
    assert similarity.outcome_of([undated]) == "completed"
    superseded = Action(status=ActionStatus.SUPERSEDED)
    assert similarity.outcome_of([undated, superseded]) == "completed (1 of 2 actions superseded)"


def test_a_match_exactly_at_the_threshold_or_the_text_floor_counts():
    # One document, so every word's IDF is exactly 1 and these figures are exact in floating point.
    four = similarity.Index([(1, 10, "alpha beta gamma delta", frozenset())])
    assert _ranked(four, "alpha") == [(1, 0.35, 0.5, 0.0)]  # 0.7 x 1/2 = 0.35, the threshold itself
    sixteen_words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi"
    sixteen = similarity.Index([(1, 10, sixteen_words, frozenset({1}))])
    assert _ranked(sixteen, "alpha", [1]) == [(1, 0.475, 0.25, 1.0)]  # cosine 1/4, the floor itself


def _edit_text(recommendation, text, actor):
    """Change the text through the service, as the recommendation page does."""
    return recommendations.save_recommendation(
        recommendation.review,
        text=text,
        scope=recommendation.scope,
        multi_agency=recommendation.multi_agency,
        agency=recommendation.agency,
        department=recommendation.department,
        department_other=recommendation.department_other,
        answers=recommendation.answers,
        themes=list(recommendation.themes),
        actor=actor,
        recommendation=recommendation,
    )


def test_a_rolled_back_edit_is_not_matched_even_when_the_fingerprint_repeats(frozen_clock, world):
    """The same count, versions, lengths and time: only the flush listener tells the cache the text changed."""
    partnership = world["r1"].partnership_id
    mine = add(world, world["r2"], UNRELATED, "housing")
    savepoint = _db.session.begin_nested()
    _edit_text(mine, EARLIER, world["coordinator"])
    assert ids(similarity.similar(partnership, EARLIER, [])) == [mine.id]
    savepoint.rollback()
    _edit_text(mine, SAME_LENGTH, world["coordinator"])
    assert ids(similarity.similar(partnership, SAME_LENGTH, [])) == [mine.id]
    assert similarity.similar(partnership, EARLIER, []) == []


def test_a_deleted_recommendation_never_takes_the_place_of_a_match_when_the_fingerprint_repeats(frozen_clock, world):
    """A stale index would rank the deleted one first; it cannot be shown, so the one real match would be lost."""
    partnership = world["r1"].partnership_id
    kept, removed = add(world, world["r2"], EARLIER, "housing"), add(world, world["r2"], SAME_LENGTH, "housing")
    near = add(world, world["r2"], f"{SAME_LENGTH} As well.", "housing")
    add(world, world["r2"], UNRELATED)  # the highest id, so deleting either of the first two leaves it unchanged
    savepoint = _db.session.begin_nested()
    _db.session.delete(kept)
    _db.session.flush()
    assert ids(similarity.similar(partnership, SAME_LENGTH, [], limit=1)) == [removed.id]
    savepoint.rollback()
    _db.session.delete(removed)
    _db.session.flush()
    assert ids(similarity.similar(partnership, SAME_LENGTH, [], limit=1)) == [near.id]


# The tests that compare fingerprints take frozen_clock before world, so the whole world is stamped at one frozen
# moment whatever today's date is.


def _rewrite(recommendation_id: int, **values) -> None:
    """Change a row with plain SQL, as another worker's save looks from here: no ORM event in this process."""
    from sqlalchemy import update

    _db.session.execute(
        update(Recommendation)
        .where(Recommendation.id == recommendation_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


@pytest.mark.parametrize(
    "change",
    ["a new version of the same length", "the same version rewritten later", "a longer text", "a theme swapped"],
)
def test_each_part_of_the_fingerprint_alone_notices_a_change_by_another_process(frozen_clock, world, change):
    from sqlalchemy import update

    from dhr.recommendations.models import recommendation_themes

    partnership = world["r1"].partnership_id
    mine = add(world, world["r2"], EARLIER, "housing")
    cached = similarity.index_for(partnership)
    # Each change below leaves every other part of the fingerprint as it was (the clock is frozen).
    if change == "a new version of the same length":
        _rewrite(mine.id, text=SAME_LENGTH, version=Recommendation.version + 1)
    elif change == "the same version rewritten later":
        frozen_clock.advance(minutes=5)
        _rewrite(mine.id, text=SAME_LENGTH)
    elif change == "a longer text":
        _rewrite(mine.id, text=EARLIER + " Within a week.")
    else:
        (housing,), (marac,) = themed(world, "housing"), themed(world, "marac")
        _db.session.execute(
            update(recommendation_themes)
            .where(recommendation_themes.c.recommendation_id == mine.id, recommendation_themes.c.theme_id == housing.id)
            .values(theme_id=marac.id)
        )
    assert similarity.index_for(partnership) is not cached


def test_limits_apply_to_one_lookup_and_to_a_whole_review(world):
    partnership = world["r1"].partnership_id
    mine = add(world, world["r1"], EARLIER, "risk-assessment")
    add(world, world["r1"], f"{EARLIER} Again.", "risk-assessment")
    theirs = add(world, world["r2"], EARLIER, "risk-assessment")
    also_theirs = add(world, world["r2"], f"{EARLIER} Too.", "risk-assessment")
    assert ids(similarity.similar(partnership, EARLIER, [], exclude_review_id=world["r1"].id, limit=1)) == [theirs.id]
    # A review's own recommendations are never offered as repeats of each other.
    found = similarity.similar_for(world["r1"], [mine])
    assert ids(found[mine.id]) == [theirs.id, also_theirs.id]
    assert ids(similarity.similar_for(world["r1"], [mine], limit=1)[mine.id]) == [theirs.id]


def test_nothing_to_look_up_asks_nothing_of_the_database(world):
    """The check runs as the coordinator types, so an empty box must not cost a fingerprint query."""
    with count_queries(_db.session.connection()) as statements:
        assert similarity.similar(world["r1"].partnership_id, "  ", []) == []
        assert similarity.similar_for(world["r1"], []) == {}
    assert len(statements) == 0
    # Text that matches nothing costs the fingerprint alone once the index is built: no loading of matches.
    add(world, world["r2"], UNRELATED, "housing")
    similarity.index_for(world["r1"].partnership_id)
    with count_queries(_db.session.connection()) as statements:
        assert similarity.similar(world["r1"].partnership_id, EARLIER, []) == []
    assert len(statements) == 1
