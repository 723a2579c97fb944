"""Recommendation pages: the list with actions and similar recommendations, adding with a check for similar ones,
errors that keep what was typed, answers checked against the draft, lost updates, the review tab, query counts."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from dhr.actions.models import Action
from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.drafting import services as drafting
from dhr.drafting.structure import OVERVIEW
from dhr.extensions import db as _db
from dhr.recommendations import services as recommendations
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Scope
from dhr.reviews.models import Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.recommendations.rec_world import build_recommendation_world
from tests.test_query_counts import count_queries

REPEAT = "Agencies must share the outcomes of DASH risk assessments with GPs."


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_recommendation_world)


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _post(client, url, data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _errors(html: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)]


def _base(world, key="R1"):
    return f"/reviews/{world['objects'][key]['review']}/recommendations"


def _fields(world, **changes) -> dict:
    return {
        "text": "The GP practice should ask about domestic abuse at every appointment.",
        "scope": "local",
        "agencies": "single",
        "agency": str(world["objects"]["R1"]["agency"]),
        "answers": "17.1",
        "themes": [str(world["recommendations"]["P1"]["themes"][0])],
        "submit": "y",
        **changes,
    }


def _add(world, key, text, theme_count=2, **kwargs):
    """A recommendation on a review, made through the service, tagged with the world's first themes."""
    review = _db.session.get(Review, world["objects"][key]["review"])
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    return recommendations.save_recommendation(
        review,
        text=text,
        scope=kwargs.get("scope", Scope.LOCAL),
        multi_agency=False,
        agency=_db.session.get(Agency, world["objects"][key]["agency"]),
        department=kwargs.get("department"),
        department_other="",
        answers=kwargs.get("answers", ["17.1"]),
        themes=recommendations.themes_for(review.partnership_id)[:theme_count],
        actor=coordinator,
    ).id


def _write(world, key, body):
    review = _db.session.get(Review, world["objects"]["R1"]["review"])
    row = drafting.section_of(review, OVERVIEW, key)
    drafting.save_section(
        review,
        OVERVIEW,
        OVERVIEW.section(key),
        body=body,
        base_revision=row.revision if row else 0,
        actor=_db.session.get(User, world["users"]["chair"].id),
    )


def _count(db, **where):
    query = select(func.count()).select_from(Recommendation)
    for column, value in where.items():
        query = query.where(getattr(Recommendation, column) == value)
    return db.scalar(query)


def test_the_list_shows_each_recommendation_its_actions_and_similar_ones_from_other_reviews(app, db, world):
    db.run(_add, world, "R2", REPEAT)
    db.run(_add, world, "R1", "Fund an independent adviser in the emergency department.", answers=[])

    def past_target():
        _db.session.get(Action, world["actions"]["R1"]["A"]).target_on = london_today() - timedelta(days=1)

    db.run(past_target)
    client = _as(app, db, world, "panel_member")
    page = check_page(client.get(_base(world)).get_data(as_text=True))
    text = " ".join(page.get_text(" ").split())
    first, second = text.index("Recommendation 1"), text.index("Recommendation 2")
    assert first < second
    one = text[first:second]
    assert "Agencies should share DASH outcomes with the GP." in one
    assert "Local" in one
    assert "Multi-agency" in one
    assert "and partners" in one  # a lead agency and others
    assert "R1.1 CNRY-ACTION-" in one
    assert "R1.2 CNRY-ACTION-" in one
    assert "Overdue" in one  # an open action past its target date
    assert "Not started" in one
    r2 = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R2"]["review"]))
    assert f"Similar to {r2} R2, no actions recorded" in one
    assert REPEAT in one
    two = text[second:]
    assert "Not linked to a finding or lesson" in two
    assert "None found." in two
    # A panel member reads; only those who manage recommendations see the buttons.
    assert "Add a recommendation" not in text
    assert "Change recommendation" not in text
    manager = _as(app, db, world, "author").get(_base(world)).get_data(as_text=True)
    assert "Add a recommendation" in manager
    assert 'Change<span class="govuk-visually-hidden"> recommendation 2' in manager


