"""Sparkline: a trend in one line of block heights (``▁▂▅█``, 7-bit ``_.-~^``).

`sparkline(values, width)` is the drawing alone, for any place that has one line of cells (a table
cell, a column); `SparklineChart` is the chart kind: per series one line, ``name ▁▂▅█ last``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from deck.draw.charts.base import ChartBase, fit_label
from deck.draw.text import safe_text

LEVELS = "▁▂▃▄▅▆▇█"
ASCII_LEVELS = "_.-~^"
SPARK_MIN = 4  # cells of trend below which a sparkline drops its name and figure
LABEL_MIN = 4


def sparkline(values: Sequence[float], width: int, ascii_only: bool = False) -> str:
    """`values` as at most `width` cells: one cell per value, or the mean of each run of values
    when there are more values than cells (time and memory linear in `len(values)`)."""
    if width <= 0 or not values:
        return ""
    cells = _buckets(values, width)
    levels = ASCII_LEVELS if ascii_only else LEVELS
    low, high = min(cells), max(cells)
    if high == low:  # equal values: a flat line at mid height
        return levels[(len(levels) - 1) // 2] * len(cells)
    top = len(levels) - 1
    return "".join(levels[round((v - low) / (high - low) * top)] for v in cells)


def _buckets(values: Sequence[float], width: int) -> list[float]:
    """`values`, or the means of `width` nearly equal runs of them."""
    count = len(values)
    if count <= width:
        return list(values)
    out = []
    for cell in range(width):
        run = values[cell * count // width:(cell + 1) * count // width]
        out.append(sum(run) / len(run))
    return out


class SparklineChart(ChartBase):
    """One line per series: its name (the chart's title for a single series), the trend, and the
    last figure. Narrower than that, the name and then the figure give way: the trend stays."""

    def _lines(self, ascii_only: bool) -> list[tuple[str, list[float], str]]:
        """(name, values, last figure) per series."""
        data = self.chart.data
        mark = self.mark_range(self.marks(ascii_only))
        if not self.chart.series:
            name = self.text(self.chart.title).strip()
            last = self.value_text(data[-1]) if data else ""
            return [(name, [self.series_values(d)[0] for d in data], last + mark)]
        out = []
        for s, name in enumerate(self.series_names()):
            values = [self.series_values(d)[s] for d in data]
            last = self.number_text(values[-1], data[-1].unit) if values else ""
            out.append((name, values, last + mark))
        return out

    def lines(self, width: int, ascii_only: bool) -> list[Text]:
        """The chart's lines; a single series carries the title on its own line, not above."""
        if self.chart.series:
            return super().lines(width, ascii_only)
        return self.body(width, ascii_only)

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        rows = self._lines(ascii_only)
        widest = max((cell_len(name) for name, _, _ in rows), default=0)
        texts = max((cell_len(last) for _, _, last in rows), default=0)
        count = max((len(values) for _, values, _ in rows), default=0)
        show_text = texts and width >= min(count, SPARK_MIN) + 1 + texts
        rest = width - (texts + 1 if show_text else 0)
        label_w = 0
        if widest and rest >= min(widest, LABEL_MIN) + 1 + min(count, SPARK_MIN):
            label_w = min(widest, max(LABEL_MIN, rest // 3), rest - 1 - min(count, SPARK_MIN))
        # The trend takes a cell per value up to the room there is; figures line up after it.
        spark_w = max(1, min(count, rest - (label_w + 1 if label_w else 0)))
        out: list[Text] = []
        for name, values, last in rows:
            line = Text(end="")
            if label_w:
                line.append_text(safe_text(fit_label(name, label_w, self.ellipsis(ascii_only)) + " "))
            trend = sparkline(values, spark_w, ascii_only)
            line.append(trend, self.accent)
            if show_text:
                line.append(" " * (spark_w - cell_len(trend) + 1))
                line.append_text(safe_text(last, "bold"))
            out.append(line)
        return out

    def minimum(self, ascii_only: bool) -> int:
        return 1  # the trend alone fits any width; it never becomes a list

    def natural(self, ascii_only: bool) -> int:
        rows = self._lines(ascii_only)
        widest = max((cell_len(name) for name, _, _ in rows), default=0)
        texts = max((cell_len(last) for _, _, last in rows), default=0)
        count = max((len(values) for _, values, _ in rows), default=0)
        return (widest + 1 if widest else 0) + count + (texts + 1 if texts else 0)
