"""The action tracker: every action of the partnership, open work first in target-date order, the status each row
shows, the filters (and their errors), pages of 50, and a number of queries that does not grow with the actions."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.actions.workflow import shown_status
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.monitoring import queries
from dhr.recommendations.models import Recommendation
from tests.dates import fields_from_today
from tests.monitoring.world import add_action, build_monitoring_world, complete
from tests.test_query_counts import count_queries


def _rows(page) -> list[list[str]]:
    table = page.find(id="tracker")
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
    return [row for row in rows if len(row) > 1]  # not the "No actions match" row


def _labels(page) -> list[str]:
    return [row[1] for row in _rows(page)]


@pytest.fixture
def world(db, login_as):
    built = db.run(build_monitoring_world)
    login_as(built["users"]["coordinator"])
    return built


def test_rows_come_open_first_soonest_target_first_with_the_status_and_rag_they_show(client_request, world):
    rows = _rows(client_request.get("/actions"))
    texts = [row[2] for row in rows]
    # Open work: late (-10 days), then the three at +120 by review and number; then completed (-40), superseded (+30).
    assert texts[0] == "Late action, still marked on track"
    assert texts[4:] == ["Completed action", "Superseded action"]
    late = rows[0]
    # Marked on track, but past its target date: the tracker says overdue, and red.
    assert late[6:] == ["Overdue", "Red"]
    assert rows[1][6:] == ["Not started", "Amber"]
    assert rows[4][6:] == ["Completed", "Blue (complete)"]
    assert rows[5][6:] == ["Superseded", "Not rated"]
    assert late[0].startswith("RWA-")
    assert late[1] == "R1.3"
    assert late[4] == "Named owner at RW-A"


def test_an_action_completed_last_year_comes_after_open_work_due_later(db, frozen_clock, client_request, world):
    today = london_today()

    def add_last_years_and_next_years():
        recommendation = _db.session.get(Recommendation, world["actions"]["R2"]["recommendation"])
        agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        due_last_year = (date(today.year - 1, 6, 30) - today).days
        done = add_action(recommendation, agency, coordinator, text="Completed last year", target_days=due_last_year)
        complete(done, coordinator, days_ago=(today - date(today.year - 1, 12, 15)).days)
        due_next_year = (date(today.year + 1, 3, 31) - today).days
        add_action(recommendation, agency, coordinator, text="Open, due next year", target_days=due_next_year)

    db.run(add_last_years_and_next_years)
    rows = _rows(client_request.get("/actions"))
    texts = [row[2] for row in rows]
    assert texts.index("Open, due next year") < texts.index("Completed last year")
    # Every open action (soonest target first) before every completed or superseded one.
    closed = [row[6] in ("Completed", "Superseded") for row in rows]
    assert closed == sorted(closed)
    assert texts[closed.index(True) :] == ["Completed last year", "Completed action", "Superseded action"]
    assert texts[-4] == "Open, due next year"


def test_long_action_text_is_cut_short_on_the_page(db, client_request, world):
    def long_action():
        recommendation = _db.session.get(Recommendation, world["actions"]["R2"]["recommendation"])
        agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
        coordinator = _db.session.get(User, world["users"]["coordinator"].id)
        add_action(recommendation, agency, coordinator, text="Word " * 100 + "END-OF-TEXT", target_days=1)

    db.run(long_action)
    page = client_request.get("/actions")
    cell = next(row[2] for row in _rows(page) if row[2].startswith("Word"))
    assert cell.endswith("…")
    assert len(cell) <= 141
    assert "END-OF-TEXT" not in cell


def _filtered(client_request, **args) -> list[str]:
    query = "&".join(
        f"{key}={item}" for key, value in args.items() for item in (value if isinstance(value, list) else [value])
    )
    return [row[2] for row in _rows(client_request.get(f"/actions?{query}"))]


def test_filter_by_review_agency_and_theme(db, client_request, world):
    r2 = world["objects"]["R2"]["review"]
    assert _filtered(client_request, review=r2) == [f"CNRY-ACTION-{_reference(db, r2)}-RW-A"]
    agency_b = db.scalar(select(Action.lead_agency_id).where(Action.id == world["actions"]["R1"]["B"]))
    assert _filtered(client_request, agency=agency_b) == [_text(db, world["actions"]["R1"]["B"])]
    tagged, untagged = world["actions"]["themes"][0], world["actions"]["themes"][5]
    assert len(_filtered(client_request, theme=tagged)) == 6
    assert _filtered(client_request, theme=untagged) == []


def _reference(db, review_id) -> str:
    from dhr.reviews.models import Review

    return db.scalar(select(Review.reference).where(Review.id == review_id))


def _text(db, action_id) -> str:
    return db.scalar(select(Action.action).where(Action.id == action_id))


def test_filter_by_the_status_shown(client_request, world):
    late = ["Late action, still marked on track"]
    assert _filtered(client_request, status="overdue") == late
    assert _filtered(client_request, overdue="y") == late
    # Marked on track but past its target date, so it shows (and filters) as overdue, not on track.
    assert _filtered(client_request, status="on_track") == []
    assert len(_filtered(client_request, status="not_started")) == 3
    assert _filtered(client_request, status="completed") == ["Completed action"]
    assert _filtered(client_request, status="superseded", overdue="y") == []


def test_filter_by_target_date_range(client_request, world):
    assert _filtered(client_request, target_from=fields_from_today(0), target_to=fields_from_today(60)) == [
        "Superseded action"
    ]
    assert _filtered(client_request, target_to=fields_from_today(-20)) == ["Completed action"]
    assert len(_filtered(client_request, target_from=fields_from_today(100))) == 3


def test_the_filter_form_keeps_its_values(client_request, world):
    r2 = world["objects"]["R2"]["review"]
    page = client_request.get(
        f"/actions?review={r2}&status=at_risk&overdue=y&target_from=1&target_from=4&target_from=2026"
    )
    assert page.find(id="review").find("option", selected=True)["value"] == str(r2)
    assert page.find(id="status").find("option", selected=True)["value"] == "at_risk"
    assert page.find(id="overdue").has_attr("checked")
    assert page.find(id="target_from-month")["value"] == "4"
    assert "match the filters" in page.find(id="tracker-count").get_text()


@pytest.mark.parametrize(
    ("query", "message", "field", "rows"),
    [
        ("target_from=31&target_from=2&target_from=2026", "Target date from must be a real date", "target_from-day", 6),
        ("target_to=1&target_to=13&target_to=2026", "Target date to must be a real date", "target_to-day", 6),
        ("target_from=x&target_from=&target_from=", "Target date from must be a real date", "target_from-day", 6),
        (
            "{in_60_days}&{in_50_days}",
            "Target date to must be the same as or after target date from",
            "target_to-day",
            3,  # the valid 'from' still applies: the three actions due in 120 days
        ),
        ("target_from=1&target_from=1", "Target date from must be a real date", "target_from-day", 6),
        ("review=999999", "Select a review from the list", "review", 6),
        ("agency=abc", "Select a lead agency from the list", "agency", 6),
        ("status=lost", "Select a status from the list", "status", 6),
        ("theme=%00", "Select a theme from the list", "theme", 6),
    ],
)
def test_bad_filters_get_a_govuk_error_and_keep_what_was_typed(client_request, world, query, message, field, rows):
    # Dates near the world's actions come from the same today as the actions themselves.
    query = query.format(
        in_60_days="&".join(f"target_from={part}" for part in fields_from_today(60)),
        in_50_days="&".join(f"target_to={part}" for part in fields_from_today(50)),
    )
    page = client_request.get(f"/actions?{query}")
    assert page.title.get_text().startswith("Error: Action tracker")
    summary = page.find(class_="govuk-error-summary")
    link = summary.find("a", string=message)
    assert link is not None, summary.get_text()
    assert link["href"] == f"#{field}"
    assert message in page.find(class_="govuk-error-message").get_text()
    # The list still shows, without the bad filter.
    assert len(_rows(page)) == rows
    if field == "target_from-day" and "31" in query:
        assert page.find(id="target_from-day")["value"] == "31"
        assert page.find(id="target_from-month")["value"] == "2"


def test_a_bad_filter_does_not_export(client, world):
    response = client.get("/actions/export?format=csv&target_from=31&target_from=2&target_from=2026")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/actions?")
    assert "target_from=31" in response.headers["Location"]


def _add_actions(world, count: int, target_days: int = 5) -> None:
    """count more actions on R2, under a new recommendation every 10 and a new lead agency every 20, with owners
    (so any lazy load of a recommendation, agency, owner or theme would show as more queries)."""
    from dhr.recommendations import services as recommendations
    from dhr.recommendations.scopes import Scope
    from tests.factories import create_agency, create_user

    r2 = _db.session.get(Recommendation, world["actions"]["R2"]["recommendation"]).review
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    themes = recommendations.themes_for(r2.partnership_id)
    recommendation = agency = None
    owners: list[User] = []
    for n in range(count):
        if n % 20 == 0:
            agency = create_agency(r2.partnership)
            # Owners must work for the lead agency: three per agency, so owners vary as rows do.
            owners = [create_user(r2.partnership, agency=agency) for _ in range(3)]
        if n % 10 == 0:
            recommendation = recommendations.save_recommendation(
                r2,
                text=f"Bulk recommendation {n}",
                scope=Scope.LOCAL,
                multi_agency=False,
                agency=agency,
                department=None,
                department_other="",
                answers=[],
                themes=themes[n // 10 : n // 10 + 2],
                actor=coordinator,
            )
        add_action(
            recommendation,
            agency,
            coordinator,
            text=f"Bulk action {n:03}",
            target_days=target_days + n,
            owner=owners[n % 3] if n % 4 else None,
        )


def test_pages_of_fifty_keep_the_filters(db, client_request, world):
    db.run(_add_actions, world, 60)
    first = client_request.get(f"/actions?review={world['objects']['R2']['review']}")
    assert len(_rows(first)) == 50
    assert "Page 1 of 2" in first.find(class_="govuk-pagination").get_text()
    following = first.find("a", rel="next")["href"]
    assert "review=" in following
    assert "page=2" in following
    second = client_request.get(following)
    assert len(_rows(second)) == 61 - 50  # R2: its first action and 60 more
    assert [row[2] for row in _rows(second)][-2:] == ["Bulk action 059", _text(db, world["actions"]["R2"]["A"])]
    beyond = client_request.get(following.replace("page=2", "page=99"))
    assert _rows(beyond) == _rows(second)


def test_the_tracker_uses_a_constant_number_of_queries(app, db):
    from tests.conftest import start_session_cookie

    counts = []
    for extra in (0, 60):
        with db.cell():
            world = db.run(build_monitoring_world)
            db.run(_add_actions, world, extra)
            test_client = app.test_client()
            start_session_cookie(test_client, db, world["users"]["coordinator"])
            for path in (
                "/actions",
                "/actions?overdue=y",
                "/actions?page=2",
                "/actions/export?format=csv",
                "/actions/agency",
                "/",
            ):
                with count_queries(db.connection) as statements:
                    assert test_client.get(path).status_code == 200
                counts.append((path, len(statements)))
            agency = world["objects"]["R1"]["agency"]
            with count_queries(db.connection) as statements:
                assert test_client.get(f"/actions/agency/{agency}").status_code == 200
            counts.append(("agency", len(statements)))
            with count_queries(db.connection) as statements:
                assert test_client.get("/actions/themes").status_code == 200
            counts.append(("themes", len(statements)))
    half = len(counts) // 2
    assert counts[:half] == counts[half:], f"few actions: {counts[:half]}, many: {counts[half:]}"


def test_the_sql_status_filter_agrees_with_shown_status(app, db, world):
    """Every status, on actions either side of their target date: the SQL says what shown_status() says."""

    def compare():
        partnership_id = _db.session.get(User, world["users"]["coordinator"].id).partnership_id
        today = london_today()
        every = _db.session.scalars(queries.partnership_actions(partnership_id)).all()
        for status in ActionStatus:
            query = queries.apply_filters(
                queries.partnership_actions(partnership_id), queries.TrackerFilters(status=status.value), today
            )
            found = {a.id for a in _db.session.scalars(query)}
            assert found == {a.id for a in every if shown_status(a, today) is status}, status
            for shifted in (today - timedelta(days=200), today + timedelta(days=200)):
                query = queries.apply_filters(
                    queries.partnership_actions(partnership_id), queries.TrackerFilters(status=status.value), shifted
                )
                found = {a.id for a in _db.session.scalars(query)}
                assert found == {a.id for a in every if shown_status(a, shifted) is status}, (status, shifted)

    db.run(compare)
