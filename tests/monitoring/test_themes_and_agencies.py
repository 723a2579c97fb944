"""The theme dashboard (recommendations by theme and year; completion rates by theme and by lead agency), the
agency view (open first, grouped by review) and the dashboard's link to the user's agency actions."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.monitoring import themes
from dhr.monitoring.themes import CompletionRow
from dhr.recommendations import services as recommendations
from dhr.recommendations.models import Theme
from dhr.recommendations.scopes import Scope
from dhr.reviews.models import Review
from tests.factories import create_review
from tests.monitoring.world import add_action, build_monitoring_world


@pytest.fixture
def world(db, login_as):
    built = db.run(build_monitoring_world)
    login_as(built["users"]["coordinator"])
    return built


def _labels(db, world) -> list[str]:
    ids = world["actions"]["themes"]
    return [db.scalar(select(Theme.label).where(Theme.id == i)) for i in ids]


def _older_recommendation(world) -> None:
    """A review notified three years ago, with a recommendation on the third theme and one open action."""
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
    from dhr.reviews.models import DeathCategory

    review = create_review(
        coordinator.partnership,
        coordinator=coordinator,
        agency=agency,
        notified_on=london_today() - timedelta(days=3 * 366),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=None,
    )
    third = _db.session.get(Theme, world["actions"]["themes"][2])
    recommendation = recommendations.save_recommendation(
        review,
        text="An older recommendation.",
        scope=Scope.LOCAL,
        multi_agency=False,
        agency=agency,
        department=None,
        department_other="",
        answers=[],
        themes=[third],
        actor=coordinator,
    )
    add_action(recommendation, agency, coordinator, text="Older action", target_days=-400)


def test_recommendations_by_theme_and_year(db, world):
    db.run(_older_recommendation, world)
    first, second, third = _labels(db, world)[:3]
    partnership_id = world["users"]["coordinator"].partnership_id
    table = db.run(themes.theme_years, partnership_id)
    # R1 and R2 were notified ten days ago (possibly last year, early in January).
    recent = (london_today() - timedelta(days=10)).year
    older = (london_today() - timedelta(days=3 * 366)).year
    assert table.years == (older, recent)
    rows = {row.label: row for row in table.rows}
    # Both of this year's recommendations carry the first two themes; the older one only the third.
    assert rows[first].counts == (0, 2)
    assert rows[second].counts == (0, 2)
    assert rows[third].counts == (1, 0)
    assert list(rows) == [first, second, third]  # taxonomy order
    assert table.all_row.counts == (1, 2)
    assert table.all_row.total == 3


def test_completion_rates_leave_out_superseded_actions(db, world):
    first = _labels(db, world)[0]
    partnership_id = world["users"]["coordinator"].partnership_id
    by_theme = {row.label: row for row in db.run(themes.completion_by_theme, partnership_id)}
    # R1: A, B, late, done, dropped; R2: A. One completed, one superseded: 1 of 5.
    assert by_theme[first] == CompletionRow(first, 6, 1, 1)
    assert by_theme[first].rate == 20
    agency_a = db.scalar(select(Agency.name).where(Agency.id == world["objects"]["R1"]["agency"]))
    by_agency = {row.label: row for row in db.run(themes.completion_by_agency, partnership_id)}
    assert by_agency[agency_a] == CompletionRow(agency_a, 5, 1, 1)
    assert by_agency[agency_a].rate == 25
    assert len(by_agency) == 2  # agencies A and B; never partnership two's
    assert CompletionRow("All superseded", 2, 2, 0).rate is None


def test_the_theme_page_shows_accessible_tables(client_request, db, world):
    db.run(_older_recommendation, world)
    page = client_request.get("/actions/themes")
    years = page.find(id="theme-years")
    assert years.caption.get_text(strip=True) == "Recommendations by theme and year"
    assert all(th.get("scope") in ("col", "row") for th in years.find_all("th"))
    by_theme = page.find(id="completion-by-theme")
    first_row = by_theme.tbody.find("tr").get_text(" ", strip=True)
    assert first_row.endswith("6 1 1 20% (1 of 5)")
    assert by_theme.find("svg")["aria-hidden"] == "true"
    assert page.find(id="completion-by-agency").caption.get_text(strip=True) == "Completion rate by lead agency"


def _groups(page) -> list[tuple[str, list[str]]]:
    return [
        (table.caption.get_text(" ", strip=True), [row.th.get_text(strip=True) for row in table.tbody("tr")])
        for table in page.find_all("table")
    ]


def test_an_agency_page_lists_open_actions_first_grouped_by_review(db, client_request, world):
    r1, r2 = (
        db.scalar(select(Review.reference).where(Review.id == world["objects"][k]["review"])) for k in ("R1", "R2")
    )
    page = client_request.get(f"/actions/agency/{world['objects']['R1']['agency']}")
    assert page.h1.get_text(strip=True).endswith(": actions")
    assert _groups(page) == [
        (f"{r1}: 2 open actions", ["R1.3", "R1.1"]),  # late first (soonest target), then A
        (f"{r2}: 1 open action", ["R1.1"]),
        (f"{r1}: 2 closed actions", ["R1.4", "R1.5"]),
    ]
    assert "Open actions (3)" in page.find(id="open-heading").get_text()
    assert "Completed and superseded (2)" in page.find(id="closed-heading").get_text()
    # Links to the other agencies that lead actions, not to this one.
    links = [a.get_text(" ", strip=True) for a in page.find(id="agency-links").find_all("a")]
    assert len(links) == 1


def test_a_contributor_sees_their_agency_actions_and_the_dashboard_links_there(
    db, client, client_request, login_as, world
):
    login_as(world["users"]["contributor_a"])
    dashboard = client_request.get("/")
    section = dashboard.find(id="agency-actions").find_next("p").get_text(" ", strip=True)
    # Agency A on R1: A and late open (late overdue), done and dropped closed.
    assert section == "You act for 4 actions from review action plans: 2 open, 1 overdue ."
    link = dashboard.find("a", string="See your agency's actions")
    assert link["href"] == "/actions/agency"
    page = client_request.get("/actions/agency")
    assert page.find(class_="dhr-review-nav") is None  # no tracker links for a contributor
    assert page.find(id="agency-links") is None
    assert [caption for caption, _ in _groups(page)][0].endswith("2 open actions")


def test_people_who_act_for_nothing_get_no_dashboard_link(client_request, login_as, world):
    for persona in ("coordinator", "panel_member", "board_member"):
        login_as(world["users"][persona])
        page = client_request.get("/")
        assert page.find(id="agency-actions") is None, persona
        assert page.find("a", string="See your agency's actions") is None


def test_the_tracker_is_in_the_navigation_only_for_those_who_may_see_it(client_request, login_as, world):
    for persona, shown in (("coordinator", True), ("board_member", True), ("contributor_a", False), ("admin", False)):
        login_as(world["users"][persona])
        nav = client_request.get("/").find("nav", attrs={"aria-label": "Main menu"})
        assert (nav.find("a", href="/actions") is not None) is shown, persona