def test_the_review_tab_shows_for_the_review_team_but_not_for_agency_contributors(app, db, world):
    review = f"/reviews/{world['objects']['R1']['review']}"
    for persona, shown in (("panel_member", True), ("observer", True), ("chair", True), ("contributor_a", False)):
        page = _as(app, db, world, persona).get(review).get_data(as_text=True)
        assert (f'href="{_base(world)}"' in page) is shown, persona


def test_adding_a_recommendation_numbers_it_audits_it_and_shows_it(app, db, world):
    client = _as(app, db, world, "chair")
    themes = world["recommendations"]["P1"]["themes"]
    response = _post(client, f"{_base(world)}/new", _fields(world, themes=[str(themes[0]), str(themes[3])]))
    assert response.status_code == 302
    assert response.headers["Location"] == f"{_base(world)}#r2"
    saved = db.scalar(
        select(Recommendation).where(
            Recommendation.review_id == world["objects"]["R1"]["review"], Recommendation.number == 2
        )
    )
    assert saved.agency_id == world["objects"]["R1"]["agency"]
    assert saved.answers == ["17.1"]
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "recommendation.added", AuditEvent.object_id == saved.id)
        )
        == 1
    )
    assert "The GP practice should ask about domestic abuse" in client.get(_base(world)).get_data(as_text=True)


def test_checking_for_similar_recommendations_keeps_what_was_typed_and_saves_nothing(app, db, world):
    db.run(_add, world, "R2", REPEAT)
    client = _as(app, db, world, "author")
    before = _count(db)
    events = db.scalar(select(func.count()).select_from(AuditEvent))
    typed = _fields(world, text="Agencies should share DASH outcomes with GPs within a day.", answers="17.9, x")
    typed.pop("submit")
    response = _post(client, f"{_base(world)}/new", {**typed, "check": "y", "scope": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = check_page(html)
    assert _count(db) == before
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert not _errors(html)  # a look-up refuses nothing, even what saving would refuse
    assert page.find("textarea", attrs={"name": "text"}).get_text() == typed["text"]
    assert page.find("input", attrs={"name": "answers"})["value"] == "17.9, x"
    ticked = [box["value"] for box in page.find_all("input", attrs={"name": "themes"}) if box.has_attr("checked")]
    assert ticked == typed["themes"]
    similar = " ".join(page.find(id="similar").get_text(" ").split())
    r2 = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R2"]["review"]))
    assert f"Similar to {r2} R2, no actions recorded" in similar
    # The look-up leaves out this review's own recommendations.
    assert "R1, " not in similar
    # Nothing similar: it says so.
    unrelated = _post(client, f"{_base(world)}/new", {**typed, "check": "y", "text": "Fund a refuge for men."})
    assert "No similar recommendation was found" in unrelated.get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "  "}, "text", "Enter the recommendation"),
        ({"scope": ""}, "scope", "Select whether the recommendation is local, regional or national"),
        ({"agency": ""}, "agency", "Select the agency the recommendation is for"),
        ({"scope": "national", "agency": ""}, "department", "Select the government department"),
        ({"scope": "national", "department": "other"}, "department_other", "Enter the name of the department"),
        ({"answers": "19.2"}, "answers", "Not: 19.2"),
        ({"themes": ["999999"]}, "themes", "valid choice"),
        ({"department": "treasury"}, "department", "Select the department from the list"),
    ],
)
def test_errors_keep_what_was_typed(app, db, world, changes, field, message):
    client = _as(app, db, world, "coordinator")
    before = _count(db)
    typed = _fields(world, **changes)
    response = _post(client, f"{_base(world)}/new", typed)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = check_page(html)
    assert page.title.get_text().startswith("Error:")
    assert any(message in error for error in _errors(html)), _errors(html)
    assert page.find(id=f"{field}-error") is not None  # the message sits on its field too
    assert _count(db) == before
    if typed["text"].strip():
        assert page.find("textarea", attrs={"name": "text"}).get_text() == typed["text"]
    if typed["scope"]:
        assert page.find("input", attrs={"name": "scope", "value": typed["scope"]}).has_attr("checked")


