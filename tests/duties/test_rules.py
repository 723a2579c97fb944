"""Occurrences from each frequency rule, including quarter and year boundaries, and generation on a frozen date."""

from datetime import date

import pytest
from sqlalchemy import select

from dhr.duties import services
from dhr.duties.models import Duty, DutyOccurrence
from dhr.duties.rules import annual, periods_for, quarterly, three_yearly
from dhr.duties.seed import seed_register
from dhr.duties.stages import Frequency
from dhr.extensions import db as _db
from tests.factories import create_agency, create_partnership


def test_quarterly_periods_are_calendar_quarters_due_at_the_end_of_the_next():
    periods = quarterly(date(2026, 3, 31), date(2026, 9, 30))
    assert [(p.start, p.end, p.due_on) for p in periods] == [
        (date(2025, 10, 1), date(2025, 12, 31), date(2026, 3, 31)),
        (date(2026, 1, 1), date(2026, 3, 31), date(2026, 6, 30)),
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 9, 30)),
    ]
    assert periods[0].label == "October to December 2025"


@pytest.mark.parametrize(
    ("start", "end", "dues"),
    [
        (date(2026, 4, 1), date(2026, 6, 29), []),  # the first quarter's return falls due on 30 June
        (date(2026, 6, 30), date(2026, 6, 30), [date(2026, 6, 30)]),
        (date(2026, 12, 31), date(2027, 1, 1), [date(2026, 12, 31)]),  # across the year end
    ],
)
def test_quarter_boundaries(start, end, dues):
    assert [p.due_on for p in quarterly(start, end)] == dues


def test_annual_on_the_configured_day_and_29_february_falls_back():
    periods = annual(date(2026, 1, 1), date(2028, 12, 31), 2, 29)
    assert [p.due_on for p in periods] == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]
    assert periods[1].start == date(2026, 3, 1)
    assert periods[1].label == "Year to 28 February 2027"


def test_the_three_year_plan_is_new_every_third_year_and_refreshed_between():
    labels = [p.label for p in three_yearly(date(2025, 1, 1), date(2027, 12, 31), 3, 31, anchor_year=2017)]
    assert labels == [
        "Annual refresh 2 of the 2023 to 2026 plan",
        "New plan 2026 to 2029",
        "Annual refresh 1 of the 2026 to 2029 plan",
    ]


@pytest.mark.parametrize("frequency", [Frequency.EVENT, Frequency.CONTINUOUS, Frequency.ON_REQUEST])
def test_unscheduled_duties_have_no_generated_occurrences(frequency):
    assert periods_for(frequency, date(2020, 1, 1), date(2030, 1, 1)) == []


def _register(two_tier: bool):
    partnership = create_partnership()
    partnership.two_tier = two_tier
    for code in ("WCC-CSAFE", "MPS", "WCC", "NPS", "MOPAC"):
        create_agency(partnership, code=f"{code}-{partnership.id}")
    seed_register(partnership)
    services.generate_occurrences(partnership, today=date(2026, 11, 25))
    added_again = services.generate_occurrences(partnership, today=date(2026, 11, 25))
    codes = list(_db.session.scalars(select(Duty.code).where(Duty.partnership_id == partnership.id)))
    d08 = _db.session.scalars(
        select(DutyOccurrence.due_on).join(Duty).where(Duty.partnership_id == partnership.id, Duty.code == "D08")
    ).all()
    return codes, added_again, d08


def test_generation_is_idempotent_and_d05_is_only_for_two_tier_areas(db):
    codes, added_again, d08 = db.run(_register, False)
    assert "D05" not in codes
    assert len(codes) == 17
    assert added_again == 0
    assert min(d08) >= date(2025, 10, 21)  # 400 days either side of the frozen date
    assert max(d08) <= date(2027, 12, 30)
    assert date(2026, 12, 31) in d08
    codes, _, _ = db.run(_register, True)
    assert "D05" in codes
