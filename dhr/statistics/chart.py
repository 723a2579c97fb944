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
    return BarChart(title, bars, height=max(row, len(bars) * row))
