"""Chart renderables, one module per kind (bar, share, timeline, stat, line, sparkline) and what
they share (`base`).

Other packages use `chart_renderable` (a chart's Rich renderable, with source marks numbered from
`first_mark` when asked), `min_width` (the width below which it degrades to a list; shared with
`deck check --size`), `format_number` and `sparkline` (a trend in one line of cells, for any block).
"""

from __future__ import annotations

from rich.console import ConsoleRenderable

from deck.draw.charts.bar import BarChart
from deck.draw.charts.base import ChartBase, format_number
from deck.draw.charts.line import LineChart
from deck.draw.charts.share import ShareChart
from deck.draw.charts.sparkline import SparklineChart, sparkline
from deck.draw.charts.stat import StatChart
from deck.draw.charts.timeline import TimelineChart
from deck.format.model import Chart

__all__ = [
    "BarChart",
    "LineChart",
    "ShareChart",
    "SparklineChart",
    "StatChart",
    "TimelineChart",
    "chart_renderable",
    "format_number",
    "min_width",
    "source_entries",
    "sourced",
    "sparkline",
]

_KINDS: dict[str, type[ChartBase]] = {
    "bar": BarChart,
    "share": ShareChart,
    "timeline": TimelineChart,
    "stat": StatChart,
    "line": LineChart,
    "sparkline": SparklineChart,
}


def chart_renderable(chart: Chart, *, lang: str, accent: str = "cyan", ascii_only: bool = False,
                     first_mark: int | None = None, inline: bool = True) -> ConsoleRenderable:
    """The renderable for `chart` in language `lang`, coloured with `accent`; with `first_mark`,
    each datum that quotes a source carries its number (from `first_mark` on) as a mark; its
    texts read without inline markers unless `inline` is False (a deck's `inline: plain`)."""
    return _KINDS[chart.kind](chart, lang=lang, accent=accent, ascii_only=ascii_only, first_mark=first_mark,
                              inline=inline)


def source_entries(chart: Chart, *, lang: str, first_mark: int, ascii_only: bool = False,
                   inline: bool = True) -> list[tuple[str, str, str]]:
    """(mark, what the figure is, verbatim quote) for each datum of `chart` that quotes a source,
    numbered from `first_mark` as `chart_renderable` marks them."""
    return _KINDS[chart.kind](chart, lang=lang, first_mark=first_mark, inline=inline).source_entries(ascii_only)


def sourced(chart: Chart) -> int:
    """How many of the chart's figures quote a source (and so take a mark)."""
    return sum(datum.source is not None for datum in chart.data)


def min_width(chart: Chart, lang: str, inline: bool = True) -> int:
    """Cells below which `chart` cannot be drawn as a chart (it then shows a plain list)."""
    renderable = _KINDS[chart.kind](chart, lang=lang, inline=inline)
    return max(renderable.minimum(False), renderable.minimum(True))
