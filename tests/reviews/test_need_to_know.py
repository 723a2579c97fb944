"""Field-level need-to-know (battery A5): real identities only with the identity permission; unseen reviews
appear in no page, list or count."""

import pytest

from tests.conftest import start_session_cookie
from tests.reviews.review_world import PERSONAS, REVIEW_ACCESS, build_review_world

SIGNED_IN = [p for p in PERSONAS if p not in ("anonymous", "deactivated")]


@pytest.fixture
def world(db):
    return db.run(build_review_world)


def _pages(objects) -> list[str]:
    r1 = objects["R1"]["review"]
    return [
        "/",
        f"/reviews/{r1}",
        f"/reviews/{r1}/people",
        f"/reviews/{r1}/members",
        f"/reviews/{r1}/correspondence",
        "/statistics",
        "/admin/audit-log",
    ]


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_real_names_only_with_the_identity_permission(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    may_see_r1 = "view_identities" in REVIEW_ACCESS[persona].get("R1", ())
    seen = "".join(client.get(url).get_data(as_text=True) for url in _pages(world["objects"]))
    for canary in (
        "CNRY-REALNAME-R1",
        "CNRY-CIRC-Adult R1",
        "CNRY-RATIONALE-Adult R1",
        "CNRY-HORESP-Adult R1",
        "CNRY-PAUSE-Adult R1",
        "CNRY-RESUME-Adult R1",
        "CNRY-CORR-Adult R1",
    ):
        assert (canary in seen) == may_see_r1, (persona, canary)
    assert "CNRY-REALNAME-R2" not in seen  # R1's pages and the lists never show another review's identities


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_unseen_reviews_are_in_no_list(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    dashboard = client.get("/").get_data(as_text=True)
    for key in ("R1", "R2"):
        visible = bool(REVIEW_ACCESS[persona].get(key))
        assert (f"Adult {key}" in dashboard) == visible, (persona, key)


def test_audit_log_never_holds_real_names(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["admin"])
    log = client.get("/admin/audit-log").get_data(as_text=True)
    assert "Adult R1" in log
    assert "CNRY-REALNAME" not in log
    assert "CNRY-CIRC" not in log


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_dashboard_shows_clocks_only_to_those_who_may_see_them(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    dashboard = client.get("/").get_data(as_text=True)
    sees_a_review = any(REVIEW_ACCESS[persona].values())
    sees_clocks = any("view_clocks" in access for access in REVIEW_ACCESS[persona].values())
    shows_clock = "Decision whether to hold a review" in dashboard
    assert shows_clock == sees_clocks, persona
    assert ("Not shown to your role" in dashboard) == (sees_a_review and not sees_clocks), persona


def test_who_sees_every_review_is_read_off_the_role_table():
    from dhr.permissions import ROLES_SEEING_EVERY_REVIEW, Role

    assert {Role.COORDINATOR, Role.ADMIN} == ROLES_SEEING_EVERY_REVIEW
