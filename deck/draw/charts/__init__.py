"""Chart renderables, one module per kind (bar, share, timeline, stat) and what they share (`base`).

Other packages use `chart_renderable` (a chart's Rich renderable), `min_width` (the width below
which it degrades to a list; shared with `deck check --size`) and `format_number`.
"""

from __future__ import annotations

from rich.console import ConsoleRenderable

from deck.draw.charts.bar import BarChart
from deck.draw.charts.base import ChartBase, format_number
from deck.draw.charts.share import ShareChart
from deck.draw.charts.stat import StatChart
from deck.draw.charts.timeline import TimelineChart
from deck.format.model import Chart

__all__ = [
    "BarChart",
    "ShareChart",
    "StatChart",
    "TimelineChart",
    "chart_renderable",
    "format_number",
    "min_width",
]



_KINDS: dict[str, type[ChartBase]] = {
    "bar": BarChart,
    "share": ShareChart,
    "timeline": TimelineChart,
    "stat": StatChart,
}


def chart_renderable(chart: Chart, *, lang: str, accent: str = "cyan", ascii_only: bool = False) -> ConsoleRenderable:
    """The renderable for `chart` in language `lang`, coloured with `accent`."""
    return _KINDS[chart.kind](chart, lang=lang, accent=accent, ascii_only=ascii_only)


def min_width(chart: Chart, lang: str) -> int:
    """Cells below which `chart` cannot be drawn as a chart (it then shows a plain list)."""
    renderable = _KINDS[chart.kind](chart, lang=lang)
    return max(renderable.minimum(False), renderable.minimum(True))
