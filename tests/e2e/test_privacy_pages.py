"""Names saved as person tokens, in a real browser with axe: the police officer who typed Adult Q's real name sees
what was replaced; the panel member reads the pseudonym; the coordinator's names to check lists case text."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.reviews.queries import review_of_victim
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def adult_q(demo_app) -> int:
    with demo_app.app_context():
        partnership_id = db.session.scalar(select(Partnership.id).where(Partnership.reference_prefix == "SWP"))
        return review_of_victim(partnership_id, "Adult Q").id


def test_the_writer_sees_what_was_replaced_and_readers_see_the_pseudonym(new_page, adult_q):
    police = new_page()
    sign_in(police, "police@swp.example", DEMO_PASSWORD)
    police.goto(f"/reviews/{adult_q}/names-replaced")
    table = police.locator("#names-replaced")
    expect(table).to_contain_text("Sofia Russo")
    expect(table).to_contain_text("Adult Q (victim)")
    expect(table.get_by_role("button", name="Keep as typed")).to_be_visible()
    assert_accessible(police, "140-names-replaced")

    panel = new_page()
    sign_in(panel, "panel@swp.example", DEMO_PASSWORD)
    panel.goto(f"/reviews/{adult_q}/chronology")
    expect(panel.get_by_text("Adult Q called 999 from a neighbour's flat")).to_be_visible()
    assert "Sofia Russo" not in panel.content()
    panel.goto(f"/reviews/{adult_q}/names-replaced")
    expect(panel.locator("#nothing-replaced")).to_be_visible()

    coordinator = new_page()
    sign_in(coordinator, "coordinator@swp.example", DEMO_PASSWORD)
    coordinator.goto(f"/reviews/{adult_q}/documents/names-to-check")
    expect(coordinator.locator("#case-text-to-check")).to_be_visible()
    assert_accessible(coordinator, "141-names-to-check-case-text")
