"""The readiness page: pass and fail with links, overrides with reasons, and who may do what."""

from sqlalchemy import select

from dhr.auth.models import User
from dhr.extensions import db as _db
from dhr.readiness import services
from dhr.readiness.models import ReadinessOverride
from dhr.reviews.models import Review
from tests.conftest import csrf_token, start_session_cookie
from tests.drafting.drafting_world import build_drafting_world


def build_readiness_world() -> dict:
    """The drafting world with the tribute check overridden on both reviews."""
    world = build_drafting_world()
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    for key in ("R1", "R2"):
        review = _db.session.get(Review, world["objects"][key]["review"])
        services.override(review, "tribute", reason="The family asked for none", actor=coordinator)
    return world


def test_the_page_shows_pass_fail_and_overrides_with_links(app, db):
    world = db.run(build_readiness_world)
    r1 = world["objects"]["R1"]["review"]
    coordinator = app.test_client()
    start_session_cookie(coordinator, db, world["users"]["coordinator"])
    page = coordinator.get(f"/reviews/{r1}/readiness").get_data(as_text=True)
    assert "checks fail" in page
    assert "Overridden" in page
    assert "The family asked for none" in page
    assert f'href="/reviews/{r1}/equality"' in page  # equality is fixed on the judgements page
    assert (
        f'href="/reviews/{r1}/report/overview/timescales"' in page
        or f'href="/reviews/{r1}/report/overview/terms_of_reference"' in page
    )
    assert "govuk-tag--green" in page  # the leak scan passes
    empty = coordinator.post(
        f"/reviews/{r1}/readiness/equality/override", data={"csrf_token": csrf_token(coordinator), "reason": " "}
    )
    assert "Enter why the review can be submitted anyway" in empty.get_data(as_text=True)
    passing = coordinator.post(
        f"/reviews/{r1}/readiness/leaks/override", data={"csrf_token": csrf_token(coordinator), "reason": "x"}
    )
    assert "This check passes: there is nothing to override" in passing.get_data(as_text=True)
    assert db.scalar(select(ReadinessOverride.id).where(ReadinessOverride.check_key == "leaks")) is None
    assert (
        coordinator.post(
            f"/reviews/{r1}/readiness/nonsense/override", data={"csrf_token": csrf_token(coordinator)}
        ).status_code
        == 404
    )
    chair = app.test_client()
    start_session_cookie(chair, db, world["users"]["chair"])
    chair_page = chair.get(f"/reviews/{r1}/readiness").get_data(as_text=True)
    assert "Override this check" not in chair_page
