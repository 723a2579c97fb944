"""Register rules: live review rows only for register readers, an overdue occurrence met on time, a changed due day
replacing the untouched occurrences, impossible due days refused, reasons cleared, bad years answered, objectives
keeping their numbers, live duties on the dashboard and constant queries on the strategy pages."""

from datetime import timedelta

from sqlalchemy import select

from dhr.core.dates import london_today
from dhr.duties import workflow
from dhr.duties.models import Duty, DutyOccurrence, Objective
from dhr.duties.rules import annual
from dhr.duties.stages import OccurrenceStatus
from dhr.extensions import db as _db
from dhr.reviews.models import Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.duties.duty_world import build_duty_world
from tests.test_query_counts import count_queries

OS = OccurrenceStatus


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _duty_id(db, world, code: str) -> int:
    pid = world["duties"]["P1"]["partnership"]
    return db.scalar(select(Duty.id).where(Duty.partnership_id == pid, Duty.code == code))


def test_an_owning_agency_sees_a_live_duty_s_counts_but_not_the_reviews(app, db):
    world = db.run(build_duty_world)
    d16 = _duty_id(db, world, "D16")

    def own_d16():
        _db.session.get(Duty, d16).owner_agency_id = world["objects"]["R1"]["agency"]  # agency A owns D16

    db.run(own_d16)
    reference = db.scalar(select(Review.reference).where(Review.id == world["objects"]["R2"]["review"]))
    owner_page = _client(app, db, world, "contributor_a").get(f"/duties/{d16}").get_data(as_text=True)
    assert "2 open reviews" in owner_page
    assert reference not in owner_page
    board_page = _client(app, db, world, "board_member").get(f"/duties/{d16}").get_data(as_text=True)
    assert reference in board_page


def test_an_overdue_occurrence_met_by_its_due_date_is_met_and_a_reason_does_not_outlive_not_applicable(db):
    world = db.run(build_duty_world)

    def record():
        from dhr.auth.models import User

        occurrence = _db.session.get(DutyOccurrence, world["duties"]["A"]["occurrence"])
        actor = _db.session.get(User, world["users"]["coordinator"].id)
        workflow.transition(occurrence, OS.NOT_APPLICABLE, actor=actor, reason="No data")
        workflow.transition(occurrence, OS.NOT_STARTED, actor=actor)
        assert occurrence.reason == ""
        workflow.transition(occurrence, OS.OVERDUE, actor=None)
        workflow.mark_met(occurrence, met_on=occurrence.due_on - timedelta(days=3), actor=actor)
        return occurrence.status

    assert db.run(record) is OS.MET


def test_changing_a_due_day_replaces_untouched_future_occurrences_and_refuses_impossible_days(app, db):
    world = db.run(build_duty_world)
    d02 = _duty_id(db, world, "D02")
    coordinator = _client(app, db, world, "coordinator")
    token = csrf_token(coordinator)
    fields = {"csrf_token": token, "owner_agency": "", "owner_officer": "Analyst", "active": "y"}
    page = check_page(
        coordinator.post(f"/duties/{d02}/edit", data={**fields, "due_day": "31", "due_month": "4"}).get_data(
            as_text=True
        )
    )
    assert "The due day must be a real day of that month" in page.select_one(".govuk-error-summary").text
    assert page.select_one("#due_day")["value"] == "31"
    assert (
        coordinator.post(f"/duties/{d02}/edit", data={**fields, "due_day": "30", "due_month": "6"}).status_code == 302
    )
    future = db.scalars(
        select(DutyOccurrence.due_on).where(DutyOccurrence.duty_id == d02, DutyOccurrence.due_on >= london_today())
    )
    assert future
    assert all((d.month, d.day) == (6, 30) for d in future)


def test_a_due_day_past_the_month_end_falls_on_its_last_day():
    assert [
        p.due_on.day
        for p in annual(london_today().replace(month=1, day=1), london_today().replace(month=12, day=31), 9, 31)
    ] == [30]


def test_a_year_that_is_not_four_digits_is_an_error_not_a_failure(app, db):
    world = db.run(build_duty_world)
    response = _client(app, db, world, "board_member").get("/duties/annual-report?year=%C2%B2")
    assert response.status_code == 200
    assert "Enter a year from 2000" in response.get_data(as_text=True)