def test_a_multi_agency_recommendation_may_name_no_single_agency(app, db, world):
    client = _as(app, db, world, "coordinator")
    response = _post(client, f"{_base(world)}/new", _fields(world, agencies="several", agency=""))
    assert response.status_code == 302
    saved = db.scalar(select(Recommendation).order_by(Recommendation.id.desc()))
    assert saved.multi_agency
    assert saved.agency_id is None
    assert "Several agencies" in client.get(_base(world)).get_data(as_text=True)


def test_a_national_recommendation_names_a_department_and_no_agency(app, db, world):
    client = _as(app, db, world, "coordinator")
    response = _post(
        client,
        f"{_base(world)}/new",
        _fields(world, scope="national", department="other", department_other="Cabinet Office"),
    )
    assert response.status_code == 302
    saved = db.scalar(select(Recommendation).order_by(Recommendation.id.desc()))
    assert saved.agency_id is None
    assert saved.department_other == "Cabinet Office"
    assert "Cabinet Office" in client.get(_base(world)).get_data(as_text=True)


def test_answers_must_be_paragraphs_the_draft_has(app, db, world):
    db.run(_write, world, "lessons", "Routine enquiry was not used.\n\nPlans were not shared.")
    client = _as(app, db, world, "chair")
    refused = _post(client, f"{_base(world)}/new", _fields(world, answers="18.1, 18.3"))
    assert refused.status_code == 200
    assert (
        "Section 18 (lessons to be learnt) has paragraphs 18.1 to 18.2: there is no 18.3"
        in _errors(refused.get_data(as_text=True))[0]
    )
    # Section 17 is not written yet, so 17.4 cannot be checked and is accepted.
    assert _post(client, f"{_base(world)}/new", _fields(world, answers="18.2, 17.4")).status_code == 302
    page = client.get(_base(world)).get_data(as_text=True)
    assert "<strong>18.2</strong>: Plans were not shared." in page


def test_changing_a_recommendation_is_audited_and_refused_after_someone_else_saved(app, db, world):
    rec = world["recommendations"]["R1"]
    url = f"{_base(world)}/{rec['recommendation']}/edit"
    db.run(_add, world, "R2", REPEAT)
    client = _as(app, db, world, "author")
    opened = check_page(client.get(url).get_data(as_text=True))
    assert (
        opened.find("textarea", attrs={"name": "text"}).get_text() == "Agencies should share DASH outcomes with the GP."
    )
    assert opened.find("input", attrs={"name": "agencies", "value": "several"}).has_attr("checked")
    assert "Similar to" in opened.find(id="similar").get_text()  # what it already resembles, straight away
    version = opened.find("input", attrs={"name": "version"})["value"]
    changed = _fields(world, text="Agencies should share DASH outcomes with the GP within a week.", version=version)
    assert _post(client, url, changed).status_code == 302
    assert db.scalar(select(Recommendation.text).where(Recommendation.id == rec["recommendation"])).endswith("week.")
    assert (
        db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "recommendation.changed"))
        == 1
    )
    stale = _post(client, url, {**changed, "text": "Lost update"})
    assert stale.status_code == 200
    assert "Someone else changed this recommendation" in _errors(stale.get_data(as_text=True))[0]
    assert db.scalar(select(Recommendation.text).where(Recommendation.id == rec["recommendation"])).endswith("week.")


