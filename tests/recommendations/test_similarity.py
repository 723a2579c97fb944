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
from dhr.recommendations.stages import Scope
from dhr.reviews.models import Review
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


def test_another_partnerships_recommendations_are_never_matched(world, db):
    from dhr.reviews import services as reviews
    from dhr.reviews.models import DeathCategory

    p2 = _db.session.get(Partnership, _db.session.get(Agency, world["objects"]["P2"]["agency"]).partnership_id)
    p2_agency = _db.session.get(Agency, world["objects"]["P2"]["agency"])
    p2_coordinator = _db.session.get(User, world["users"]["other_coordinator"].id)
    elsewhere = reviews.create_review(
        p2,
        actor=p2_coordinator,
        category=DeathCategory.INTIMATE_PARTNER,
        notified_on=london_today(),
        notifying_agency_id=p2_agency.id,
        date_of_death=london_today() - timedelta(days=3),
        place_of_death="Elsewhere",
        police_force_area="Elsewhere",
        circumstances="",
    )
    theirs = recommendations.save_recommendation(
        elsewhere,
        text=EARLIER,
        scope=Scope.LOCAL,
        multi_agency=False,
        agency=p2_agency,
        department=None,
        department_other="",
        answers=[],
        themes=[],
        actor=p2_coordinator,
    )
    found = similarity.similar(world["r1"].partnership_id, EARLIER, [])
    assert theirs.id not in ids(found)
    assert ids(similarity.similar(p2.id, EARLIER, [])) == [theirs.id]


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
