"""Access matrix for monitoring: the tracker, its exports, the theme dashboard and the board report for the CSP's
coordinators and board members only; each agency's view for them within their own partnership; the user's own
agency view for everyone signed in, showing only what they act for. Then what each persona actually sees."""

import pytest
from sqlalchemy import select

from dhr.actions.access import acts_for
from dhr.actions.models import Action
from dhr.auth.models import User
from dhr.extensions import db as _db
from tests.access import Route, expected_status, register, run_matrix
from tests.monitoring.world import build_monitoring_world
from tests.reviews.review_world import MISSING, PERSONAS, deactivate

# Who holds VIEW_ACTION_TRACKER (written out by hand from the brief: the CSP's coordinators and board members).
TRACKER = frozenset({"coordinator", "board_member", "other_coordinator", "dual_coordinator"})
EVERYONE = frozenset(PERSONAS) - {"anonymous", "deactivated"}
# Partnership two's personas: their own partnership's objects are partnership two's.
IN_P2 = {"other_coordinator", "dual_coordinator", "system_admin"}


def R(endpoint, method, path, allowed, success=200, data=None, scoped=False):  # noqa: N802
    return Route(endpoint, method, path, allowed, success=success, data=data or (lambda o: {}), scoped=scoped)


ROUTES = register(
    "monitoring",
    [
        R("monitoring.tracker", "GET", lambda o: "/actions", TRACKER),
        R("monitoring.tracker", "GET", lambda o: "/actions?overdue=y&status=on_track&page=2", TRACKER),
        R("monitoring.export_actions", "GET", lambda o: "/actions/export?format=csv", TRACKER),
        R("monitoring.export_actions", "GET", lambda o: "/actions/export?format=xlsx&overdue=y", TRACKER),
        R("monitoring.my_agency_actions", "GET", lambda o: "/actions/agency", EVERYONE),
        R("monitoring.agency_actions", "GET", lambda o: f"/actions/agency/{o['agency']}", TRACKER, scoped=True),
        R("monitoring.board_report", "GET", lambda o: "/actions/board-report", TRACKER),
        R(
            "monitoring.board_report",
            "POST",
            lambda o: "/actions/board-report",
            TRACKER,
            data=lambda o: {"since": ["", "", ""]},
        ),
        R("monitoring.theme_dashboard", "GET", lambda o: "/actions/themes", TRACKER),
    ],
)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.url({'agency': 'N'})}")
def test_monitoring_access_matrix(app, db, route):
    world = db.run(build_monitoring_world)
    own = {"P1": world["objects"]["R1"]["agency"], "P2": world["objects"]["P2"]["agency"]}

    def objects_for(persona, relation):
        home, away = ("P2", "P1") if persona in IN_P2 else ("P1", "P2")
        return {"agency": {"own": own[home], "other": own[away], "missing": MISSING, "none": own[home]}[relation]}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(
        app, db, route, PERSONAS, route.relations, expected_status, objects_for, world["users"], after_login
    )
    assert not failures, "\n".join(failures)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _texts(db, ids) -> dict[int, str]:
    return dict(db.run(lambda: list(_db.session.execute(select(Action.id, Action.action).where(Action.id.in_(ids))))))


def test_each_agency_contributor_sees_only_the_actions_they_act_for(app, db, login_as, client, new_client):
    world = db.run(build_monitoring_world)
    ids = world["actions"]
    texts = _texts(db, [ids["R1"]["A"], ids["R1"]["B"], ids["R2"]["A"]])
    login_as(world["users"]["contributor_a"])
    page_a = _page(client, "/actions/agency")
    other = new_client()
    login_as(world["users"]["contributor_b"], other)
    page_b = _page(other, "/actions/agency")
    # Agency A's contributor on R1: agency A's actions on R1, not agency B's, nor agency A's on R2 (not a member).
    assert texts[ids["R1"]["A"]] in page_a
    assert texts[ids["R1"]["B"]] not in page_a
    assert texts[ids["R2"]["A"]] not in page_a
    assert "Late action, still marked on track" in page_a
    assert texts[ids["R1"]["B"]] in page_b
    assert texts[ids["R1"]["A"]] not in page_b
    assert "Late action" not in page_b
    assert "CNRY-P2-ACTION" not in page_a + page_b
    # Neither may open the tracker or another agency's page.
    assert client.get("/actions").status_code == 403
    assert client.get(f"/actions/agency/{world['objects']['R1']['agency']}").status_code == 403


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_the_agency_view_lists_exactly_what_acts_for_allows(app, db, login_as, client, persona):
    """The query behind /actions/agency agrees with actions.access.acts_for on every action, for every persona."""
    world = db.run(build_monitoring_world)

    def expected_texts():
        user = _db.session.get(User, world["users"][persona].id)
        return sorted(a.action for a in _db.session.scalars(select(Action)) if acts_for(user, a))

    wanted = db.run(expected_texts)
    login_as(world["users"][persona])
    page = _page(client, "/actions/agency")
    every = db.run(lambda: list(_db.session.scalars(select(Action.action))))
    shown = sorted(text for text in every if text in page)
    assert shown == wanted


def test_panel_members_and_observers_have_no_tracker(app, db, login_as, client):
    world = db.run(build_monitoring_world)
    for persona in ("panel_member", "observer", "chair", "author", "admin"):
        login_as(world["users"][persona])
        assert client.get("/actions").status_code == 403, persona
        assert client.get("/actions/themes").status_code == 403, persona


@pytest.mark.parametrize("persona", ["coordinator", "board_member"])
def test_coordinators_and_board_members_see_every_action_of_their_partnership_only(app, db, login_as, client, persona):
    world = db.run(build_monitoring_world)
    login_as(world["users"][persona])
    page = _page(client, "/actions")
    for text in ("CNRY-ACTION-", "Late action, still marked on track", "Completed action", "Superseded action"):
        assert text in page
    assert "6 actions" in page
    assert "CNRY-P2-ACTION" not in page
    export = client.get("/actions/export?format=csv").get_data(as_text=True)
    assert "CNRY-P2" not in export
    themes = _page(client, "/actions/themes")
    assert "Late action" not in themes  # aggregates only


def test_another_partnerships_coordinator_sees_only_their_own(app, db, login_as, client):
    world = db.run(build_monitoring_world)
    login_as(world["users"]["other_coordinator"])
    page = _page(client, "/actions")
    assert "CNRY-P2-ACTION" in page
    assert "1 action." in page
    assert "CNRY-ACTION-" not in page
    assert "Late action" not in page
    assert client.get(f"/actions/agency/{world['objects']['R1']['agency']}").status_code == 404
    agency_page = _page(client, f"/actions/agency/{world['objects']['P2']['agency']}")
    assert "CNRY-P2-ACTION" in agency_page
    # A review of partnership one in the filter is not a choice: an error, never partnership one's actions.
    filtered = _page(client, f"/actions?review={world['objects']['R1']['review']}")
    assert "Select a review from the list" in filtered
    assert "CNRY-ACTION-" not in filtered
    export = client.get(f"/actions/export?format=csv&agency={world['objects']['R1']['agency']}")
    assert export.status_code == 302
    assert "CNRY-ACTION-" not in client.get("/actions/export?format=csv").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(app, db, client):
    db.run(build_monitoring_world)
    for path in ("/actions", "/actions/agency", "/actions/themes", "/actions/board-report", "/actions/export"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/sign-in"), path
