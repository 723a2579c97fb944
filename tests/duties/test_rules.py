"""Occurrences from each frequency rule, including quarter and year boundaries, and generation on a frozen date."""

from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dhr.duties import services
from dhr.duties.models import Duty, DutyOccurrence
from dhr.duties.rules import Period, annual, periods_for, quarterly, three_yearly
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


def _calendar_quarters(first_year: int, last_year: int) -> list[tuple[date, date, date]]:
    """Every calendar quarter from the table of quarter ends: (start, end, due at the end of the next quarter)."""
    ends = [(3, 31), (6, 30), (9, 30), (12, 31)]
    quarters = [(date(y, m - 2, 1), date(y, m, d)) for y in range(first_year, last_year + 1) for m, d in ends]
    return [(start, end, next_end) for (start, end), (_, next_end) in zip(quarters, quarters[1:], strict=False)]


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("day", [1, 15, 28])
@pytest.mark.parametrize("length", [0, 91, 200, 400])
def test_quarterly_gives_exactly_the_quarters_due_in_any_window(month, day, length):
    start = date(2026, month, day)
    end = start + timedelta(days=length)
    expected = [q for q in _calendar_quarters(2024, 2029) if start <= q[2] <= end]
    assert [(p.start, p.end, p.due_on) for p in quarterly(start, end)] == expected


def test_quarters_are_named_by_their_first_and_last_months():
    labels = [p.label for p in quarterly(date(2026, 6, 30), date(2027, 3, 31))]
    assert labels == [
        "January to March 2026",
        "April to June 2026",
        "July to September 2026",
        "October to December 2026",
    ]


def test_an_annual_period_runs_from_the_day_after_last_year_s_due_date():
    assert annual(date(2026, 1, 1), date(2026, 12, 31), 4, 1) == [
        Period(date(2025, 4, 2), date(2026, 4, 1), date(2026, 4, 1), "Year to 1 April 2026")
    ]
    assert [(p.start, p.due_on) for p in annual(date(2025, 6, 1), date(2028, 5, 31), 4, 1)] == [
        (date(2025, 4, 2), date(2026, 4, 1)),
        (date(2026, 4, 2), date(2027, 4, 1)),
        (date(2027, 4, 2), date(2028, 4, 1)),
    ]


@pytest.mark.parametrize(
    ("start", "end", "dues"),
    [
        (date(2026, 4, 1), date(2026, 4, 1), [date(2026, 4, 1)]),  # a window of the due day alone
        (date(2026, 4, 2), date(2027, 3, 31), []),  # the day after one due date to the day before the next
        (date(2025, 4, 1), date(2026, 4, 1), [date(2025, 4, 1), date(2026, 4, 1)]),
    ],
)
def test_annual_windows_include_both_ends(start, end, dues):
    assert [p.due_on for p in annual(start, end, 4, 1)] == dues


@pytest.mark.parametrize(
    ("year", "month", "day", "due"),
    [
        (2026, 9, 31, date(2026, 9, 30)),
        (2026, 6, 31, date(2026, 6, 30)),
        (2026, 2, 30, date(2026, 2, 28)),
        (2028, 2, 30, date(2028, 2, 29)),
        (2026, 12, 31, date(2026, 12, 31)),
        (2026, 1, 5, date(2026, 1, 5)),
    ],
)
def test_a_due_day_past_the_month_s_end_is_its_last_day(year, month, day, due):
    assert [p.due_on for p in annual(date(year, 1, 1), date(year, 12, 31), month, day)] == [due]


def test_a_three_year_plan_keeps_its_annual_period_and_counts_back_from_a_later_anchor():
    periods = three_yearly(date(2026, 1, 1), date(2028, 12, 31), 3, 31, anchor_year=2029)
    assert periods[0] == Period(date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31), "New plan 2026 to 2029")
    assert [p.label for p in periods[1:]] == [
        "Annual refresh 1 of the 2026 to 2029 plan",
        "Annual refresh 2 of the 2026 to 2029 plan",
    ]


def test_periods_for_picks_the_rule_and_defaults_to_1_april_and_the_2017_plan():
    start, end = date(2025, 6, 1), date(2027, 5, 31)
    assert periods_for(Frequency.QUARTERLY, start, end) == quarterly(start, end)
    assert periods_for(Frequency.ANNUAL, start, end) == annual(start, end, 4, 1)
    assert [p.due_on for p in periods_for(Frequency.ANNUAL, start, end)] == [date(2026, 4, 1), date(2027, 4, 1)]
    assert [p.label for p in periods_for(Frequency.THREE_YEARLY, start, end)] == [
        "New plan 2026 to 2029",
        "Annual refresh 1 of the 2026 to 2029 plan",
    ]
    assert periods_for(Frequency.THREE_YEARLY, start, end, due_month=9, due_day=30, anchor_year=2027) == three_yearly(
        start, end, 9, 30, 2027
    )
    assert periods_for(Frequency.ANNUAL, start, end, due_month=9, due_day=30) == annual(start, end, 9, 30)


def test_periods_are_immutable_and_the_due_month_and_day_are_keyword_only():
    period = quarterly(date(2026, 6, 30), date(2026, 6, 30))[0]
    with pytest.raises(FrozenInstanceError):
        period.due_on = date(2026, 7, 1)
    with pytest.raises(TypeError):
        periods_for(Frequency.ANNUAL, date(2026, 1, 1), date(2026, 12, 31), 9, 30)  # which is the month?


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
