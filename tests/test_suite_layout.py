"""The suite's own layout: every browser journey is marked, so it runs in the browser leg and never in the
database legs (where the dated runs move the clock under Chromium)."""

from pathlib import Path

E2E = Path(__file__).parent / "e2e"


def test_every_browser_journey_is_marked_browser():
    unmarked = [
        path.name
        for path in sorted(E2E.glob("test_*.py"))
        if "pytestmark = pytest.mark.browser" not in path.read_text()
    ]
    assert not unmarked, f"add `pytestmark = pytest.mark.browser` to {unmarked}"
