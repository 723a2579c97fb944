"""Dated tasks in a real browser, with axe: the coordinator's "Your tasks" lists what is theirs with a review and
a date, most urgent first, and each row leads to the page where it is done. (Other journeys share the demo and
may answer a contributor's requests first, so each role's list is held by tests/overview/test_work.py.)"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
MONTHS = {
    name: n
    for n, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}


def _due_dates(page) -> list[date]:
    found = []
    for text in page.locator("#my-tasks tbody tr td:nth-child(3)").all_inner_texts():
        match = re.search(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", text)
        if match:
            found.append(date(int(match[3]), MONTHS[match[2]], int(match[1])))
    return found


def test_the_coordinators_tasks_are_dated_most_urgent_first(page):
    sign_in(page, "coordinator@swp.example", DEMO_PASSWORD)
    tasks = page.locator("#my-tasks tbody tr")
    expect(tasks.first).to_be_visible()
    assert tasks.count() >= 5
    cells = page.locator("#my-tasks tbody tr td:nth-child(3)").all_inner_texts()
    late = [n for n, text in enumerate(cells) if "overdue" in text]
    assert late == list(range(len(late))), cells  # every overdue task comes first
    dates = _due_dates(page)
    assert len(dates) >= 3
    assert dates[: len(late)] == sorted(dates[: len(late)])  # the longest overdue first
    assert_accessible(page, "147-your-tasks-coordinator")
    label = tasks.first.locator("a").inner_text()
    tasks.first.locator("a").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url != "about:blank", label
