"""A horizontal bar chart as server-rendered SVG: no script, no external service, text alternative alongside."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One labelled bar."""

    label: str
    value: int
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    """Geometry for templates/statistics/_bar-chart.html."""

    title: str
    bars: list[Bar]
    height: int
    label_width: int = 230
    plot_width: int = 400
    row: int = 28


def bar_chart(title: str, data: list[tuple[str, int]]) -> BarChart:
    """Lay out bars proportional to the largest value."""
    largest = max((value for _, value in data), default=0) or 1
    row = 28
    bars = [Bar(label, value, index * row, 400 * value / largest) for index, (label, value) in enumerate(data)]
    longest = max((len(label) for label, _ in data), default=0)
    return BarChart(title, bars, height=max(row, len(bars) * row), label_width=label_room(longest))


# Arial at the chart's 14px averages under 7px a character; 8 leaves room for a label of capitals and wide letters.
PIXELS_A_CHARACTER = 8


def label_room(characters: int) -> int:
    """The width the labels need, so that the longest is not cut off at the chart's left edge."""
    return max(120, characters * PIXELS_A_CHARACTER + 16)
