"""Clock arithmetic: calendar months, leap years, pauses extending the completion clock, and every state."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from dhr.clocks.engine import (
    Clock,
    PauseInterval,
    ReviewFacts,
    add_months,
    add_offset,
    apply_rule,
    compute_clocks,
    describe_days,
    next_clock,
)
from dhr.clocks.rules import DEFAULT_RULES, VPA_2024_S19, ClockEvent, ClockState, OffsetUnit, RuleBasis
from dhr.partnerships.models import GuidanceVersion

E = ClockEvent
RULES = {rule.key: rule for rule in DEFAULT_RULES[GuidanceVersion.SG2016]}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # 31 January + 1 month = end of February
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # six months across a year end
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # and into a leap February
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 11, 30), 1, date(2026, 12, 30)),  # into December, still the same year
        (date(2026, 1, 31), 23, date(2027, 12, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # from a leap day
        (date(2026, 7, 15), 6, date(2027, 1, 15)),
    ],
)
def test_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def _facts(events, commissioned=True, pauses=()):
    as_tuples = {event: value if isinstance(value, tuple) else (value,) for event, value in events.items()}
    return ReviewFacts(events=as_tuples, commissioned=commissioned, pauses=tuple(pauses))


def test_decision_clock_running_then_overdue():
    facts = _facts({E.NOTIFIED: date(2026, 1, 31)})
    running = apply_rule(RULES["decision"], facts, today=date(2026, 2, 20))
    assert (running.due, running.state, running.days) == (date(2026, 2, 28), ClockState.RUNNING, 8)
    due_today = apply_rule(RULES["decision"], facts, today=date(2026, 2, 28))
    assert (due_today.state, due_today.days) == (ClockState.RUNNING, 0)
    overdue = apply_rule(RULES["decision"], facts, today=date(2026, 3, 3))
    assert (overdue.state, overdue.days) == (ClockState.OVERDUE, -3)


def test_met_on_time_and_met_late():
    on_time = apply_rule(
        RULES["decision"], _facts({E.NOTIFIED: date(2026, 1, 31), E.DECIDED: date(2026, 2, 28)}), today=date(2026, 6, 1)
    )
    assert (on_time.state, on_time.days, on_time.met_on) == (ClockState.MET_ON_TIME, 0, date(2026, 2, 28))
    late = apply_rule(
        RULES["decision"], _facts({E.NOTIFIED: date(2026, 1, 31), E.DECIDED: date(2026, 3, 10)}), today=date(2026, 6, 1)
    )
    assert (late.state, late.days) == (ClockState.MET_LATE, -10)


def test_completion_is_six_months_after_the_decision_and_only_when_commissioned():
    events = {E.NOTIFIED: date(2026, 1, 5), E.DECIDED: date(2026, 2, 1)}
    clock = apply_rule(RULES["completion"], _facts(events), today=date(2026, 3, 1))
    assert clock.due == date(2026, 8, 1)
    assert apply_rule(RULES["completion"], _facts(events, commissioned=False), today=date(2026, 3, 1)) is None


def test_a_closed_pause_extends_the_completion_clock_by_its_days():
    events = {E.NOTIFIED: date(2026, 1, 5), E.DECIDED: date(2026, 2, 1)}
    pause = PauseInterval(date(2026, 3, 1), date(2026, 4, 10), "criminal_trial")  # 40 days
    clock = apply_rule(RULES["completion"], _facts(events, pauses=[pause]), today=date(2026, 5, 1))
    assert clock.extended_by == 40
    assert clock.due == date(2026, 9, 10)
    assert clock.state is ClockState.RUNNING


def test_an_open_pause_shows_paused_and_keeps_extending():
    events = {E.NOTIFIED: date(2026, 1, 5), E.DECIDED: date(2026, 2, 1)}
    pause = PauseInterval(date(2026, 7, 1), None, "inquest")
    day_10 = apply_rule(RULES["completion"], _facts(events, pauses=[pause]), today=date(2026, 7, 11))
    day_60 = apply_rule(RULES["completion"], _facts(events, pauses=[pause]), today=date(2026, 8, 30))
    assert day_10.state is ClockState.PAUSED
    assert day_60.state is ClockState.PAUSED
    assert (day_10.extended_by, day_60.extended_by) == (10, 60)
    assert day_60.due == date(2026, 9, 30)  # 1 August + 60 paused days


def test_pauses_do_not_extend_the_decision_clock():
    events = {E.NOTIFIED: date(2026, 1, 31)}
    pause = PauseInterval(date(2026, 2, 5), None, "inquest")
    clock = apply_rule(RULES["decision"], _facts(events, pauses=[pause]), today=date(2026, 3, 5))
    assert (clock.due, clock.state, clock.extended_by) == (date(2026, 2, 28), ClockState.OVERDUE, 0)


def test_pause_then_resume_then_met():
    events = {E.NOTIFIED: date(2025, 12, 1), E.DECIDED: date(2026, 1, 1), E.SIGNED_OFF: date(2026, 8, 15)}
    pauses = [
        PauseInterval(date(2026, 2, 1), date(2026, 3, 3), "criminal_trial"),
        PauseInterval(date(2026, 5, 1), date(2026, 5, 11), "awaiting_agency"),
    ]
    clock = apply_rule(RULES["completion"], _facts(events, pauses=pauses), today=date(2026, 9, 1))
    assert clock.extended_by == 40
    assert clock.due == date(2026, 8, 10)
    assert (clock.state, clock.days) == (ClockState.MET_LATE, -5)


def test_later_clocks_wait_for_their_trigger():
    clocks = compute_clocks(
        DEFAULT_RULES[GuidanceVersion.SG2016], _facts({E.NOTIFIED: date(2026, 1, 1)}), date(2026, 1, 10)
    )
    states = {c.key: c.state for c in clocks}
    assert states["decision"] is ClockState.RUNNING
    assert states["commissioner_copy"] is ClockState.NOT_STARTED
    assert all(c.due is None for c in clocks if c.state is ClockState.NOT_STARTED)


def test_the_secretary_of_state_copy_waits_for_section_19_not_for_a_guidance_version():
    for guidance in GuidanceVersion:
        assert "secretary_of_state_copy" in {r.key for r in DEFAULT_RULES[guidance]}
    rule = RULES["secretary_of_state_copy"]
    signed_off = _facts({E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 1, 20), E.SIGNED_OFF: date(2026, 7, 1)})
    assert apply_rule(rule, signed_off, today=date(2026, 7, 5)) is None  # not in force
    in_force = lambda on: ReviewFacts(  # noqa: E731
        events=signed_off.events, commissioned=True, commencements={VPA_2024_S19: on}
    )
    running = apply_rule(rule, in_force(date(2026, 4, 1)), today=date(2026, 7, 5))
    assert (running.state, running.due) == (ClockState.RUNNING, date(2026, 7, 15))
    # A report signed off before the section came into force owes the Secretary of State nothing.
    assert apply_rule(rule, in_force(date(2026, 8, 1)), today=date(2026, 8, 5)) is None


def test_every_rule_says_where_its_timescale_comes_from():
    for guidance in GuidanceVersion:
        for rule in DEFAULT_RULES[guidance]:
            assert rule.source, rule.key
            assert rule.note, rule.key
            if rule.basis.statutory:
                assert rule.source.startswith(("SG2016", "Domestic Violence", "Victims and Prisoners")), rule.key
    # "As soon as reasonably practicable" sets no number of days: both copies are local targets.
    assert RULES["commissioner_copy"].basis is RuleBasis.LOCAL
    assert "s9(3B)–(3C)" in RULES["commissioner_copy"].source
    assert RULES["secretary_of_state_copy"].basis is RuleBasis.LOCAL
    assert (RULES["decision"].basis, RULES["completion"].basis) == (RuleBasis.GUIDANCE, RuleBasis.GUIDANCE)
    clock = apply_rule(RULES["decision"], _facts({E.NOTIFIED: date(2026, 1, 1)}), today=date(2026, 1, 5))
    assert (clock.basis, clock.source) == (RuleBasis.GUIDANCE, RULES["decision"].source)


def test_telling_the_home_office_of_a_delay_is_a_step_only_when_six_months_are_overrun():
    rule = RULES["home_office_delay"]
    decided = {E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 1, 20)}
    running = apply_rule(rule, _facts(decided), today=date(2026, 6, 1))
    assert (running.state, running.due) == (ClockState.RUNNING, date(2026, 7, 20))
    # Signed off within the six months: never needed.
    assert apply_rule(rule, _facts({**decided, E.SIGNED_OFF: date(2026, 7, 20)}), today=date(2026, 8, 1)) is None
    # A pause does not move it: the guidance counts six months from the decision.
    paused = _facts(decided, pauses=[PauseInterval(date(2026, 3, 1), None, "criminal_proceedings")])
    assert apply_rule(rule, paused, today=date(2026, 7, 21)).state is ClockState.OVERDUE
    told = apply_rule(rule, _facts({**decided, E.HOME_OFFICE_TOLD_OF_DELAY: date(2026, 6, 30)}), date(2026, 9, 1))
    assert told.state is ClockState.MET_ON_TIME
    missed = apply_rule(rule, _facts({**decided, E.SIGNED_OFF: date(2026, 9, 1)}), today=date(2026, 9, 2))
    assert (missed.state, missed.is_open) == (ClockState.MISSED, False)
    assert describe_days(missed) == "Overtaken before it was met"


def test_withdrawn_reviews_have_no_open_clocks():
    facts = ReviewFacts(events={E.NOTIFIED: (date(2026, 1, 1),)}, commissioned=False, withdrawn=True)
    assert compute_clocks(DEFAULT_RULES[GuidanceVersion.SG2016], facts, date(2026, 6, 1)) == []


def test_next_clock_is_the_most_overdue_then_the_soonest():
    events = {E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 1, 20)}
    clocks = compute_clocks(DEFAULT_RULES[GuidanceVersion.SG2016], _facts(events), date(2026, 3, 1))
    assert next_clock(clocks).key == "home_office_decision"  # due 27 Jan: 33 days overdue


@pytest.mark.parametrize(
    ("events", "today", "text"),
    [
        ({E.NOTIFIED: date(2026, 1, 1)}, date(2026, 1, 31), "1 day left"),
        ({E.NOTIFIED: date(2026, 1, 1)}, date(2026, 2, 1), "Due today"),
        ({E.NOTIFIED: date(2026, 1, 1)}, date(2026, 2, 3), "2 days overdue"),
        ({E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 1, 20)}, date(2026, 3, 1), "Met 12 days early"),
        ({E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 1, 31)}, date(2026, 3, 1), "Met 1 day early"),
        ({E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 2, 1)}, date(2026, 3, 1), "Met on the due date"),
        ({E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 2, 2)}, date(2026, 3, 1), "Met 1 day late"),
        ({E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 2, 3)}, date(2026, 3, 1), "Met 2 days late"),
        ({E.NOTIFIED: date(2026, 1, 1)}, date(2026, 2, 2), "1 day overdue"),
        ({}, date(2026, 3, 1), ""),  # not started
    ],
)
def test_describe_days(events, today, text):
    assert describe_days(apply_rule(RULES["decision"], _facts(events), today)) == text


def test_a_clock_overdue_before_a_pause_stays_overdue():
    events = {E.NOTIFIED: date(2025, 1, 1), E.DECIDED: date(2025, 2, 1)}  # completion due 1 August 2025
    pause = PauseInterval(date(2025, 9, 1), None, "inquest")
    clock = apply_rule(RULES["completion"], _facts(events, pauses=[pause]), today=date(2025, 10, 1))
    assert clock.state is ClockState.OVERDUE
    assert clock.days == -31  # 31 days overdue when paused; pausing stops it getting worse, not the lateness


def test_an_event_before_the_clock_started_does_not_meet_it():
    events = {
        E.NOTIFIED: date(2026, 1, 1),
        E.DECIDED: date(2026, 1, 20),
        E.SIGNED_OFF: date(2026, 6, 1),
        E.COMMISSIONER_COPY_SENT: (date(2026, 3, 1), date(2026, 6, 20)),
    }
    clock = apply_rule(RULES["commissioner_copy"], _facts(events), today=date(2026, 7, 1))
    assert (clock.met_on, clock.state) == (date(2026, 6, 20), ClockState.MET_LATE)
    early_only = {**events, E.COMMISSIONER_COPY_SENT: (date(2026, 3, 1),)}
    waiting = apply_rule(RULES["commissioner_copy"], _facts(early_only), today=date(2026, 6, 10))
    assert (waiting.met_on, waiting.state) == (None, ClockState.RUNNING)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (1, OffsetUnit.DAYS, date(2026, 3, 2)),
        (7, OffsetUnit.DAYS, date(2026, 3, 8)),
        (1, OffsetUnit.WEEKS, date(2026, 3, 8)),
        (6, OffsetUnit.WEEKS, date(2026, 4, 12)),
        (1, OffsetUnit.MONTHS, date(2026, 4, 1)),
    ],
)
def test_offsets_in_days_weeks_and_months(amount, unit, expected):
    assert add_offset(date(2026, 3, 1), amount, unit) == expected


def test_weeks_based_clocks_run_whole_weeks():
    qa = apply_rule(RULES["qa_letter"], _facts({E.SUBMITTED: date(2026, 3, 2)}), today=date(2026, 3, 10))
    assert (qa.due, qa.state, qa.days) == (date(2026, 4, 13), ClockState.RUNNING, 34)  # six weeks: 42 days
    publication = apply_rule(RULES["publication"], _facts({E.APPROVED: date(2026, 5, 1)}), today=date(2026, 5, 10))
    assert (publication.due, publication.days) == (date(2026, 5, 29), 19)  # four weeks: 28 days


def test_a_pause_counts_only_from_the_clock_s_start():
    events = {E.NOTIFIED: date(2026, 1, 5), E.DECIDED: date(2026, 2, 1)}  # completion due 1 August
    before = PauseInterval(date(2026, 1, 10), date(2026, 1, 20), "criminal_trial")  # over before the clock started
    across = PauseInterval(date(2026, 1, 25), date(2026, 2, 11), "inquest")  # 10 of its days after the start
    only_before = apply_rule(RULES["completion"], _facts(events, pauses=[before]), today=date(2026, 3, 1))
    assert (only_before.extended_by, only_before.due) == (0, date(2026, 8, 1))
    both = apply_rule(RULES["completion"], _facts(events, pauses=[before, across]), today=date(2026, 3, 1))
    assert (both.extended_by, both.due) == (10, date(2026, 8, 11))


def test_an_event_on_the_clock_s_start_day_meets_it():
    facts = _facts({E.NOTIFIED: date(2026, 3, 2), E.DECIDED: date(2026, 3, 2)})
    clock = apply_rule(RULES["decision"], facts, today=date(2026, 3, 20))
    assert (clock.state, clock.met_on, clock.days) == (ClockState.MET_ON_TIME, date(2026, 3, 2), 31)


def test_pauses_after_the_clock_was_met_do_not_extend_it():
    events = {E.NOTIFIED: date(2026, 1, 5), E.DECIDED: date(2026, 2, 1), E.SIGNED_OFF: date(2026, 7, 1)}
    across = PauseInterval(date(2026, 6, 21), date(2026, 7, 11), "inquest")  # 10 of its days before the sign-off
    after = PauseInterval(date(2026, 7, 20), None, "criminal_trial")
    clock = apply_rule(RULES["completion"], _facts(events, pauses=[across, after]), today=date(2026, 9, 1))
    label = RULES["completion"].label
    met, due = date(2026, 7, 1), date(2026, 8, 11)  # 1 August + 10 days
    assert clock == Clock("completion", label, ClockState.MET_ON_TIME, due, 41, met, E.SIGNED_OFF, date(2026, 2, 1), 10)


def test_the_last_pause_says_whether_the_review_is_paused_now():
    closed = PauseInterval(date(2026, 3, 1), date(2026, 3, 11), "criminal_trial")
    still_open = PauseInterval(date(2026, 4, 1), None, "inquest")
    resumed = PauseInterval(date(2026, 4, 1), date(2026, 4, 5), "inquest")
    assert ReviewFacts(events={}, commissioned=True, pauses=(closed, still_open)).paused_now
    assert not ReviewFacts(events={}, commissioned=True, pauses=(closed, resumed)).paused_now
    assert not ReviewFacts(events={}, commissioned=True).paused_now
    events = {E.NOTIFIED: date(2026, 1, 5), E.DECIDED: date(2026, 2, 1)}
    clock = apply_rule(RULES["completion"], _facts(events, pauses=[closed, still_open]), today=date(2026, 4, 11))
    assert (clock.state, clock.extended_by, clock.due) == (ClockState.PAUSED, 20, date(2026, 8, 21))


def test_first_is_the_earliest_date_optionally_not_before_a_given_day():
    facts = _facts({E.DECIDED: (date(2026, 3, 1), date(2026, 1, 1), date(2026, 2, 1))})
    assert facts.first(E.DECIDED) == date(2026, 1, 1)
    assert facts.first(E.DECIDED, on_or_after=date(2026, 1, 15)) == date(2026, 2, 1)
    assert facts.first(E.DECIDED, on_or_after=date(2026, 2, 1)) == date(2026, 2, 1)
    assert facts.first(E.DECIDED, on_or_after=date(2026, 3, 2)) is None
    assert facts.first(E.SIGNED_OFF) is None


def test_a_clock_not_started_has_no_dates_and_is_not_open():
    clock = apply_rule(RULES["completion"], _facts({E.NOTIFIED: date(2026, 1, 5)}), today=date(2026, 1, 10))
    label = RULES["completion"].label
    assert clock == Clock("completion", label, ClockState.NOT_STARTED, None, None, None, E.SIGNED_OFF, None, 0)
    assert not clock.is_open


def test_clocks_for_every_review_run_before_it_is_commissioned():
    facts = _facts({E.NOTIFIED: date(2026, 1, 31)}, commissioned=False)
    clock = apply_rule(RULES["decision"], facts, today=date(2026, 2, 1))
    assert (clock.due, clock.state, clock.days) == (date(2026, 2, 28), ClockState.RUNNING, 27)


def test_a_clock_pauses_do_not_extend_keeps_running_while_the_review_is_paused():
    pause = PauseInterval(date(2026, 2, 5), None, "inquest")
    clock = apply_rule(RULES["decision"], _facts({E.NOTIFIED: date(2026, 1, 31)}, pauses=[pause]), date(2026, 2, 10))
    assert (clock.due, clock.state, clock.days, clock.extended_by) == (date(2026, 2, 28), ClockState.RUNNING, 18, 0)


def test_next_clock_skips_met_and_not_started_clocks():
    events = {E.NOTIFIED: date(2026, 1, 1), E.DECIDED: date(2026, 4, 1)}  # the decision was met 59 days late
    clocks = compute_clocks(DEFAULT_RULES[GuidanceVersion.SG2016], _facts(events), date(2026, 4, 3))
    assert {c.key: c.days for c in clocks if c.state is ClockState.MET_LATE} == {"decision": -59}
    assert next_clock(clocks).key == "home_office_decision"  # due 8 April: 5 days left
    assert next_clock([c for c in clocks if not c.is_open]) is None


def test_pauses_facts_and_clocks_are_immutable_values():
    pause = PauseInterval(date(2026, 3, 1), None, "inquest")
    facts = _facts({E.NOTIFIED: date(2026, 1, 31)}, pauses=[pause])
    clock = apply_rule(RULES["decision"], facts, today=date(2026, 2, 1))
    for value, name in ((pause, "end"), (facts, "withdrawn"), (clock, "state")):
        with pytest.raises(FrozenInstanceError):
            setattr(value, name, None)


def test_a_clock_overtaken_late_stays_overtaken_when_the_review_is_paused_after():
    """Paused time counts only up to what ended the clock, so a later pause neither moves nor hides it."""
    rule = RULES["publication"]
    facts = _facts(
        {E.APPROVED: date(2026, 1, 5), E.PUBLICATION_WITHHELD: date(2026, 3, 1)},
        pauses=[PauseInterval(date(2026, 3, 10), None, "other")],
    )
    first, later = (apply_rule(rule, facts, today) for today in (date(2026, 3, 12), date(2026, 6, 1)))
    assert first == later
    assert (first.state, first.due, first.extended_by) == (ClockState.MISSED, date(2026, 2, 2), 0)
