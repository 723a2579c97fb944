"""Counts agree with their nouns everywhere: one helper, and no template that writes a bare count before a plural."""

import re
from datetime import date
from pathlib import Path

from dhr.core.wording import counted, counted_plural, plural
from dhr.terms.scope import scope_period

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# A count from `| length` followed by a plural noun: "{{ rows | length }} rows" says "1 rows".
BARE_COUNT = re.compile(r"\|\s*length\s*\}\}\s+[a-z]+s\b")


def test_counts_agree_with_their_nouns():
    assert [counted(n, "person") for n in (0, 1, 2)] == ["0 people", "1 person", "2 people"]
    assert [counted(n, "day") for n in (1, 12)] == ["1 day", "12 days"]
    assert counted(1, "open session") == "1 open session"
    assert counted(3, "agency") == "3 agencies"
    assert counted(1200, "entry") == "1,200 entries"
    assert plural("match", 2) == "matches"
    assert [counted_plural(n, "partnerships") for n in (0, 1)] == ["0 partnerships", "1 partnership"]
    assert counted_plural(1, "agency requests") == "1 agency request"
    assert counted_plural(1, "family logs") == "1 family log"
    assert counted_plural(1, "duties") == "1 duty"


def test_no_template_writes_a_bare_count_before_a_plural():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in BARE_COUNT.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_scope_period_says_what_is_missing():
    start, end = date(2023, 3, 1), date(2026, 11, 26)
    assert scope_period(start, end) == "1 March 2023 to 26 November 2026"
    assert scope_period(None, end) == "Up to 26 November 2026 (start date not set)"
    assert scope_period(start, None) == "From 1 March 2023 (end date not set)"
    assert scope_period(None, None) == "Not set"
