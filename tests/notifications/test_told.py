"""Every confirmation names who was told: one after-request step adds it to the success message of any change
that told people, whichever view made it, and leaves a change that told nobody as it was."""

import pytest

from dhr.core.dates import london_today
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_review_world)


def _banner(page: str) -> str:
    return page.split('govuk-notification-banner__heading">', 1)[1].split("</", 1)[0].strip()


def test_a_decision_says_who_was_told(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    today = london_today()
    response = client.post(
        f"/reviews/{world['objects']['R1']['review']}/decision",
        data={
            "csrf_token": csrf_token(client),
            "decision": "commission",
            "decided_on": [str(today.day), str(today.month), str(today.year)],
            "decision_maker": "The partnership's chair",
            "rationale": "The criteria are met",
        },
        follow_redirects=True,
    )
    said = _banner(response.get_data(as_text=True))
    assert said.startswith("Decision recorded: ")
    assert said.endswith("have been told.")
    assert world["users"]["chair"].name in said
    assert world["users"]["contributor_a"].name not in said


def test_a_change_that_told_nobody_keeps_its_message(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["chair"])
    response = client.post("/notifications/read-all", data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "been told" not in _banner(response.get_data(as_text=True))
