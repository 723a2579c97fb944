"""Changing the strategy and a delivery group: objectives keep their numbers and links, a linked one cannot be
removed, errors keep what was typed, and every change is audited."""

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.duties.models import Objective, Strategy
from dhr.extensions import db as _db
from dhr.recommendations.models import Recommendation
from tests.actions.action_world import build_action_world
from tests.conftest import check_page, csrf_token, start_session_cookie


def _world(db):
    world = db.run(build_action_world)

    def strategy():
        from dhr.duties.seed import seed_strategy
        from dhr.reviews.models import Review

        partnership = _db.session.get(Review, world["objects"]["R1"]["review"]).partnership
        seed_strategy(partnership)
        group = _db.session.scalar(select(Strategy).where(Strategy.partnership_id == partnership.id)).groups[0]
        for objective in group.objectives:  # set-up only: each test makes its own links
            objective.recommendations.clear()
            objective.actions.clear()
        return group.id, [o.id for o in group.objectives]

    world["group"], world["objectives"] = db.run(strategy)
    return world


def _coordinator(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    return client


def test_a_linked_objective_keeps_its_link_when_reworded_and_cannot_be_removed(app, db):
    world = _world(db)

    def link_first():
        objective = _db.session.get(Objective, world["objectives"][0])
        objective.recommendations.append(_db.session.get(Recommendation, world["actions"]["R1"]["recommendation"]))

    db.run(link_first)
    client = _coordinator(app, db, world)
    url = f"/strategy/groups/{world['group']}/edit"
    response = client.post(url, data={"csrf_token": csrf_token(client), "name": "Victim", "aim": "", "objectives": ""})
    assert "Enter at least one objective" in response.get_data(as_text=True)
    # Reword the first objective and drop the other five.
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "name": "Victim",
            "aim": "Fewer repeat victims",
            "objectives": "Repeat victims found early",
        },
    )
    assert response.status_code == 302
    texts = db.scalars(select(Objective.text).where(Objective.group_id == world["group"]).order_by(Objective.number))
    assert texts == ["Repeat victims found early"]
    linked = db.scalar(select(Objective.id).where(Objective.id == world["objectives"][0]))
    assert linked == world["objectives"][0]

    def links_of_the_first():
        objective = _db.session.get(Objective, world["objectives"][0])
        return len(objective.recommendations)

    assert db.run(links_of_the_first) == 1
    page = check_page(
        client.post(
            url, data={"csrf_token": csrf_token(client), "name": "Victim", "aim": "", "objectives": "\n"}
        ).get_data(as_text=True)
    )
    assert "Enter at least one objective" in page.select_one(".govuk-error-summary").text


def test_a_linked_objective_cannot_be_dropped(app, db):
    world = _world(db)

    def link_last():
        objective = _db.session.get(Objective, world["objectives"][-1])
        objective.recommendations.append(_db.session.get(Recommendation, world["actions"]["R1"]["recommendation"]))

    db.run(link_last)
    client = _coordinator(app, db, world)
    response = client.post(
        f"/strategy/groups/{world['group']}/edit",
        data={"csrf_token": csrf_token(client), "name": "Victim", "aim": "", "objectives": "Only one now"},
    )
    page = check_page(response.get_data(as_text=True))
    assert "Objective 6 has linked review recommendations" in page.select_one(".govuk-error-summary").text
    assert page.select_one("textarea[name=objectives]").text.strip() == "Only one now"


def test_changing_the_strategy_keeps_typed_values_on_error_and_is_audited(app, db):
    world = _world(db)
    client = _coordinator(app, db, world)
    fields = {"title": "Safer Westminster", "starts_year": "2024", "ends_year": "2021", "principles": "A\nB\n\nC"}
    page = check_page(
        client.post("/strategy/edit", data={"csrf_token": csrf_token(client), **fields}).get_data(as_text=True)
    )
    assert "Last year must be the same as or after the first year" in page.select_one(".govuk-error-summary").text
    assert page.select_one("input[name=title]")["value"] == "Safer Westminster"
    fields["ends_year"] = "2027"
    assert client.post("/strategy/edit", data={"csrf_token": csrf_token(client), **fields}).status_code == 302
    principles = db.scalar(select(Strategy.principles).where(Strategy.title == "Safer Westminster"))
    assert principles == ["A", "B", "C"]
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "strategy.changed")) is not None