def _fill(world, count):
    """R1 with `count` recommendations, each with two actions; R2 with similar ones."""
    from dhr.actions import services as actions

    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
    for n in range(count):
        _add(world, "R2", f"{REPEAT} Version {n}.")
        recommendation = _db.session.get(Recommendation, _add(world, "R1", f"{REPEAT} Take {n}.", answers=["17.1"]))
        for m in range(2):
            actions.save_action(
                recommendation,
                action_text=f"Action {m}",
                lead_agency=agency,
                owner=None,
                owner_name="Owner",
                milestones="",
                target_on=london_today(),
                actor=coordinator,
            )


def test_the_list_uses_a_constant_number_of_queries(app, db, frozen_clock):
    counts = []
    for count in (1, 5):
        with db.cell():
            world = db.run(build_recommendation_world)
            db.run(_write, world, "lessons", "A lesson.\n\nAnother lesson.")
            db.run(_fill, world, count)
            client = _as(app, db, world, "coordinator")
            assert client.get(_base(world)).status_code == 200  # the index is built once, outside the count
            with count_queries(db.connection) as statements:
                response = client.get(_base(world))
            assert response.status_code == 200
            assert response.get_data(as_text=True).count("Similar to") >= count
            counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_drafting_pages_of_section_19_say_the_structured_recommendations_replace_them(app, db, world):
    client = _as(app, db, world, "chair")
    review = world["objects"]["R1"]["review"]
    for path in ("recommendations", "recommendations/edit"):
        html = client.get(f"/reviews/{review}/report/overview/{path}").get_data(as_text=True)
        assert "This review has 1 recommendation recorded" in html
        assert f'href="/reviews/{review}/recommendations"' in html
    assert "recommendation recorded" not in client.get(f"/reviews/{review}/report/overview/lessons").get_data(
        as_text=True
    )
    other = client.get(f"/reviews/{review}/report/overview/recommendations")
    assert other.status_code == 200


def test_the_national_export_is_offered_to_those_who_may_download_it(app, db, world):
    coordinator = _as(app, db, world, "coordinator").get(_base(world)).get_data(as_text=True)
    assert 'href="/recommendations/national.csv"' in coordinator
    assert 'href="/recommendations/national.json"' in coordinator
    chair = _as(app, db, world, "chair").get(_base(world)).get_data(as_text=True)
    assert "/recommendations/national" not in chair