def test_deleting_an_objective_from_the_middle_is_refused(app, db):
    world = db.run(build_duty_world)
    group = world["duties"]["P1"]["group"]
    texts = db.scalars(select(Objective.text).where(Objective.group_id == group).order_by(Objective.number))
    coordinator = _client(app, db, world, "coordinator")
    response = coordinator.post(
        f"/strategy/groups/{group}/edit",
        data={"csrf_token": csrf_token(coordinator), "name": "Victim", "aim": "", "objectives": "\n".join(texts[1:])},
    )
    assert "Objectives keep their numbers" in response.get_data(as_text=True)
    assert db.scalars(select(Objective.text).where(Objective.group_id == group).order_by(Objective.number)) == texts


def test_the_administrator_sees_a_group_s_progress_but_not_review_actions(app, db):
    world = db.run(build_duty_world)

    def link():
        from dhr.actions import services as actions
        from dhr.agencies.models import Agency
        from dhr.auth.models import User
        from dhr.recommendations import services as recommendations
        from dhr.recommendations.scopes import Scope

        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
        made = recommendations.save_recommendation(
            review,
            text="Share DASH outcomes",
            scope=Scope.LOCAL,
            multi_agency=False,
            agency=agency,
            department=None,
            department_other="",
            answers=[],
            themes=[],
            actor=coordinator,
        )
        actions.save_action(
            made,
            action_text="CNRY-LINKED-ACTION",
            lead_agency=agency,
            owner=None,
            owner_name="Lead",
            milestones="",
            target_on=None,
            actor=coordinator,
        )
        objective = _db.session.get(Objective, world["duties"]["P1"]["objective"])
        objective.recommendations.append(made)

    db.run(link)
    url = f"/strategy/groups/{world['duties']['P1']['group']}"
    assert "CNRY-LINKED-ACTION" not in _client(app, db, world, "admin").get(url).get_data(as_text=True)
    assert "CNRY-LINKED-ACTION" in _client(app, db, world, "coordinator").get(url).get_data(as_text=True)


def _link_more(world, count):
    from dhr.actions import services as actions
    from dhr.agencies.models import Agency
    from dhr.auth.models import User
    from dhr.recommendations import services as recommendations
    from dhr.recommendations.scopes import Scope

    review = _db.session.get(Review, world["objects"]["R1"]["review"])
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
    objective = _db.session.get(Objective, world["duties"]["P1"]["objective"])
    for n in range(count):
        made = recommendations.save_recommendation(
            review,
            text=f"Recommendation {n}",
            scope=Scope.LOCAL,
            multi_agency=False,
            agency=agency,
            department=None,
            department_other="",
            answers=[],
            themes=[],
            actor=coordinator,
        )
        actions.save_action(
            made,
            action_text=f"Action {n}",
            lead_agency=agency,
            owner=None,
            owner_name="Lead",
            milestones="",
            target_on=None,
            actor=coordinator,
        )
        objective.recommendations.append(made)


def test_the_strategy_pages_use_a_constant_number_of_queries(app, db):
    for path in ("/strategy", "/strategy/groups/{group}"):
        counts = []
        for extra in (1, 6):
            with db.cell():
                world = db.run(build_duty_world)
                db.run(_link_more, world, extra)
                client = _client(app, db, world, "coordinator")
                with count_queries(db.connection) as statements:
                    assert client.get(path.format(group=world["duties"]["P1"]["group"])).status_code == 200
                counts.append(len(statements))
        assert counts[0] == counts[1], f"{path}: {counts}"


def test_an_overdue_live_duty_is_on_the_coordinator_s_dashboard(app, db):
    world = db.run(build_duty_world)

    def complete_r1():
        _db.session.get(Review, world["objects"]["R1"]["review"]).signed_off_on = london_today()  # set-up only

    db.run(complete_r1)
    page = check_page(_client(app, db, world, "coordinator").get("/").get_data(as_text=True))
    assert "1 completed review not yet sent" in page.select_one("#overdue-duties").find_next("ul").text