def test_an_imrs_recommendations_are_recorded_as_single_agency_ones_and_the_readiness_check_follows(app, db):
    """The accepted IMR's recommendations section, one per paragraph, becomes recommendations of its agency,
    numbered after the panel's; the readiness check fails until every one is recorded."""
    from dhr.evidence.models import AgencyInvolvement, ImrVersion
    from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired
    from dhr.readiness.checks import run_checks
    from dhr.recommendations.models import Recommendation
    from dhr.reviews.models import Review
    from tests.conftest import csrf_token, start_session_cookie
    from tests.factories import create_agency
    from tests.recommendations.rec_world import build_recommendation_world

    world = db.run(build_recommendation_world)
    rid = world["objects"]["R1"]["review"]

    def add_imr():
        from dhr.extensions import db as _db

        review = _db.session.get(Review, rid)
        agency = create_agency(review.partnership, code="CNWL", name="Central and North West London NHS Trust")
        involvement = AgencyInvolvement(
            review_id=rid,
            agency_id=agency.id,
            output=OutputRequired.IMR,
            status=EvidenceStatus.ACCEPTED,
            contact_victim=Contact.YES,
            contact_perpetrator=Contact.NO,
            contact_children=Contact.UNKNOWN,
        )
        _db.session.add(involvement)
        _db.session.flush()
        text = "1. Train triage staff in routine enquiry.\n\n2) Audit the use of DASH in mental health teams."
        _db.session.add(ImrVersion(involvement_id=involvement.id, number=1, sections={"recommendations": text}))
        _db.session.flush()
        check = next(r for r in run_checks(review) if r.key == "single_agency").outcome
        return involvement.id, agency.id, check

    involvement_id, agency_id, before = db.run(add_imr)
    assert not before.passed
    assert before.detail == "Record the IMRs' recommendations: Central and North West London NHS Trust (2 of 2)."
    existing = db.scalar(select(func.max(Recommendation.number)).where(Recommendation.review_id == rid)) or 0
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    page = client.get(f"/reviews/{rid}/recommendations").get_data(as_text=True)
    assert "Single-agency recommendations in the IMRs" in page
    response = client.post(
        f"/reviews/{rid}/recommendations/from-imr/{involvement_id}", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    recorded = db.scalars(
        select(Recommendation)
        .where(Recommendation.from_involvement_id == involvement_id)
        .order_by(Recommendation.number)
    )
    assert [(r.number, r.text, r.agency_id, r.multi_agency, r.from_paragraph) for r in recorded] == [
        (existing + 1, "Train triage staff in routine enquiry.", agency_id, False, 1),
        (existing + 2, "Audit the use of DASH in mental health teams.", agency_id, False, 2),
    ]
    again = client.post(
        f"/reviews/{rid}/recommendations/from-imr/{involvement_id}", data={"csrf_token": csrf_token(client)}
    )
    assert again.status_code == 302  # nothing twice: refused with a message
    assert db.scalar(select(func.count()).where(Recommendation.from_involvement_id == involvement_id)) == 2

    def check_again():
        from dhr.extensions import db as _db

        return next(r for r in run_checks(_db.session.get(Review, rid)) if r.key == "single_agency").outcome

    after = db.run(check_again)
    assert after.passed, after.detail


def test_learning_events_are_recorded_and_a_bad_entry_keeps_what_was_typed(app, db):
    from dhr.recommendations.models import LearningEvent
    from tests.conftest import csrf_token, start_session_cookie
    from tests.dates import fields_from_today
    from tests.recommendations.rec_world import build_recommendation_world

    world = db.run(build_recommendation_world)
    rid = world["objects"]["R1"]["review"]
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    bad = client.post(
        f"/reviews/{rid}/learning",
        data={"csrf_token": csrf_token(client), "kind": "seven_minute", "audience": "GP leads", "reached": "lots"},
    )
    html = bad.get_data(as_text=True)
    assert "Enter the date" in html
    assert 'value="GP leads"' in html
    done = client.post(
        f"/reviews/{rid}/learning",
        data={
            "csrf_token": csrf_token(client),
            "kind": "seven_minute",
            "held_on": fields_from_today(),
            "audience": "GP leads",
            "reached": "40",
        },
    )
    assert done.status_code == 302
    event = db.scalar(select(LearningEvent))
    assert (event.kind.value, event.audience, event.reached) == ("seven_minute", "GP leads", 40)
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "learning.recorded")) == "learning.recorded"
    assert "7-minute briefing" in client.get(f"/reviews/{rid}/learning").get_data(as_text=True)


def test_a_recommendation_can_start_from_a_paragraph_of_the_drafts_section_19(app, db, world):
    recorded = "Agencies should record coercive control on every referral."
    waiting = "The CSP should commission training on economic abuse for housing officers."
    db.run(lambda: _write(world, "recommendations", f"### Multi-agency\n\n{recorded}\n\n{waiting}"))
    db.run(lambda: _add(world, "R1", recorded))
    coordinator = _as(app, db, world, "coordinator")
    page = BeautifulSoup(coordinator.get(_base(world)).get_data(as_text=True), "html.parser")
    offered = page.select("#from-section-19 + p + ul li")
    shown = [" ".join(item.get_text(" ").split()) for item in offered]
    assert shown == [f"Record 19.2 as a recommendation : {waiting}"]
    form = BeautifulSoup(coordinator.get(offered[0].a["href"]).get_data(as_text=True), "html.parser")
    assert form.select_one("textarea[name=text]").get_text().strip() == waiting
